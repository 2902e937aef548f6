//! Languages: checking BCP 47 tags written by people, and detecting the language of a text.
//!
//! Detection is whatlang's; it answers in ISO 639-3 (`por`), which isolang maps to the ISO 639-1
//! code feeds use (`pt`).

/// The longest text handed to the detector: more adds time, not accuracy.
const DETECT_CHARS: usize = 4000;

/// Normalises a language tag written by a person (`pt_br`, `PT-BR`) to BCP 47 case conventions
/// (`pt-BR`), or `None` if it is not shaped like one.
pub fn normalise_tag(tag: &str) -> Option<String> {
    let mut parts = tag.trim().split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        match part.len() {
            2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                out.push_str(&part.to_ascii_uppercase())
            }
            4 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                out.push_str(&part[..1].to_ascii_uppercase());
                out.push_str(&part[1..].to_ascii_lowercase());
            }
            _ => out.push_str(&part.to_ascii_lowercase()),
        }
    }
    Some(out)
}

/// A language guess.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    /// ISO 639-1 where one exists, else ISO 639-3.
    pub code: String,
    pub confidence: f64,
    pub reliable: bool,
}

/// Detects the language of `text`.
pub fn detect(text: &str) -> Option<Detected> {
    let sample = match text.char_indices().nth(DETECT_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let info = whatlang::detect(sample)?;
    let code3 = info.lang().code();
    let code = isolang::Language::from_639_3(code3)
        .and_then(|l| l.to_639_1())
        .unwrap_or(code3);
    Some(Detected {
        code: code.to_owned(),
        // Rounded so that JSON output does not depend on float noise.
        confidence: (info.confidence() * 100.0).round() / 100.0,
        reliable: info.is_reliable(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(normalise_tag("pt").as_deref(), Some("pt"));
        assert_eq!(normalise_tag("PT_br").as_deref(), Some("pt-BR"));
        assert_eq!(normalise_tag("sr-latn-RS").as_deref(), Some("sr-Latn-RS"));
        assert_eq!(normalise_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalise_tag("português"), None);
        assert_eq!(normalise_tag(""), None);
        assert_eq!(normalise_tag("en-"), None);
    }

    #[test]
    fn detects_common_languages() {
        let cases = [
            ("pt", "Estamos convencidos de que apenas os próprios trabalhadores do Cazaquistão têm o direito de decidir o destino do país."),
            ("en", "We are convinced that only the workers of Kazakhstan themselves have the right to decide the fate of the country."),
            ("ru", "Мы убеждены, что только сами трудящиеся Казахстана имеют право решать судьбу страны."),
            ("es", "Estamos convencidos de que solo los propios trabajadores de Kazajistán tienen derecho a decidir el destino del país."),
        ];
        for (want, text) in cases {
            let d = detect(text).unwrap();
            assert_eq!(d.code, want, "{text}");
        }
    }
}
