//! HTML pages: one per item (each entry's `alternate` link), `index.html`, the list of
//! statements with autodiscovery links for every feed, a page per language and tag feed
//! listing its statements (`list.html`), and the redirect pages left at an item page's old
//! addresses ([`redirect`]).
//!
//! Item pages travel: they carry JSON-LD (schema.org `NewsArticle`, see `json_ld`) and
//! OpenGraph tags, so that search engines and link previews show the statement, its date, its
//! signatories and its translations; the signature and the closing slogans are marked with the
//! classes `signature` and `slogan` (`mark_closing`).
//!
//! Rendered by minijinja with HTML auto-escaping; only the item's already-sanitised content and
//! the JSON-LD (escaped for a `<script>` element) are marked safe. The built-in templates can be
//! replaced by `item.html` / `index.html` / `list.html` in the configured templates folder
//! (loaded by the caller, so rendering stays free of I/O).

use std::borrow::Cow;

use memchr::memmem;
use minijinja::{context, Environment};
use serde::Serialize;

use super::RenderError;
use crate::model::{Item, Translation, UrlText};
use crate::types::dates::rfc3339;

pub const ITEM_TEMPLATE: &str = include_str!("templates/item.html");
pub const INDEX_TEMPLATE: &str = include_str!("templates/index.html");
pub const LIST_TEMPLATE: &str = include_str!("templates/list.html");
/// The pages' stylesheet, written once as `style.css` (the plan's `Kind::Stylesheet`) and linked
/// from every page; templates still get it as `css`, for a user template that inlines it.
pub const STYLESHEET: &str = include_str!("templates/base.css");
const CSS: &str = STYLESHEET;

/// Template sources: the built-in ones or the user's.
#[derive(Clone, Debug)]
pub struct Templates {
    pub item: (String, String),
    pub index: (String, String),
    /// The page of a language or tag feed.
    pub list: (String, String),
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            item: ("item.html".to_owned(), ITEM_TEMPLATE.to_owned()),
            index: ("index.html".to_owned(), INDEX_TEMPLATE.to_owned()),
            list: ("list.html".to_owned(), LIST_TEMPLATE.to_owned()),
        }
    }
}

/// The URLs of one feed in every format, for autodiscovery and lists.
#[derive(Clone, Debug, Serialize)]
pub struct FeedLinks {
    pub title: String,
    pub lang: String,
    pub atom: String,
    pub rss: String,
    pub json: String,
    /// The feed's HTML page (language and tag feeds, when pages are made).
    pub page: Option<String>,
}

/// Site-wide values every page shows.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    pub dir: &'static str,
    pub home: String,
    pub feeds_opml: Option<String>,
    /// The URL of the stylesheet every page links to (`style.css`).
    pub stylesheet: Option<String>,
    /// The organisation that publishes the site (JSON-LD `publisher`).
    pub author: String,
}

/// A tag link on an item page.
#[derive(Clone, Debug, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
struct PageItem<'a> {
    title: &'a str,
    lang: &'a str,
    dir: &'static str,
    published: String,
    date: String,
    authors: &'a [String],
    summary: &'a str,
    content_html: &'a str,
    url: Option<&'a str>,
    source: Option<&'a str>,
    translations: Vec<PageTranslation<'a>>,
    tags: Vec<TagLink>,
    modified: String,
    /// OpenGraph's `og:locale` (`pt_BR`).
    locale: String,
    /// The lead image's URL (shown above the text, and `og:image`).
    image: Option<&'a str>,
    attachments: Vec<PageFile<'a>>,
    /// Who first published a republished statement (`source_name`), when the item says.
    source_name: Option<&'a str>,
}

/// An attachment as the page lists it.
#[derive(Serialize)]
struct PageFile<'a> {
    name: &'a str,
    url: &'a str,
    media_type: &'a str,
    /// The size for people: `2.4 MB`, `812 kB`, `96 bytes`.
    size: String,
}

/// A size in bytes as people read it (SI units, one decimal from MB up).
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} kB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

#[derive(Serialize)]
struct PageTranslation<'a> {
    lang: &'a str,
    url: &'a str,
    title: &'a str,
    locale: String,
}

/// A language tag as OpenGraph writes a locale: language and region joined by `_` (`pt-BR` →
/// `pt_BR`), a bare language as it is.
fn og_locale(lang: &str) -> String {
    lang.replace('-', "_")
}

