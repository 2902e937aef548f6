//! Front matter: a TOML block between `+++` lines or a YAML block between `---` lines at the top
//! of a file, parsed into a small format-neutral [`Value`] tree that remembers each key's line.
//!
//! Parsing is done by the `toml` and `serde_yaml_ng` crates; this module only finds the block,
//! maps parser positions back to file lines, and flattens both formats into one shape so that
//! normalising does not care which was used.

use crate::diag::Span;

pub use crate::types::format::FrontMatterKind;

/// A front-matter value, whichever syntax it was written in.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    /// A TOML datetime, as TOML prints it (RFC 3339 or a bare date/time).
    Datetime(String),
    List(Vec<Value>),
    /// A table (a TOML inline table or `[[array]]` element, a YAML mapping): its keys in order.
    Table(Vec<(String, Value)>),
}

impl Value {
    /// What to call this kind of value in a message.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "a number",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Datetime(_) => "a date",
            Value::List(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// One top-level key of the front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// 1-based file line of the key.
    pub line: usize,
    /// The text of that line, for diagnostics that show it.
    pub source_line: String,
}

impl Entry {
    /// The key as written on its line.
    pub fn key_span(&self) -> Span {
        let start = self.source_line.find(self.key.as_str()).unwrap_or(0);
        Span::new(&self.source_line, start, start + self.key.len())
    }

    /// The value as written on the key's line: after the `=` or `:`, spaces trimmed.
    pub fn value_span(&self) -> Span {
        let line = &self.source_line;
        let after = line.find(['=', ':']).map_or(0, |i| i + 1);
        let start = after + (line[after..].len() - line[after..].trim_start().len());
        let end = line.trim_end().len().max(start);
        Span::new(line, start, end)
    }
}

/// Parsed front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    pub kind: FrontMatterKind,
    /// Top-level keys in the order written.
    pub entries: Vec<Entry>,
    /// 1-based file line of the opening delimiter.
    pub open_line: usize,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// A front-matter problem at a file line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FmError {
    pub line: usize,
    pub message: String,
    /// Where in the line the parser stopped, when it said.
    pub span: Option<Span>,
}

/// The unparsed front-matter block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawFrontMatter<'a> {
    pub kind: FrontMatterKind,
    pub text: &'a str,
    /// 1-based file line of the first line inside the block.
    pub first_line: usize,
}

/// Splits `text` into front matter (if any), body and the body's first line.
pub(crate) fn split(text: &str) -> Result<(Option<RawFrontMatter<'_>>, &str, usize), FmError> {
    let first = text.split('\n').next().unwrap_or("").trim_end();
    let kind = match first {
        "+++" => FrontMatterKind::Toml,
        "---" => FrontMatterKind::Yaml,
        _ => return Ok((None, text, 1)),
    };
    let start = first_line_len(text);
    let mut offset = start;
    for (line, raw) in (2..).zip(text[start..].split_inclusive('\n')) {
        if raw.trim_end() == kind.delimiter() {
            let fm = RawFrontMatter {
                kind,
                text: &text[start..offset],
                first_line: 2,
            };
            return Ok((Some(fm), &text[offset + raw.len()..], line + 1));
        }
        offset += raw.len();
    }
    Err(FmError {
        line: 1,
        message: format!(
            "front matter opened with `{0}` is never closed: add a line `{0}` after it",
            kind.delimiter()
        ),
        span: Some(Span::new(first, 0, first.len())),
    })
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').map(|i| i + 1).unwrap_or(text.len())
}

