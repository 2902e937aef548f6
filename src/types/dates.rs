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
///
/// chrono's RFC 2822 writer costs a tenth of formatting items (even parsed once) and writes the
/// same but for a day of the month below ten, which it writes without the leading zero
/// (`Sat, 8 Jan`): the zero is put back. It refuses a year outside 0–9999; such a date is
/// formatted from the items (`RFC822_ITEMS`), as every date was.
pub fn rfc822(dt: &DateTime<FixedOffset>) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&dt.year()) {
        return dt.format_with_items(RFC822_ITEMS.iter()).to_string();
    }
    let mut text = dt.to_rfc2822();
    if dt.day() < 10 {
        // After the weekday's name and `, ` (`Sat, `).
        text.insert(5, '0');
    }
    text
}

/// The RFC 822 format, `%a, %d %b %Y %H:%M:%S %z`, parsed into chrono's items.
static RFC822_ITEMS: std::sync::LazyLock<Vec<chrono::format::Item<'static>>> =
    std::sync::LazyLock::new(|| {
        chrono::format::StrftimeItems::new("%a, %d %b %Y %H:%M:%S %z")
            .parse()
            // A fixed format, checked by the tests.
            .unwrap_or_default()
    });

#[cfg(test)]
mod tests {
    use super::*;

    /// The date is what the format string writes, in any year, day and zone (years past 9999
    /// too, which chrono's RFC 2822 writer refuses).
    #[test]
    fn rfc822_writes_what_its_format_string_writes() {
        for text in [
            "2022-01-08T09:05:03+00:00",
            "1901-12-31T23:59:59-03:30",
            "2024-02-29T12:00:00+05:45",
            "0099-07-04T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
        ] {
            let dt = DateTime::parse_from_rfc3339(text).unwrap();
            for days in (0..400).chain([3000, 40_000]) {
                let dt = dt + chrono::Duration::days(days);
                assert_eq!(
                    rfc822(&dt),
                    dt.format("%a, %d %b %Y %H:%M:%S %z").to_string()
                );
            }
        }
        assert!(!RFC822_ITEMS.is_empty(), "the format parses");
    }
}