fn page_item<'a>(item: &'a Item, tags: Vec<TagLink>) -> PageItem<'a> {
    let published = rfc3339(&item.published.value);
    PageItem {
        modified: rfc3339(&item.updated.value.max(item.published.value)),
        locale: og_locale(&item.lang.value),
        title: &item.title.value,
        lang: &item.lang.value,
        dir: direction(&item.lang.value),
        date: published[..10].to_owned(),
        published,
        authors: &item.authors.value,
        summary: &item.summary.value,
        // A withdrawn statement's page may keep its text under the notice.
        content_html: item.page_html.as_deref().unwrap_or(&item.content_html),
        url: item.url.as_ref().map(UrlText::as_str),
        source: item.source.as_ref().map(|s| s.value.as_str()),
        translations: item
            .translations
            .iter()
            .filter_map(|t| {
                Some(PageTranslation {
                    lang: &t.lang,
                    url: t.url.as_ref()?.as_str(),
                    title: &t.title,
                    locale: og_locale(&t.lang),
                })
            })
            .collect(),
        tags,
        image: item.image().map(|i| i.url.as_str()),
        attachments: item
            .files()
            .map(|a| PageFile {
                name: &a.name,
                url: a.url.as_str(),
                media_type: &a.media_type,
                size: human_size(a.size),
            })
            .collect(),
        source_name: item.source_name.as_ref().map(|n| n.value.as_str()),
    }
}

/// `rtl` for languages written right to left.
pub fn direction(lang: &str) -> &'static str {
    let primary = lang.split('-').next().unwrap_or(lang);
    match primary {
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" => "rtl",
        _ => "ltr",
    }
}

/// Page labels in a few languages; English otherwise. Templates can override them all.
fn labels(lang: &str) -> minijinja::Value {
    let primary = lang.split('-').next().unwrap_or(lang);
    let (skip, source, translations, feeds, statements) = match primary {
        "pt" => (
            "Ir para o conteúdo",
            "Fonte",
            "Traduções",
            "Feeds",
            "Declarações",
        ),
        "es" => (
            "Ir al contenido",
            "Fuente",
            "Traducciones",
            "Feeds",
            "Declaraciones",
        ),
        "fr" => (
            "Aller au contenu",
            "Source",
            "Traductions",
            "Flux",
            "Déclarations",
        ),
        "de" => (
            "Zum Inhalt",
            "Quelle",
            "Übersetzungen",
            "Feeds",
            "Erklärungen",
        ),
        "it" => (
            "Vai al contenuto",
            "Fonte",
            "Traduzioni",
            "Feed",
            "Dichiarazioni",
        ),
        "ru" => ("К содержанию", "Источник", "Переводы", "Ленты", "Заявления"),
        _ => (
            "Skip to content",
            "Source",
            "Translations",
            "Feeds",
            "Statements",
        ),
    };
    context! { skip, source, translations, feeds, statements }
}

/// The labels of an item's files and of where it was first published, in a few languages;
/// English otherwise.
fn file_labels(lang: &str) -> minijinja::Value {
    let primary = lang.split('-').next().unwrap_or(lang);
    let (attachments, first_published) = match primary {
        "pt" => ("Anexos", "Publicado primeiro por"),
        "es" => ("Adjuntos", "Publicado originalmente por"),
        "fr" => ("Pièces jointes", "Publié d'abord par"),
        "de" => ("Anhänge", "Zuerst veröffentlicht von"),
        "it" => ("Allegati", "Pubblicato originariamente da"),
        "ru" => ("Вложения", "Впервые опубликовано"),
        _ => ("Attachments", "First published by"),
    };
    context! { attachments, first_published }
}

/// Renders item pages and the index with one set of templates.
#[derive(Debug)]
pub struct PageRenderer {
    env: Environment<'static>,
    /// Whether the index and the list pages are the built-in templates, whose statement rows
    /// are written by [`write_statement_rows`] rather than by the template's loop.
    rows_written: RowsWritten,
}

/// Which templates have their statement rows written by hand (see [`STATEMENT_ROWS_LOOP`]).
#[derive(Clone, Copy, Debug, Default)]
struct RowsWritten {
    index: bool,
    list: bool,
}

/// The loop of the built-in index and list templates: one row per statement, so the index has
/// one per published item. minijinja spent about 20,000 instructions a row on it (each item
/// serialised into a `PageItem` value, then looked up and escaped field by field: the index
/// alone was 200 M instructions of a build after one added item at 10,000 items), so with a
/// built-in template this loop is replaced by [`STATEMENT_ROWS`] and the rows are written by
/// [`write_statement_rows`]: the same bytes (a property test renders both ways), the rest of
/// the page still the template's. Hand-written because no template engine renders a loop
/// without building a value per row; a user's own template keeps minijinja's loop.
const STATEMENT_ROWS_LOOP: &str = "{%- for item in items %}\n\
<li lang=\"{{ item.lang }}\" dir=\"{{ item.dir }}\"><a href=\"{{ item.url }}\">{{ item.title }}</a><br>\n\
<span class=\"meta\"><time datetime=\"{{ item.published }}\">{{ item.date }}</time>\n\
{%- if item.authors %} · {{ item.authors | join(\", \") }}{% endif %} · {{ item.lang }}</span></li>\n\
{%- endfor %}";