impl RawFrontMatter<'_> {
    /// Parses the block with the real TOML or YAML parser.
    pub(crate) fn parse(&self) -> Result<FrontMatter, FmError> {
        let entries = match self.kind {
            FrontMatterKind::Toml => self.parse_toml()?,
            FrontMatterKind::Yaml => self.parse_yaml()?,
        };
        Ok(FrontMatter {
            kind: self.kind,
            entries,
            open_line: self.first_line - 1,
        })
    }

    fn parse_toml(&self) -> Result<Vec<Entry>, FmError> {
        let table: toml::Table = toml::from_str(self.text).map_err(|e| {
            let (line, span) = match e.span() {
                Some(range) => {
                    let (line, span) = Span::in_text(self.text, range);
                    (line, Some(span))
                }
                None => (1, None),
            };
            FmError {
                line: self.first_line - 1 + line,
                message: format!("invalid TOML front matter: {}", e.message().trim()),
                span,
            }
        })?;
        let mut entries: Vec<Entry> = table
            .into_iter()
            .map(|(key, value)| {
                let (line, source_line) = self.key_line(&key);
                Entry {
                    line,
                    source_line,
                    key,
                    value: from_toml(value),
                }
            })
            .collect();
        entries.sort_by_key(|e| e.line);
        Ok(entries)
    }

    fn parse_yaml(&self) -> Result<Vec<Entry>, FmError> {
        let value: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(self.text).map_err(|e| FmError {
                line: self.first_line - 1 + e.location().map(|l| l.line()).unwrap_or(1),
                message: format!(
                    "invalid YAML front matter: {}",
                    file_lines(&e.to_string(), self.first_line - 1)
                ),
                span: e
                    .location()
                    .map(|l| Span::in_text(self.text, l.index()..l.index()).1),
            })?;
        let mapping = match value {
            serde_yaml_ng::Value::Null => return Ok(vec![]),
            serde_yaml_ng::Value::Mapping(m) => m,
            other => {
                return Err(FmError {
                    line: self.first_line,
                    message: format!(
                        "YAML front matter must be `key: value` lines, found {}",
                        from_yaml(other).kind()
                    ),
                    span: None,
                })
            }
        };
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping {
            let key = yaml_key(key);
            let (line, source_line) = self.key_line(&key);
            entries.push(Entry {
                line,
                source_line,
                key,
                value: from_yaml(value),
            });
        }
        Ok(entries)
    }

    /// The file line where a top-level key is written; the parsers do not keep key positions, so
    /// this looks for the first line that starts with the key followed by `=` or `:`. Returns
    /// the line and its text.
    fn key_line(&self, key: &str) -> (usize, String) {
        let sep = match self.kind {
            FrontMatterKind::Toml => '=',
            FrontMatterKind::Yaml => ':',
        };
        for (i, line) in self.text.lines().enumerate() {
            if self.kind == FrontMatterKind::Toml && is_table_header(line.trim(), key) {
                return (self.first_line + i, line.to_owned());
            }
            let rest = line
                .strip_prefix(key)
                .or_else(|| strip_quoted(line, '"', key))
                .or_else(|| strip_quoted(line, '\'', key));
            if let Some(rest) = rest {
                if rest.trim_start().starts_with(sep) {
                    return (self.first_line + i, line.to_owned());
                }
            }
        }
        (self.first_line, String::new())
    }
}

/// Whether `header` is `[key]` or `[[key]]` (compared in place: `key_line` runs for every key
/// on every line, and building the two strings each time was most of the cost of reading front
/// matter).
fn is_table_header(header: &str, key: &str) -> bool {
    let inside = |open: &str, close: &str| {
        header
            .strip_prefix(open)
            .and_then(|h| h.strip_suffix(close))
            .is_some_and(|h| h == key)
    };
    inside("[[", "]]") || inside("[", "]")
}

/// `line` after `key` written in `quote`s (`"key"`, `'key'`), if it opens so.
fn strip_quoted<'a>(line: &'a str, quote: char, key: &str) -> Option<&'a str> {
    line.strip_prefix(quote)?
        .strip_prefix(key)?
        .strip_prefix(quote)
}

