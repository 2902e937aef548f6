//! Scoring of the evaluation corpus (`eval/`): loads `eval/config.toml` from a temporary copy
//! with the library, compares every item with its table in `eval/expected.toml`, and formats
//! the accuracy table and the misses. Shared by `examples/eval` (what `scripts/eval` runs) and
//! `tests/suite/eval.rs` (the floor), so both score the same way. The rules for expected values are in
//! `eval/README.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use communique::instance::Instance;

/// The fields scored for every statement, in table order.
pub(crate) const FIELDS: [&str; 7] = [
    "lang", "title", "date", "authors", "summary", "source", "slogans",
];

/// The expected fields of one statement (one table of `eval/expected.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expected {
    pub lang: String,
    pub title: String,
    /// `YYYY-MM-DD`, or `none` when the text gives no date of the statement.
    pub date: String,
    /// `[]` when the text names no issuer and the configured author applies.
    pub authors: Vec<String>,
    /// A prefix of the summary.
    pub summary: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub slogans: Vec<String>,
}

/// The outcome for one field of one statement.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub stem: String,
    pub lang: String,
    pub field: &'static str,
    pub right: bool,
    pub expected: String,
    pub got: String,
}

/// Every outcome, in file then field order, and how many items were published.
#[derive(Debug)]
pub(crate) struct Report {
    pub outcomes: Vec<Outcome>,
    pub statements: usize,
    pub published: usize,
}

/// The corpus folder in this repository.
pub(crate) fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("eval")
}

/// Reads `expected.toml` in `dir`: statement stem → expected fields.
pub(crate) fn load_expected(dir: &Path) -> Result<BTreeMap<String, Expected>, String> {
    let path = dir.join("expected.toml");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The statement files in `dir/statements`: stem → file name, sorted.
pub(crate) fn statement_files(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let folder = dir.join("statements");
    let entries = fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".txt") {
            files.insert(stem.to_owned(), name);
        }
    }
    Ok(files)
}

/// Scores the corpus in `dir`. The instance is loaded from a temporary copy, so nothing a run
/// remembers (state, first-seen dates) lands in the repository.
///
/// With `dated_names`, every file is copied under a name starting with `2000-01-01-`, so that no
/// item is left out for lack of a date and the other fields can be measured on their own (a
/// date in the text still wins over the name's; `date = "none"` is then right unless the date
/// came from the text).
pub(crate) fn run(dir: &Path, dated_names: bool) -> Result<Report, String> {
    let expected = load_expected(dir)?;
    let files = statement_files(dir)?;
    if let Some(stem) = files.keys().find(|s| !expected.contains_key(*s)) {
        return Err(format!(
            "statements/{stem}.txt has no table in expected.toml"
        ));
    }
    if let Some(stem) = expected.keys().find(|s| !files.contains_key(*s)) {
        return Err(format!(
            "expected.toml: [{stem}] has no statements/{stem}.txt"
        ));
    }
    let copy = tempfile::tempdir().map_err(|e| e.to_string())?;
    copy_corpus(dir, copy.path(), dated_names)?;
    let instance = Instance::load(&copy.path().join("config.toml")).map_err(|e| e.to_string())?;

    let mut items: BTreeMap<String, Value> = BTreeMap::new();
    for item in &instance.items {
        let value = serde_json::to_value(item).map_err(|e| e.to_string())?;
        let name = item
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let name = name.strip_prefix(DATED_PREFIX).unwrap_or(&name);
        items.insert(name.trim_end_matches(".txt").to_owned(), value);
    }
    let mut outcomes = Vec::new();
    for (stem, want) in &expected {
        match items.get(stem) {
            Some(got) => outcomes.extend(score_item(stem, want, got)),
            None => {
                let why = first_error(&instance, &files[stem]);
                outcomes.extend(FIELDS.iter().map(|&field| Outcome {
                    stem: stem.clone(),
                    lang: want.lang.clone(),
                    field,
                    right: false,
                    expected: expected_text(want, field),
                    got: format!("left out ({why})"),
                }));
            }
        }
    }
    Ok(Report {
        outcomes,
        statements: expected.len(),
        published: expected.keys().filter(|s| items.contains_key(*s)).count(),
    })
}

/// What `dated_names` puts before every file name.
const DATED_PREFIX: &str = "2000-01-01-";

