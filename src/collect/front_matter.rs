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
    let delimiter = kind.delimiter();
    for (line, raw) in (2..).zip(crate::types::text::split_inclusive_lines(&text[start..])) {
        // A line that trims to the delimiter starts with it: most lines are passed on their
        // first byte, without trimming them.
        if raw.starts_with(delimiter) && raw.trim_end() == delimiter {
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

    /// The TOML block's entries. The parser's own tree ([`toml::de::DeTable`]) is turned into
    /// [`Value`]s directly ([`from_de_table`]), without deserialising it into a `toml::Table`
    /// first (a third of the cost of the block); when a value is one that deserialising may
    /// refuse or read otherwise (a number out of range, a key of `toml`'s own), the block is
    /// read by `toml::from_str` as before, for the same values or the same error.
    fn parse_toml(&self) -> Result<Vec<Entry>, FmError> {
        let tree = toml::de::DeTable::parse(self.text).map_err(|e| self.toml_error(&e))?;
        let table = match from_de_table(tree.into_inner()) {
            Some(table) => table,
            None => self.parse_toml_deserialised()?,
        };
        Ok(self.entries_of(table))
    }

    /// `table`'s keys and values, each with the line of its key, in the block's order.
    fn entries_of(&self, table: Vec<(String, Value)>) -> Vec<Entry> {
        let lines = self.lines();
        let mut entries: Vec<Entry> = table
            .into_iter()
            .map(|(key, value)| {
                let (line, source_line) = self.key_line(&lines, &key);
                Entry {
                    line,
                    source_line,
                    key,
                    value,
                }
            })
            .collect();
        entries.sort_by_key(|e| e.line);
        entries
    }

    /// The TOML block's keys and values, deserialised into a `toml::Table` by `toml::from_str`.
    fn parse_toml_deserialised(&self) -> Result<Vec<(String, Value)>, FmError> {
        let table: toml::Table = toml::from_str(self.text).map_err(|e| self.toml_error(&e))?;
        Ok(table
            .into_iter()
            .map(|(key, value)| (key, from_toml(value)))
            .collect())
    }

    /// The diagnostic for a TOML error, at its file line.
    fn toml_error(&self, e: &toml::de::Error) -> FmError {
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
        let lines = self.lines();
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping {
            let key = yaml_key(key);
            let (line, source_line) = self.key_line(&lines, &key);
            entries.push(Entry {
                line,
                source_line,
                key,
                value: from_yaml(value),
            });
        }
        Ok(entries)
    }

    /// The block's lines (as `str::lines` splits them), split once for every key's
    /// [`key_line`](Self::key_line): splitting the block again for each key cost more than
    /// looking for the keys.
    fn lines(&self) -> Vec<&str> {
        crate::types::text::lines(self.text).collect()
    }

    /// The file line where a top-level key is written; the parsers do not keep key positions, so
    /// this looks for the first of the block's `lines` that starts with the key followed by `=`
    /// or `:`. Returns the line and its text.
    fn key_line(&self, lines: &[&str], key: &str) -> (usize, String) {
        let sep = match self.kind {
            FrontMatterKind::Toml => '=',
            FrontMatterKind::Yaml => ':',
        };
        for (i, line) in lines.iter().enumerate() {
            if self.kind == FrontMatterKind::Toml && is_table_header(line.trim(), key) {
                return (self.first_line + i, (*line).to_owned());
            }
            if !may_open_with(line, key) {
                continue;
            }
            let rest = line
                .strip_prefix(key)
                .or_else(|| strip_quoted(line, '"', key))
                .or_else(|| strip_quoted(line, '\'', key));
            if let Some(rest) = rest {
                if rest.trim_start().starts_with(sep) {
                    return (self.first_line + i, (*line).to_owned());
                }
            }
        }
        (self.first_line, String::new())
    }
}

/// Whether `line` may open with `key`, bare or quoted: its first byte is the key's or a quote
/// (an empty key opens every line). One comparison passes most lines for most keys.
fn may_open_with(line: &str, key: &str) -> bool {
    match (key.as_bytes().first(), line.as_bytes().first()) {
        (None, _) => true,
        (Some(&k), Some(&b)) => b == k || b == b'"' || b == b'\'',
        (Some(_), None) => false,
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

/// A table of the TOML parser's tree as [`from_toml`] gives it after `toml::from_str`: its keys
/// in the tree's order (a `toml::Table`'s), each value as [`from_de_value`] gives it. `None`
/// when one of them gives `None`, or a key starts with `$`: `toml` reads a table whose first
/// key is its private datetime field (`$__toml_private_datetime`) as a datetime.
fn from_de_table(table: toml::de::DeTable<'_>) -> Option<Vec<(String, Value)>> {
    table
        .into_iter()
        .map(|(key, value)| {
            let key = key.into_inner();
            if key.starts_with('$') {
                return None;
            }
            Some((key.into_owned(), from_de_value(value.into_inner())?))
        })
        .collect()
}

/// A value of the TOML parser's tree as `toml::from_str` and [`from_toml`] give it; `None`
/// where deserialising it could fail: an integer that is not an `i64` (`toml` then tries
/// `u64` and wider types, which a `toml::Value` refuses), or a float `toml` calls overflowed
/// (infinite, not written `inf`).
fn from_de_value(value: toml::de::DeValue<'_>) -> Option<Value> {
    use toml::de::DeValue as D;
    Some(match value {
        D::String(s) => Value::String(s.into_owned()),
        D::Integer(i) => Value::Integer(i64::from_str_radix(i.as_str(), i.radix()).ok()?),
        D::Float(f) => {
            let parsed: f64 = f.as_str().parse().ok()?;
            if parsed.is_infinite() && !f.as_str().contains("inf") {
                return None;
            }
            Value::Float(parsed)
        }
        D::Boolean(b) => Value::Bool(b),
        D::Datetime(d) => Value::Datetime(d.to_string()),
        D::Array(a) => Value::List(
            a.into_iter()
                .map(|v| from_de_value(v.into_inner()))
                .collect::<Option<_>>()?,
        ),
        D::Table(t) => Value::Table(from_de_table(t)?),
    })
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
            let opens = line.starts_with(key.as_str())
                || line.starts_with(&format!("\"{key}\""))
                || line.starts_with(&format!("'{key}'"));
            proptest::prop_assert!(!opens || may_open_with(&line, &key));
            proptest::prop_assert_eq!(strip_quoted(&line, '\'', &key), line.strip_prefix(&format!("'{key}'")));
        }
    }

    /// The TOML block's entries read as they were before the parser's tree was read directly:
    /// `toml::from_str` into a `toml::Table`, each key's line looked for in the whole block.
    fn toml_entries_deserialised(raw: &RawFrontMatter<'_>) -> Result<Vec<Entry>, FmError> {
        Ok(raw.entries_of(raw.parse_toml_deserialised()?))
    }

    /// TOML lines of every kind of value, and of what deserialising refuses or reads otherwise.
    fn toml_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let key = proptest::sample::select(vec![
            "a",
            "b",
            "title",
            "\"q k\"",
            "'lit'",
            "a.b",
            "x.y.z",
            "$__toml_private_datetime",
            "\"$x\"",
            "",
        ]);
        let value = proptest::sample::select(vec![
            "1",
            "-5",
            "+3",
            "1_000",
            "0xff",
            "0o17",
            "0b101",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1.5",
            "-0.0",
            "1e400",
            "-1e400",
            "inf",
            "-inf",
            "nan",
            "1_0.5e-3",
            "true",
            "false",
            "\"s\"",
            "'l'",
            "\"\"\"m\nn\"\"\"",
            "\"\\u00e9\"",
            "2022-01-08",
            "2022-01-08T10:00:00+01:00",
            "1979-05-27T07:32:00",
            "07:32:00",
            "[1, \"a\"]",
            "[[1], [2.5]]",
            "{ c = 1, d.e = \"f\" }",
            "{ $__toml_private_datetime = 1 }",
            "[{ a = 1 }, { b = [] }]",
            "= 2",
            "",
        ]);
        let header = proptest::sample::select(vec!["[t]", "[[arr]]", "[t.u]", "[a]"]);
        proptest::prop_oneof![
            4 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
            1 => header.prop_map(str::to_owned),
        ]
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        /// The parser's tree read directly gives the entries, or the error, that deserialising it
        /// gave.
        #[test]
        fn toml_tree_read_as_deserialised(lines in proptest::collection::vec(toml_line(), 0..6)) {
            let text = format!("{}\n", lines.join("\n"));
            let raw = RawFrontMatter {
                kind: FrontMatterKind::Toml,
                text: &text,
                first_line: 2,
            };
            // Debug output, since a NaN is not equal to itself.
            proptest::prop_assert_eq!(
                format!("{:?}", raw.parse().map(|fm| fm.entries)),
                format!("{:?}", toml_entries_deserialised(&raw))
            );
        }
    }

    #[test]
    fn toml_values_deserialising_refuses_give_its_errors() {
        for text in [
            "a = 9223372036854775808\n",
            "a = [1, 18446744073709551616]\n",
            "a = 1e400\n",
            "[t]\n$__toml_private_datetime = \"1979-05-27\"\n",
        ] {
            let raw = RawFrontMatter {
                kind: FrontMatterKind::Toml,
                text,
                first_line: 2,
            };
            assert_eq!(
                format!("{:?}", raw.parse().map(|fm| fm.entries)),
                format!("{:?}", toml_entries_deserialised(&raw)),
                "{text:?}"
            );
        }
        let raw = RawFrontMatter {
            kind: FrontMatterKind::Toml,
            text: "a = 9223372036854775808\n",
            first_line: 2,
        };
        let err = raw.parse().unwrap_err();
        assert!(
            err.message.starts_with("invalid TOML front matter"),
            "{err:?}"
        );
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
