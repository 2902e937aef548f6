//! Date leaf types: how ambiguous numeric dates are read ([`DateOrder`], a setting) and the
//! RFC 3339 / RFC 822 forms feeds write.

use std::fmt;

use chrono::{DateTime, FixedOffset};

/// How ambiguous numeric dates are read: the configuration's `date_order` (`auto`, `dmy` or
/// `mdy`, as serde spells them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum DateOrder {
    /// Month first for items in `en-US`, day first for everything else.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// Always day first.
    #[serde(rename = "dmy")]
    DayFirst,
    /// Month first for items in English (`en`, `en-*`), day first for other languages.
    #[serde(rename = "mdy")]
    MonthFirst,
}

impl DateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Auto => "auto",
            DateOrder::DayFirst => "dmy",
            DateOrder::MonthFirst => "mdy",
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// RFC 3339 as feeds want it: seconds always, `Z` for UTC.
pub fn rfc3339(dt: &DateTime<FixedOffset>) -> String {
    dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// RFC 822 as RSS wants it: English names, four-digit year, numeric zone.
pub fn rfc822(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}