fn copy_corpus(from: &Path, to: &Path, dated_names: bool) -> Result<(), String> {
    let err = |e: std::io::Error| e.to_string();
    fs::copy(from.join("config.toml"), to.join("config.toml")).map_err(err)?;
    fs::create_dir(to.join("statements")).map_err(err)?;
    for name in statement_files(from)?.values() {
        let target = if dated_names {
            format!("{DATED_PREFIX}{name}")
        } else {
            name.clone()
        };
        fs::copy(
            from.join("statements").join(name),
            to.join("statements").join(target),
        )
        .map_err(err)?;
    }
    Ok(())
}

/// The first error reported for the file named `name`, for the miss list.
fn first_error(instance: &Instance, name: &str) -> String {
    instance
        .diagnostics
        .iter()
        .find(|d| d.is_error() && d.path.ends_with(name))
        .map_or_else(|| "no item".to_owned(), |d| d.message.clone())
}

fn score_item(stem: &str, want: &Expected, got: &Value) -> Vec<Outcome> {
    FIELDS
        .iter()
        .map(|&field| {
            let (right, got) = match field {
                "lang" => score_lang(want, got),
                "title" => score_title(want, got),
                "date" => score_date(want, got),
                "authors" => score_authors(want, got),
                "summary" => score_summary(want, got),
                "source" => score_source(want, got),
                _ => score_slogans(want, got),
            };
            Outcome {
                stem: stem.to_owned(),
                lang: want.lang.clone(),
                field,
                right,
                expected: expected_text(want, field),
                got,
            }
        })
        .collect()
}

fn expected_text(want: &Expected, field: &str) -> String {
    match field {
        "lang" => want.lang.clone(),
        "title" => format!("{:?}", want.title),
        "date" => want.date.clone(),
        "authors" if want.authors.is_empty() => "[] (the configured author)".to_owned(),
        "authors" => format!("{:?}", want.authors),
        "summary" => format!("{:?}…", want.summary),
        "source" => want.source.clone().unwrap_or_else(|| "none".to_owned()),
        _ => format!("{:?}", want.slogans),
    }
}

/// `from` of a sourced value, with its rule and line when it has them: `text:rule@line`.
fn origin(sourced: &Value) -> String {
    let from = sourced["from"].as_str().unwrap_or("?");
    match (sourced.get("rule"), sourced.get("line")) {
        (Some(rule), Some(line)) => format!("{from}:{}@{line}", plain(rule)),
        (None, Some(line)) => format!("{from}@{line}"),
        _ => from.to_owned(),
    }
}

/// A JSON value as text: strings without their quotes.
fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// Runs of white space as one space, ends trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_lang(want: &Expected, got: &Value) -> (bool, String) {
    let lang = plain(&got["lang"]["value"]);
    (
        lang == want.lang,
        format!("{lang} [{}]", origin(&got["lang"])),
    )
}

fn score_title(want: &Expected, got: &Value) -> (bool, String) {
    let title = plain(&got["title"]["value"]);
    let right = squeeze(&title) == squeeze(&want.title);
    (right, format!("{title:?} [{}]", origin(&got["title"])))
}

/// A date must be the expected day; `none` means the date must not come from the text.
fn score_date(want: &Expected, got: &Value) -> (bool, String) {
    let published = &got["published"];
    let value = plain(&published["value"]);
    let day = value.get(..10).unwrap_or(&value).to_owned();
    let from_text = published["from"].as_str() == Some("text");
    let right = if want.date == "none" {
        !from_text
    } else {
        day == want.date
    };
    (right, format!("{day} [{}]", origin(published)))
}

/// `[]` means the configured author, and that it came from the configuration.
fn score_authors(want: &Expected, got: &Value) -> (bool, String) {
    let authors = &got["authors"];
    let list: Vec<String> = authors["value"]
        .as_array()
        .map(|a| a.iter().map(plain).collect())
        .unwrap_or_default();
    let right = if want.authors.is_empty() {
        authors["from"].as_str() == Some("config")
    } else {
        list.iter().map(|a| squeeze(a)).collect::<Vec<_>>()
            == want.authors.iter().map(|a| squeeze(a)).collect::<Vec<_>>()
    };
    (right, format!("{list:?} [{}]", origin(authors)))
}