/// What the built-in templates hold in place of [`STATEMENT_ROWS_LOOP`]: the rows, written
/// beforehand (trimming the whitespace before it, as the loop's `{%-` does).
const STATEMENT_ROWS: &str = "{{- statement_rows }}";

/// `source` with its statement loop replaced by [`STATEMENT_ROWS`], when it is the built-in
/// template `builtin` (a user's template is left as it is).
fn with_rows_written(source: &str, builtin: &str) -> Option<String> {
    (source == builtin && source.contains(STATEMENT_ROWS_LOOP))
        .then(|| source.replacen(STATEMENT_ROWS_LOOP, STATEMENT_ROWS, 1))
}

/// The rows [`STATEMENT_ROWS_LOOP`] renders for `items`, byte for byte: each value escaped as
/// the pages' formatter escapes it, a missing URL written as minijinja writes `None`.
fn write_statement_rows(out: &mut String, items: &[&Item]) -> std::fmt::Result {
    use super::escape::write_html_escaped as escaped;
    for item in items {
        let lang = item.lang.value.as_str();
        let published = rfc3339(&item.published.value);
        out.push_str("\n<li lang=\"");
        escaped(out, lang)?;
        out.push_str("\" dir=\"");
        escaped(out, direction(lang))?;
        out.push_str("\"><a href=\"");
        escaped(out, item.url.as_ref().map_or("None", UrlText::as_str))?;
        out.push_str("\">");
        escaped(out, &item.title.value)?;
        out.push_str("</a><br>\n<span class=\"meta\"><time datetime=\"");
        escaped(out, &published)?;
        out.push_str("\">");
        escaped(out, &published[..10])?;
        out.push_str("</time>");
        if !item.authors.value.is_empty() {
            out.push_str(" · ");
            escaped(out, &item.authors.value.join(", "))?;
        }
        out.push_str(" · ");
        escaped(out, lang)?;
        out.push_str("</span></li>");
    }
    Ok(())
}

/// Room for a page's head, feed lists and foot around its statement rows (the built-in
/// index's are a few kilobytes; a larger page grows its buffer as before).
const PAGE_AROUND_ROWS: usize = 64 * 1024;

/// The bytes to set aside for a page showing `rows` (written beforehand): the page is its rows
/// and a little more, so its buffer is sized once, not grown by doubling (the index holds every
/// statement: 3.2 MB at 10,000, copied and its fresh pages zeroed at every doubling). 0 when
/// the template writes its own rows.
fn page_capacity(rows: Option<&minijinja::Value>) -> usize {
    rows.and_then(|rows| rows.as_str())
        .map_or(0, |rows| rows.len() + PAGE_AROUND_ROWS)
}

/// Bytes to set aside per statement row: the rows of the generated corpora average about 320
/// (title, URL, authors), and a buffer grown by doubling copies the rows written so far.
const ROW_BYTES: usize = 384;

/// [`write_statement_rows`] as a value a template shows as it is.
fn statement_rows(items: &[&Item]) -> Result<minijinja::Value, RenderError> {
    let mut rows = String::with_capacity(items.len() * ROW_BYTES);
    write_statement_rows(&mut rows, items).map_err(|e| RenderError::Writer {
        format: "HTML",
        message: e.to_string(),
    })?;
    Ok(minijinja::Value::from_safe_string(rows))
}

fn template_error(name: &str, e: minijinja::Error) -> RenderError {
    RenderError::Writer {
        format: "HTML",
        message: format!("template {name}: {e:#}"),
    }
}

impl PageRenderer {
    /// Compiles the templates; a syntax error in a user template names the file and line.
    pub fn new(templates: &Templates) -> Result<PageRenderer, RenderError> {
        Self::with_templates(templates, true)
    }

