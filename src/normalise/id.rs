//! Entry ids: RFC 4151 tag URIs minted from the configured authority and date and the item's
//! file stem, or an id pinned in front matter.
//!
//! The stem is the only input from the item, so editing the title, body, tags or date never
//! changes an id. Renaming the file would; `communique ids --pin` writes the current id into the
//! front matter first (see ARCHITECTURE.md).

use crate::config::IdScheme;

/// `tag:{authority},{date}:{prefix}/{stem}`, with anything outside RFC 3986's unreserved set
/// percent-encoded, so the id is ASCII (the W3C validator rejects non-ASCII tags).
pub fn tag_uri(scheme: &IdScheme, stem: &str) -> String {
    let mut id = scheme.base();
    id.push('/');
    for b in stem.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            id.push(b as char);
        } else {
            id.push_str(&format!("%{b:02X}"));
        }
    }
    id
}

/// Checks an id written in front matter: an absolute IRI (`tag:…`, `urn:uuid:…`, `https://…`)
/// with no white space, as Atom requires.
pub(crate) fn check_pinned(id: &str) -> Result<(), String> {
    let scheme_ok = id.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if !scheme_ok {
        return Err(format!(
            "id `{id}` is not an absolute IRI: use a tag URI (tag:example.org,2022:statements/…) \
             or urn:uuid:…"
        ));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("id `{id}` must not contain white space"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> IdScheme {
        IdScheme {
            authority: "example.org".into(),
            date: "2022".into(),
            prefix: "statements".into(),
        }
    }

    #[test]
    fn ascii_tag_uris() {
        assert_eq!(
            tag_uri(&scheme(), "2022-01-08-kazakhstan"),
            "tag:example.org,2022:statements/2022-01-08-kazakhstan"
        );
        assert_eq!(
            tag_uri(&scheme(), "cazaquistão x"),
            "tag:example.org,2022:statements/cazaquist%C3%A3o%20x"
        );
    }

    #[test]
    fn pinned_ids() {
        assert!(check_pinned("tag:example.org,2021:x").is_ok());
        assert!(check_pinned("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427").is_ok());
        assert!(check_pinned("my-statement").is_err());
        assert!(check_pinned("tag:a b").is_err());
        assert!(check_pinned("1x:y").is_err());
    }
}
