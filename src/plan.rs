//! **Plan**: which feeds exist and which items each holds, in which order.
//!
//! Pure: it reads the items and the configuration and decides; it renders and writes nothing.
//! Order is newest first with the id as tie-break, so equal dates never make output flap.

use std::cmp::Reverse;

use crate::config::Config;
use crate::model::Item;

/// One feed to publish, in every format.
#[derive(Debug)]
pub struct FeedPlan<'a> {
    /// Folder of the feed's files inside the output folder, `""` for the top level, else ending
    /// in `/`.
    pub dir: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    /// The feed's Atom id; distinct from every entry id (entries use `/`, feeds do not).
    pub id: String,
    /// Newest first, at most `limit`.
    pub items: Vec<&'a Item>,
}

/// Sorts items newest first; equal dates are ordered by id.
pub fn newest_first(items: &mut [&Item]) {
    items.sort_by(|a, b| {
        (Reverse(a.published.value), a.id.value.as_str())
            .cmp(&(Reverse(b.published.value), b.id.value.as_str()))
    });
}

/// The feeds of an instance: the main feed of all published (non-draft) items.
pub fn plan<'a>(items: &'a [Item], config: &Config) -> Vec<FeedPlan<'a>> {
    let mut published: Vec<&Item> = items.iter().filter(|i| !i.draft).collect();
    newest_first(&mut published);
    published.truncate(config.limit.get());
    vec![FeedPlan {
        dir: String::new(),
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        lang: config.lang.clone(),
        id: config.ids.base(),
        items: published,
    }]
}