    /// [`PageRenderer::new`]; with `write_rows` false, the built-in templates' statement rows
    /// are left to their loop too (the slow reference the tests compare with).
    fn with_templates(
        templates: &Templates,
        write_rows: bool,
    ) -> Result<PageRenderer, RenderError> {
        let mut env = Environment::new();
        // minijinja's HTML escaping also escapes `/`, which makes every URL unreadable in the
        // page source; escaping `& < > " '` is all HTML needs in text and in quoted attributes
        // (`'` for user templates that quote attributes with it).
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() {
                if let Some(s) = value.as_str() {
                    return super::escape::write_html_escaped(out, s)
                        .map_err(minijinja::Error::from);
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
        let index = with_rows_written(&templates.index.1, INDEX_TEMPLATE).filter(|_| write_rows);
        let list = with_rows_written(&templates.list.1, LIST_TEMPLATE).filter(|_| write_rows);
        let rows_written = RowsWritten {
            index: index.is_some(),
            list: list.is_some(),
        };
        for (role, name, source) in [
            ("item.html", &templates.item.0, templates.item.1.clone()),
            (
                "index.html",
                &templates.index.0,
                index.unwrap_or_else(|| templates.index.1.clone()),
            ),
            (
                "list.html",
                &templates.list.0,
                list.unwrap_or_else(|| templates.list.1.clone()),
            ),
        ] {
            env.add_template_owned(role, source)
                .map_err(|e| template_error(name, e))?;
        }
        Ok(PageRenderer { env, rows_written })
    }

    /// An item's page. `feeds` are the feeds to advertise (the whole set and the item's
    /// language); `facts` what its JSON-LD says beyond the item.
    pub fn item(
        &self,
        site: &Site,
        item: &Item,
        tags: Vec<TagLink>,
        feeds: &[FeedLinks],
        facts: &PageFacts<'_>,
    ) -> Result<Vec<u8>, RenderError> {
        // A withdrawn statement's page may keep its text under the notice (`page_html`).
        let html = item.page_html.as_deref().unwrap_or(&item.content_html);
        let content = mark_closing(html, item.signature.as_deref(), &item.slogans);
        let mut page = page_item(item, tags);
        page.content_html = &content;
        let ctx = context! {
            site,
            item => page,
            feeds,
            labels => labels(&item.lang.value),
            file_labels => file_labels(&item.lang.value),
            css => CSS,
            json_ld => json_ld(site, item, facts),
        };
        self.render("item.html", ctx)
    }

    /// The page of a language or tag feed (`feed`): its statements (`items`, newest first) and
    /// its feeds. `lang` is the page's language (the feed's).
    pub fn list(
        &self,
        site: &Site,
        feed: &FeedLinks,
        items: &[&Item],
        lang: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let (items, statement_rows) = self.statements(self.rows_written.list, items)?;
        let capacity = page_capacity(statement_rows.as_ref());
        let ctx = context! {
            site,
            feed,
            items,
            statement_rows,
            lang,
            dir => direction(lang),
            labels => labels(lang),
            css => CSS,
        };
        self.render_sized("list.html", ctx, capacity)
    }

    /// The index: every published item, newest first, and every feed.
    pub fn index(
        &self,
        site: &Site,
        items: &[&Item],
        feeds: &[FeedLinks],
        all_feeds: &[FeedLinks],
    ) -> Result<Vec<u8>, RenderError> {
        let (items, statement_rows) = self.statements(self.rows_written.index, items)?;
        let capacity = page_capacity(statement_rows.as_ref());
        let ctx = context! {
            site,
            items,
            statement_rows,
            feeds,
            all_feeds,
            labels => labels(&site.lang),
            css => CSS,
        };
        self.render_sized("index.html", ctx, capacity)
    }

    /// A page's statements as its template takes them: the rows already written (`rows`, a
    /// built-in template), or every item for the template's own loop.
    #[allow(clippy::type_complexity)]
    fn statements<'a>(
        &self,
        rows: bool,
        items: &[&'a Item],
    ) -> Result<(Vec<PageItem<'a>>, Option<minijinja::Value>), RenderError> {
        if rows {
            Ok((Vec::new(), Some(statement_rows(items)?)))
        } else {
            Ok((items.iter().map(|i| page_item(i, vec![])).collect(), None))
        }
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> Result<Vec<u8>, RenderError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, e))?;
        let mut html = template.render(ctx).map_err(|e| template_error(name, e))?;
        if !html.ends_with('\n') {
            html.push('\n');
        }
        Ok(html.into_bytes())
    }

    /// [`Self::render`] into a buffer of `capacity` bytes to begin with (minijinja sizes its
    /// own from the template's text alone); none ([`Self::render`]) when `capacity` is 0.
    fn render_sized(
        &self,
        name: &str,
        ctx: minijinja::Value,
        capacity: usize,
    ) -> Result<Vec<u8>, RenderError> {
        if capacity == 0 {
            return self.render(name, ctx);
        }
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, e))?;
        let mut html = Vec::with_capacity(capacity);
        template
            .render_captured_to(ctx, &mut html)
            .map_err(|e| template_error(name, e))?;
        if html.last() != Some(&b'\n') {
            html.push(b'\n');
        }
        Ok(html)
    }
}