/// Renumbers the `line N` positions in a parser message, which count from the top of the front
/// matter, so that they count from the top of the file like every other message.
fn file_lines(message: &str, offset: usize) -> String {
    static LINE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\bline (\d+)").expect("static regex"));
    LINE.replace_all(message, |c: &regex::Captures<'_>| {
        let n: usize = c[1].parse().unwrap_or(0);
        format!("line {}", n + offset)
    })
    .into_owned()
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Integer(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Datetime(d.to_string()),
        toml::Value::Array(a) => Value::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            Value::Table(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// A YAML mapping key as a string (`1` and `true` as written; other kinds by their kind).
fn yaml_key(key: serde_yaml_ng::Value) -> String {
    match key {
        serde_yaml_ng::Value::String(s) => s,
        other => match from_yaml(other) {
            Value::Integer(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            other => other.kind().to_owned(),
        },
    }
}

fn from_yaml(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::List(s.into_iter().map(from_yaml).collect()),
        Y::Mapping(m) => Value::Table(
            m.into_iter()
                .map(|(k, v)| (yaml_key(k), from_yaml(v)))
                .collect(),
        ),
        Y::Tagged(t) => from_yaml(t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The comparisons in place answer as the strings they replace.
        #[test]
        fn key_comparisons_in_place(key in "[a-b\\[\\]\"']{0,3}", line in "[a-b\\[\\]\"' =]{0,8}") {
            let header = line.trim();
            proptest::prop_assert_eq!(
                is_table_header(header, &key),
                header == format!("[[{key}]]") || header == format!("[{key}]")
            );
            proptest::prop_assert_eq!(strip_quoted(&line, '"', &key), line.strip_prefix(&format!("\"{key}\"")));
            proptest::prop_assert_eq!(strip_quoted(&line, '\'', &key), line.strip_prefix(&format!("'{key}'")));
        }
    }

    fn parse(text: &str) -> Result<(Option<FrontMatter>, String, usize), FmError> {
        let (raw, body, line) = split(text)?;
        let fm = raw.map(|r| r.parse()).transpose()?;
        Ok((fm, body.to_owned(), line))
    }

    #[test]
    fn no_front_matter() {
        let (fm, body, line) = parse("Hello\nworld\n").unwrap();
        assert!(fm.is_none());
        assert_eq!(body, "Hello\nworld\n");
        assert_eq!(line, 1);
    }

    #[test]
    fn toml_front_matter_with_lines() {
        let text = "+++\ntitle = \"A\"\n\ndate = 2022-01-08\ntags = [\"x\", \"y\"]\n+++\nBody\n";
        let (fm, body, line) = parse(text).unwrap();
        let fm = fm.unwrap();
        assert_eq!(fm.kind, FrontMatterKind::Toml);
        assert_eq!(body, "Body\n");
        assert_eq!(line, 7);
        assert_eq!(fm.get("title").unwrap().line, 2);
        assert_eq!(
            fm.get("date").unwrap().value,
            Value::Datetime("2022-01-08".into())
        );
        assert_eq!(fm.get("date").unwrap().line, 4);
        assert_eq!(
            fm.get("tags").unwrap().value,
            Value::List(vec![Value::String("x".into()), Value::String("y".into())])
        );
    }

    #[test]
    fn yaml_front_matter_with_lines() {
        let text = "---\ntitle: \"A: b\"\ndate: 2022-01-08\ntags:\n  - x\n  - y\n---\n\nBody";
        let (fm, body, line) = parse(text).unwrap();
        let fm = fm.unwrap();
        assert_eq!(fm.kind, FrontMatterKind::Yaml);
        assert_eq!(body, "\nBody");
        assert_eq!(line, 8);
        assert_eq!(fm.get("title").unwrap().value, Value::String("A: b".into()));
        assert_eq!(
            fm.get("date").unwrap().value,
            Value::String("2022-01-08".into())
        );
        assert_eq!(fm.get("tags").unwrap().line, 4);
    }

    #[test]
    fn errors_point_at_file_lines() {
        let err = parse("+++\ntitle = \"A\"\ndate = = 3\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{}", err.message);
        // The column the TOML parser reported: the second `=`.
        let span = err.span.clone().unwrap();
        assert_eq!((span.source.as_str(), span.column()), ("date = = 3", 8));
        assert!(err.message.starts_with("invalid TOML front matter"));
        let err = parse("---\ntitle: a\n  bad: [\n---\n").unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        let err = parse("---\ntitle: x\ntags: [a,\n  b: c\n---\n").unwrap_err();
        // `tags: [a,` is file line 3; the parser gives up at the closing `---`, file line 5.
        assert!(err.message.contains("at line 5 column 1"), "{err:?}");
        assert!(err.message.contains("at line 3 column 7"), "{err:?}");
        let err = parse("+++\ntitle = \"A\"\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn empty_yaml_is_fine_and_scalars_are_not() {
        let (fm, _, _) = parse("---\n---\nx").unwrap();
        assert!(fm.unwrap().entries.is_empty());
        assert!(parse("---\njust text\n---\nx").is_err());
    }
}