fn score_summary(want: &Expected, got: &Value) -> (bool, String) {
    let summary = plain(&got["summary"]["value"]);
    let right = squeeze(&summary).starts_with(&squeeze(&want.summary));
    let shown: String = summary
        .chars()
        .take(want.summary.chars().count() + 10)
        .collect();
    (right, format!("{shown:?}… [{}]", origin(&got["summary"])))
}

fn score_source(want: &Expected, got: &Value) -> (bool, String) {
    let source = got["source"].get("value").map(plain);
    let wanted = want
        .source
        .as_deref()
        .map(|s| url::Url::parse(s).map_or_else(|_| s.to_owned(), |u| u.to_string()));
    let shown = source.clone().unwrap_or_else(|| "none".to_owned());
    (source == wanted, shown)
}

fn score_slogans(want: &Expected, got: &Value) -> (bool, String) {
    let slogans: Vec<String> = got["slogans"]
        .as_array()
        .map(|a| a.iter().map(plain).collect())
        .unwrap_or_default();
    let right = slogans.iter().map(|s| squeeze(s)).collect::<Vec<_>>()
        == want.slogans.iter().map(|s| squeeze(s)).collect::<Vec<_>>();
    (right, format!("{slogans:?}"))
}

impl Report {
    /// Right fields over all fields, in percent.
    pub(crate) fn overall(&self) -> f64 {
        percent(self.outcomes.iter())
    }

    /// Right fields over the fields of published items only, in percent.
    pub(crate) fn overall_published(&self) -> f64 {
        percent(
            self.outcomes
                .iter()
                .filter(|o| !o.got.starts_with("left out")),
        )
    }

    /// The accuracy table: one row per language, one column per field, and totals.
    pub(crate) fn table(&self) -> String {
        let mut langs: Vec<&str> = self.outcomes.iter().map(|o| o.lang.as_str()).collect();
        langs.sort_unstable();
        langs.dedup();
        let mut out = format!("{:<6}{:>5}", "lang", "n");
        for field in FIELDS {
            let _ = write!(out, "{field:>9}");
        }
        let _ = writeln!(out, "{:>9}", "all");
        for lang in &langs {
            let rows: Vec<&Outcome> = self.outcomes.iter().filter(|o| o.lang == *lang).collect();
            out.push_str(&self.row(lang, &rows));
        }
        let all: Vec<&Outcome> = self.outcomes.iter().collect();
        out.push_str(&self.row("all", &all));
        out
    }

    fn row(&self, label: &str, rows: &[&Outcome]) -> String {
        let n = rows.len() / FIELDS.len();
        let mut out = format!("{label:<6}{n:>5}");
        for field in FIELDS {
            let of_field = rows.iter().copied().filter(|o| o.field == field);
            let _ = write!(out, "{:>8.1}%", percent(of_field));
        }
        let _ = writeln!(out, "{:>8.1}%", percent(rows.iter().copied()));
        out
    }

    /// Every miss, one a line: `file field: expected … got …`; an item left out is one line
    /// (`file *: …`), since all its fields are wrong for the same reason.
    pub(crate) fn misses(&self) -> String {
        let mut out = String::new();
        for o in self.outcomes.iter().filter(|o| !o.right) {
            if o.got.starts_with("left out") {
                if o.field == FIELDS[0] {
                    let _ = writeln!(out, "{}.txt *: {}, every field wrong", o.stem, o.got);
                }
                continue;
            }
            let _ = writeln!(
                out,
                "{}.txt {}: expected {} got {}",
                o.stem, o.field, o.expected, o.got
            );
        }
        out
    }

    /// The summary lines under the table.
    pub(crate) fn totals(&self) -> String {
        let right = self.outcomes.iter().filter(|o| o.right).count();
        format!(
            "overall: {:.1}% ({right} of {} fields right)\npublished: {} of {} statements; \
             {:.1}% of the published items' fields right\n",
            self.overall(),
            self.outcomes.len(),
            self.published,
            self.statements,
            self.overall_published(),
        )
    }
}

fn percent<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> f64 {
    let (mut right, mut all) = (0usize, 0usize);
    for o in outcomes {
        all += 1;
        right += usize::from(o.right);
    }
    if all == 0 {
        100.0
    } else {
        100.0 * right as f64 / all as f64
    }
}