/// A redirect page left at an old address of an item's page (front matter `aliases`), as Zola
/// and Hugo write theirs: an immediate `<meta http-equiv="refresh">` for browsers, a
/// `<link rel="canonical">` so search engines move their records to the new address, `noindex`
/// so they never list the old one, and a plain link for anyone whose browser does not follow.
/// Not a template: there is nothing in it to restyle.
pub fn redirect(target: &UrlText, title: &str, lang: &str) -> Vec<u8> {
    let mut href = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut href, target.as_str());
    let mut attr = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut attr, &href);
    let mut text = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut text, title);
    let mut lang_attr = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut lang_attr, lang);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\" dir=\"{dir}\">\n<head>\n\
         <meta charset=\"utf-8\">\n<title>{text}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{attr}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={attr}\">\n</head>\n<body>\n\
         <p><a href=\"{attr}\">{text}</a></p>\n</body>\n</html>\n",
        dir = direction(lang),
    )
    .into_bytes()
}

/// What an item page's JSON-LD says beyond the item itself, decided across items by the caller.
#[derive(Debug, Default)]
pub struct PageFacts<'a> {
    /// Whether each signatory (in the item's order) is an organisation (schema.org
    /// `Organization`) rather than a person (`Person`).
    pub organisations: Vec<bool>,
    /// The original this item translates (`translationOfWork`); `None` for an original, whose
    /// translations are its `workTranslation`.
    pub original: Option<&'a Translation>,
}

/// An item page's JSON-LD, typed. serde_json writes a struct's fields in the order they are
/// declared, so they are declared in the order its map (sorted by key) wrote the `json!` value
/// this replaces: the same bytes without building and dropping a tree of values per page
/// (`the_json_ld_keys_are_in_map_order` keeps the order true).
#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Vec<Agent<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    publisher: Agent<'a>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Work<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(rename = "workTranslation", skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<Work<'a>>,
}

/// A signatory or the publisher: an `Organization` or a `Person` (the publisher with its URL).
#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A schema.org node for a translation or an original: enough to identify and label it (its
/// address twice, as `@id` and `url`, when it has a page).
#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn work(t: &Translation) -> Work<'_> {
    let url = t.url.as_ref().map(UrlText::as_str);
    Work {
        id: url,
        kind: "NewsArticle",
        headline: &t.title,
        in_language: &t.lang,
        url,
    }
}

/// The item page's JSON-LD: a schema.org `NewsArticle` (headline, URL, dates, signatories as
/// `Organization` or `Person`, language, publisher, tags, the source it is based on, and its
/// translations or its original), as the text of a `<script type="application/ld+json">`
/// element. serde_json writes it; [`script_safe`] then makes sure no text in it (a title
/// reading `</script>`) can end the element.
pub(crate) fn json_ld(site: &Site, item: &Item, facts: &PageFacts<'_>) -> String {
    script_safe(&serde_json::to_string(&article(site, item, facts)).unwrap_or_default())
}

fn article<'a>(site: &'a Site, item: &'a Item, facts: &PageFacts<'a>) -> Article<'a> {
    let author = item
        .authors
        .value
        .iter()
        .enumerate()
        .map(|(i, name)| Agent {
            kind: if facts.organisations.get(i).copied().unwrap_or(true) {
                "Organization"
            } else {
                "Person"
            },
            name,
            url: None,
        })
        .collect();
    let (translation_of_work, work_translation) = match facts.original {
        Some(original) => (Some(work(original)), Vec::new()),
        None => (None, item.translations.iter().map(work).collect()),
    };
    // The page's URL once: `@id` and `mainEntityOfPage` would repeat it, and the summary is
    // the page's `description` and `og:description` already. Compact: it is read by machines,
    // and indenting it cost each page a tenth of its bytes.
    Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        author,
        date_modified: rfc3339(&item.updated.value.max(item.published.value)),
        date_published: rfc3339(&item.published.value),
        headline: &item.title.value,
        image: item.image().map(|i| i.url.as_str()),
        in_language: &item.lang.value,
        is_based_on: item.source.as_ref().map(|s| s.value.as_str()),
        keywords: &item.tags.value,
        publisher: Agent {
            kind: "Organization",
            name: &site.author,
            url: Some(&site.home),
        },
        translation_of_work,
        url: item.url.as_ref().map(UrlText::as_str),
        work_translation,
    }
}

