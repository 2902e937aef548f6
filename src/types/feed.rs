//! The feed formats communique writes and how their files are named (a setting).

use serde::Deserialize;

/// The feed formats communique writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeedFormat {
    Atom,
    Rss,
    JsonFeed,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::JsonFeed];

    pub fn file_name(self) -> &'static str {
        self.file_name_in(FeedNames::Xml)
    }

    /// The file name under the configured naming scheme.
    pub fn file_name_in(self, names: FeedNames) -> &'static str {
        match (self, names) {
            (FeedFormat::Atom, FeedNames::Xml) => "atom.xml",
            (FeedFormat::Rss, FeedNames::Xml) => "rss.xml",
            (FeedFormat::Atom, FeedNames::Extensions) => "feed.atom",
            (FeedFormat::Rss, FeedNames::Extensions) => "feed.rss",
            (FeedFormat::JsonFeed, _) => "feed.json",
        }
    }

    /// The media type servers should send, with charset.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::JsonFeed => "application/feed+json; charset=utf-8",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "Atom",
            FeedFormat::Rss => "RSS",
            FeedFormat::JsonFeed => "JSON Feed",
        }
    }
}

/// How feed files are named. `.xml` names need a server-side mapping to be served as
/// `application/atom+xml` / `application/rss+xml` from a plain file server (WebDAV, SFTP);
/// `.atom` and `.rss` are in the default `mime.types` of nginx, Apache and others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedNames {
    /// `atom.xml`, `rss.xml`, `feed.json`.
    #[default]
    Xml,
    /// `feed.atom`, `feed.rss`, `feed.json`.
    Extensions,
}
