//! HTML pages: one per item (each entry's `alternate` link) and `index.html`, the list of
//! statements with autodiscovery links for every feed.
//!
//! Rendered by minijinja with HTML auto-escaping; only the item's already-sanitised content is
//! marked safe. The built-in templates can be replaced by `item.html` / `index.html` in the
//! configured templates folder (loaded by the caller, so rendering stays free of I/O).

use minijinja::{context, Environment};
use serde::Serialize;
use url::Url;

use super::RenderError;
use crate::model::Item;
use crate::types::dates::rfc3339;

pub const ITEM_TEMPLATE: &str = include_str!("templates/item.html");
pub const INDEX_TEMPLATE: &str = include_str!("templates/index.html");
const CSS: &str = include_str!("templates/base.css");

/// Template sources: the built-in ones or the user's.
#[derive(Clone, Debug)]
pub struct Templates {
    pub item: (String, String),
    pub index: (String, String),
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            item: ("item.html".to_owned(), ITEM_TEMPLATE.to_owned()),
            index: ("index.html".to_owned(), INDEX_TEMPLATE.to_owned()),
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
}

fn page_item<'a>(item: &'a Item, tags: Vec<TagLink>) -> PageItem<'a> {
    let published = rfc3339(&item.published.value);
    PageItem {
        title: &item.title.value,
        lang: &item.lang.value,
        dir: direction(&item.lang.value),
        date: published[..10].to_owned(),
        published,
        authors: &item.authors.value,
        summary: &item.summary.value,
        content_html: &item.content_html,
        url: item.url.as_ref().map(Url::as_str),
        source: item.source.as_ref().map(|s| s.value.as_str()),
        translations: item
            .translations
            .iter()
            .filter_map(|t| {
                Some(PageTranslation {
                    lang: &t.lang,
                    url: t.url.as_ref()?.as_str(),
                    title: &t.title,
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
        let mut env = Environment::new();
        // minijinja's HTML escaping also escapes `/`, which makes every URL unreadable in the
        // page source; escaping `& < > " '` is all HTML needs in text and in quoted attributes
        // (`'` for user templates that quote attributes with it).
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() {
                if let Some(s) = value.as_str() {
                    let mut escaped = String::with_capacity(s.len());
                    let _ = pulldown_cmark_escape::escape_html(&mut escaped, s);
                    let escaped = escaped.replace('\'', "&#39;");
                    return out.write_str(&escaped).map_err(minijinja::Error::from);
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
        for (role, (name, source)) in [
            ("item.html", &templates.item),
            ("index.html", &templates.index),
        ] {
            env.add_template_owned(role, source.clone())
                .map_err(|e| template_error(name, e))?;
        }
        Ok(PageRenderer { env })
    }

    /// An item's page. `feeds` are the feeds to advertise (the whole set and the item's
    /// language).
    pub fn item(
        &self,
        site: &Site,
        item: &Item,
        tags: Vec<TagLink>,
        feeds: &[FeedLinks],
    ) -> Result<Vec<u8>, RenderError> {
        let ctx = context! {
            site,
            item => page_item(item, tags),
            feeds,
            labels => labels(&item.lang.value),
            file_labels => file_labels(&item.lang.value),
            css => CSS,
        };
        self.render("item.html", ctx)
    }

    /// The index: every published item, newest first, and every feed.
    pub fn index(
        &self,
        site: &Site,
        items: &[&Item],
        feeds: &[FeedLinks],
        all_feeds: &[FeedLinks],
    ) -> Result<Vec<u8>, RenderError> {
        let items: Vec<PageItem<'_>> = items.iter().map(|i| page_item(i, vec![])).collect();
        let ctx = context! {
            site,
            items,
            feeds,
            all_feeds,
            labels => labels(&site.lang),
            css => CSS,
        };
        self.render("index.html", ctx)
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
}