/// JSON as the text of an HTML `<script>` element: `<`, `>` and `&` written as JSON escapes
/// (`\u003c` …), so that neither `</script>` nor `<!--` can appear in it. Outside strings JSON has
/// none of these characters, and inside a string the escape is the same character, so a JSON
/// parser reads exactly what was serialised.
pub(crate) fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

/// The item's content with its closing marked for the page: each paragraph that is the
/// signature gets `class="signature"`, each made only of slogans `class="slogan"`, and one
/// holding both `class="closing"`, so that the stylesheet can set them apart.
///
/// Written by hand, narrowly: the content is communique's own sanitised serialisation (ammonia
/// writes a plain `<p>` start tag, with no attribute), and only those start tags are rewritten;
/// a paragraph's text is compared line by line (line breaks and `<br>`) with the signature and
/// slogans `normalise` found. No maintained crate rewrites an HTML fragment without a DOM
/// round trip that would reserialise (and so change) the rest of the content.
pub(crate) fn mark_closing(content: &str, signature: Option<&str>, slogans: &[String]) -> String {
    if signature.is_none() && slogans.is_empty() {
        return content.to_owned();
    }
    let signature = signature.map(comparable);
    let slogans: Vec<String> = slogans.iter().map(|s| comparable(s)).collect();
    let mut out = String::with_capacity(content.len() + 64);
    let mut rest = content;
    while let Some(start) = memmem::find(rest.as_bytes(), b"<p>") {
        let after = &rest[start + 3..];
        let Some(end) = memmem::find(after.as_bytes(), b"</p>") else {
            break;
        };
        let lines = paragraph_lines(&after[..end]);
        let is_signature = |l: &String| signature.as_ref() == Some(l);
        let is_slogan = |l: &String| slogans.contains(l);
        let class = if lines.is_empty() || !lines.iter().all(|l| is_signature(l) || is_slogan(l)) {
            None
        } else if lines.iter().all(is_signature) {
            Some("signature")
        } else if lines.iter().all(is_slogan) {
            Some("slogan")
        } else {
            Some("closing")
        };
        out.push_str(&rest[..start]);
        match class {
            Some(class) => {
                out.push_str("<p class=\"");
                out.push_str(class);
                out.push_str("\">");
            }
            None => out.push_str("<p>"),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The text lines of a paragraph's inner HTML, each [`comparable`]; empty lines left out.
fn paragraph_lines(inner: &str) -> Vec<String> {
    let text = paragraph_text(inner);
    decode_entities(&text)
        .lines()
        .map(comparable)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A paragraph's inner HTML without its tags, each `<br>` a line break; entities are left as
/// they are. Text runs are copied whole: every page's every paragraph passes here.
fn paragraph_text(inner: &str) -> String {
    let mut text = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        text.push_str(&rest[..open]);
        let Some(close) = memchr::memchr(b'>', &rest.as_bytes()[open..]) else {
            // A tag that is never closed: nothing after its `<` is text.
            return text;
        };
        let tag = &rest[open + 1..open + close];
        if tag.trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    text
}

/// The entities of sanitised text decoded, in one pass from left to right: a decoded `&` never
/// starts another entity (`&amp;lt;` is `&lt;`), as when each was replaced in turn, `&amp;` last.
fn decode_entities(text: &str) -> Cow<'_, str> {
    const ENTITIES: [(&str, &str); 6] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ];
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let at = &rest[amp..];
        let (taken, decoded) = ENTITIES
            .iter()
            .find(|(entity, _)| at.starts_with(entity))
            .map_or((1, "&"), |(entity, c)| (entity.len(), *c));
        out.push_str(decoded);
        rest = &at[taken..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A line as the closing comparison sees it: spaces collapsed, quotation marks around it
/// dropped (slogans are listed without them).
fn comparable(line: &str) -> String {
    let mut joined = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    let kept = joined
        .trim_matches(|c: char| "\"'«»“”„‘’‚‹›".contains(c))
        .trim();
    if kept.len() == joined.len() {
        joined
    } else {
        kept.to_owned()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use url::Url;

    #[test]
    fn script_text_cannot_end_its_element() {
        let json = serde_json::json!({ "headline": "</script><script>alert(1)</script> & <!--" });
        let safe = script_safe(&serde_json::to_string(&json).unwrap());
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, json);
    }

    #[test]
    fn the_closing_is_marked() {
        let content = "<p>Text.</p>\n<p>Comitê Central (08.01.22)</p>\n<p>Abaixo a guerra!</p>\n\
                       <p>«Viva!»<br>\nParem!</p>\n<p>Comitê Central (08.01.22)\nViva!</p>\n";
        let slogans = ["Abaixo a guerra!", "Viva!", "Parem!"].map(String::from);
        let marked = mark_closing(content, Some("Comitê Central (08.01.22)"), &slogans);
        assert_eq!(
            marked,
            "<p>Text.</p>\n<p class=\"signature\">Comitê Central (08.01.22)</p>\n\
             <p class=\"slogan\">Abaixo a guerra!</p>\n<p class=\"slogan\">«Viva!»<br>\nParem!</p>\n\
             <p class=\"closing\">Comitê Central (08.01.22)\nViva!</p>\n"
        );
        assert_eq!(mark_closing(content, None, &[]), content);
        // `&amp;` in the content is `&` in the signature.
        assert_eq!(
            mark_closing("<p>A &amp; B</p>", Some("A & B"), &[]),
            "<p class=\"signature\">A &amp; B</p>"
        );
    }

    /// `paragraph_lines` and `comparable` as they were written first (a character at a time,
    /// each entity replaced in turn): the faster ones must give the same lines.
    fn paragraph_lines_by_replacing(inner: &str) -> Vec<String> {
        let mut text = String::with_capacity(inner.len());
        let mut in_tag = false;
        let mut tag = String::new();
        for c in inner.chars() {
            match (in_tag, c) {
                (false, '<') => {
                    in_tag = true;
                    tag.clear();
                }
                (true, '>') => {
                    in_tag = false;
                    if tag.trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
                        text.push('\n');
                    }
                }
                (true, c) => tag.push(c),
                (false, c) => text.push(c),
            }
        }
        let text = text
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let comparable = |line: &str| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words
                .join(" ")
                .trim_matches(|c: char| "\"'«»“”„‘’‚‹›".contains(c))
                .trim()
                .to_owned()
        };
        text.lines()
            .map(comparable)
            .filter(|l| !l.is_empty())
            .collect()
    }

    proptest! {
        #[test]
        fn paragraph_lines_are_those_of_replacing_each_entity_in_turn(
            inner in proptest::string::string_regex(
                "([a-z «»\"'\u{a0}\u{2003}\t\r\n&;<>/#=]|&amp;|&lt;|&gt;|&quot;|&#39;|&nbsp;|<br>|<br/>|< BR />|<em>|</em>|amp;|lt;){0,24}"
            ).unwrap(),
        ) {
            prop_assert_eq!(paragraph_lines(&inner), paragraph_lines_by_replacing(&inner));
        }
    }

    use crate::model::{Origin, Sourced};
    use crate::types::format::Format;
    use proptest::prelude::*;

    fn sourced<T>(value: T) -> Sourced<T> {
        Sourced::new(value, Origin::Config)
    }

    /// An item with what a statement row shows; the rest empty.
    pub(crate) fn row_item(
        title: String,
        lang: String,
        authors: Vec<String>,
        url: Option<Url>,
        published: chrono::DateTime<chrono::FixedOffset>,
    ) -> Item {
        Item {
            path: "a.md".to_owned(),
            file: "items/a.md".into(),
            format: Format::Markdown,
            front_matter: None,
            stem: "a".to_owned(),
            id: sourced("tag:example.org,2022:a".to_owned()),
            title: sourced(title),
            published: sourced(published),
            updated: sourced(published),
            authors: sourced(authors),
            lang: sourced(lang),
            tags: sourced(vec!["t".to_owned()]),
            source: None,
            translation_key: None,
            translations: vec![],
            url: url.map(UrlText::from),
            summary: sourced("Summary.".to_owned()),
            slogans: vec![],
            signature: None,
            content_html: "<p>Text</p>".to_owned(),
            draft: false,
            aliases: vec![],
            embargo: None,
            changes: vec![],
            withdrawn: None,
            page_html: None,
            source_name: None,
            source_feed: None,
            attachment_refs: vec![],
            attachments: vec![],
        }
    }

    fn site() -> Site {
        Site {
            title: "Declarações & <co>".to_owned(),
            subtitle: Some("Sub \"title\"".to_owned()),
            lang: "pt".to_owned(),
            dir: "ltr",
            home: "https://example.org/s/".to_owned(),
            feeds_opml: Some("https://example.org/s/feeds.opml".to_owned()),
            stylesheet: Some("https://example.org/s/style.css".to_owned()),
            author: "Org".to_owned(),
        }
    }

    fn links(title: &str) -> FeedLinks {
        FeedLinks {
            title: title.to_owned(),
            lang: "pt".to_owned(),
            atom: "https://example.org/s/atom.xml".to_owned(),
            rss: "https://example.org/s/rss.xml".to_owned(),
            json: "https://example.org/s/feed.json".to_owned(),
            page: Some("https://example.org/s/pt/".to_owned()),
        }
    }

    /// The index and a list page of `items`, rendered by `pages`.
    fn index_and_list(pages: &PageRenderer, items: &[Item]) -> (String, String) {
        let items: Vec<&Item> = items.iter().collect();
        let feeds = [links("All"), links("Português <pt>")];
        let index = pages.index(&site(), &items, &feeds, &feeds).unwrap();
        let list = pages.list(&site(), &feeds[1], &items, "pt").unwrap();
        (
            String::from_utf8(index).unwrap(),
            String::from_utf8(list).unwrap(),
        )
    }

    #[test]
    fn the_built_in_templates_hold_the_statement_loop() {
        assert!(with_rows_written(INDEX_TEMPLATE, INDEX_TEMPLATE).is_some());
        assert!(with_rows_written(LIST_TEMPLATE, LIST_TEMPLATE).is_some());
        let own = format!("{INDEX_TEMPLATE}<!-- mine -->");
        assert!(with_rows_written(&own, INDEX_TEMPLATE).is_none());
    }

    #[test]
    fn the_json_ld_keys_are_in_map_order() {
        // serde_json's `Value` keeps an object's keys sorted: a typed article that went through
        // one and came back in the same bytes declares its fields in that order.
        let in_map_order = |article: &Article<'_>| {
            let typed = serde_json::to_string(article).unwrap();
            let value = serde_json::to_value(article).unwrap();
            assert_eq!(typed, serde_json::to_string(&value).unwrap());
        };
        let url = Url::parse("https://example.org/s/a/").ok();
        let published = chrono::DateTime::parse_from_rfc3339("2022-01-08T10:00:00+01:00").unwrap();
        let mut item = row_item(
            "T".to_owned(),
            "pt".to_owned(),
            vec!["Org".to_owned(), "Ana".to_owned()],
            url.clone(),
            published,
        );
        item.source = Url::parse("https://example.net/x").ok().map(sourced);
        let translations = [
            Translation {
                lang: "en".to_owned(),
                id: "tag:example.org,2022:b".to_owned(),
                url: url.clone().map(UrlText::from),
                title: "T en".to_owned(),
            },
            Translation {
                lang: "es".to_owned(),
                id: "tag:example.org,2022:c".to_owned(),
                url: None,
                title: "T es".to_owned(),
            },
        ];
        item.translations = translations.to_vec();
        let site = site();
        let mut facts = PageFacts {
            organisations: vec![true, false],
            original: None,
        };
        in_map_order(&article(&site, &item, &facts));
        facts.original = Some(&translations[0]);
        in_map_order(&article(&site, &item, &facts));
        item.tags.value.clear();
        item.url = None;
        item.source = None;
        in_map_order(&article(&site, &item, &facts));
    }

    /// A text with the characters escaping cares about, and others.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zA-Zé &<>\"'/#=;\u{5d0}\u{1F600}-]{0,12}").unwrap()
    }

    proptest! {
        #[test]
        fn written_rows_are_the_loops_bytes(
            rows in proptest::collection::vec(
                (
                    text(),
                    prop_oneof![
                        Just("pt".to_owned()),
                        Just("ar".to_owned()),
                        Just("pt-BR".to_owned()),
                        text(),
                    ],
                    proptest::collection::vec(text(), 0..3),
                    prop_oneof![
                        Just(None),
                        Just(Some("https://example.org/s/2024/a-b/")),
                        Just(Some("https://example.org/s/?a=1&b=<2>#\"x\"")),
                    ],
                    -2_000_000_000i64..4_000_000_000i64,
                    -50_000i32..50_000i32,
                ),
                0..5,
            )
        ) {
            let items: Vec<Item> = rows
                .into_iter()
                .map(|(title, lang, authors, url, secs, offset)| {
                    let offset = chrono::FixedOffset::east_opt(offset).unwrap();
                    let published = chrono::DateTime::from_timestamp(secs, 0)
                        .unwrap()
                        .with_timezone(&offset);
                    let url = url.map(|u| Url::parse(u).unwrap());
                    row_item(title, lang, authors, url, published)
                })
                .collect();
            let templates = Templates::default();
            let fast = PageRenderer::new(&templates).unwrap();
            let slow = PageRenderer::with_templates(&templates, false).unwrap();
            prop_assert_eq!(index_and_list(&fast, &items), index_and_list(&slow, &items));
        }
    }

    #[test]
    fn locales_are_written_with_an_underscore() {
        assert_eq!(og_locale("pt-BR"), "pt_BR");
        assert_eq!(og_locale("en"), "en");
    }
}
