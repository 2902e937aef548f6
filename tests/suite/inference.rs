//! Inference on statements as they are written in the wild: the `languages` fixture holds
//! statements without front matter in pt, es, en, fr, de, it, ru, ar and he, in every shape the
//! rules know (dates in words, a place before the date, the date before the signatory, a
//! signatory line and a date line, signatory lists, `¡` and capital slogans, `Source:` lines,
//! first-line titles, CRLF + BOM + no-break spaces + smart quotes, ambiguous numeric dates).
//! Every item is checked field by field, with where each value came from, and `check`'s
//! warnings are checked word for word. Property tests of the date rules close the file.

use std::path::Path;

use communique::instance::Instance;
use communique::model::{Item, Origin, Rule};

const FIXTURE: &str = "tests/fixtures/languages/config.toml";

fn text(line: usize, rule: &'static str) -> Origin {
    let rule = Rule::from_name(rule).unwrap_or_else(|| panic!("no rule named {rule}"));
    Origin::Text { line, rule }
}

/// What one item must normalise to.
struct Expected {
    file: &'static str,
    title: (&'static str, Origin),
    /// `yyyy-mm-dd` and where it came from.
    published: (&'static str, Origin),
    authors: (&'static [&'static str], Origin),
    lang: &'static str,
    source: Option<(&'static str, Origin)>,
    slogans: &'static [&'static str],
    signature: Option<&'static str>,
    /// `line: message` for every diagnostic about the file.
    warnings: &'static [&'static str],
}

fn title_warning(line: usize, title: &str) -> String {
    format!(
        "{line}: title inferred from the first line: \"{title}\"; add `title` to the front \
         matter to choose it"
    )
}

fn expected() -> Vec<Expected> {
    vec![
        Expected {
            file: "2022-01-08-kazakhstan.en.md",
            title: ("Hands off Kazakhstan", text(1, "markdown-heading")),
            published: ("2022-01-08", text(9, "d month yyyy")),
            authors: (
                &["Central Committee of the Marxist Tendency (Russia)"],
                text(9, "signature"),
            ),
            lang: "en",
            source: None,
            slogans: &[
                "Down with the military intervention!",
                "Long live the struggle of the workers of Kazakhstan!",
            ],
            signature: Some(
                "Saturday 8 January 2022 — Central Committee of the Marxist Tendency (Russia)",
            ),
            warnings: &[],
        },
        Expected {
            file: "2022-01-08-kazakhstan.pt.txt",
            title: ("Tirem as mãos do Cazaquistão", text(1, "first-line")),
            published: ("2022-01-08", text(6, "d month yyyy")),
            authors: (
                &["Comitê Central da Tendência Marxista (Rússia)"],
                text(5, "signatory-line"),
            ),
            lang: "pt",
            source: Some((
                "https://example.net/pt/2022/01/cazaquistao",
                text(2, "source-line"),
            )),
            slogans: &[
                "Abaixo a intervenção militar!",
                "Viva a luta dos trabalhadores do Cazaquistão!",
            ],
            signature: Some(
                "Comitê Central da Tendência Marxista (Rússia)\nMoscou, 8 de janeiro de 2022",
            ),
            warnings: &["title:1"],
        },
        Expected {
            file: "ar-tadamun.txt",
            title: ("التضامن مع عمال كازاخستان", text(1, "first-line")),
            published: ("2022-01-08", text(5, "d month yyyy")),
            authors: (
                &["اللجنة التنفيذية لاتحاد العمال الديمقراطي"],
                text(4, "signatory-line"),
            ),
            lang: "ar",
            source: None,
            slogans: &["عاش نضال عمال كازاخستان!"],
            signature: Some("اللجنة التنفيذية لاتحاد العمال الديمقراطي\nالقاهرة، ٨ يناير ٢٠٢٢"),
            warnings: &["title:1"],
        },
        Expected {
            file: "de-solidaritaet.md",
            title: (
                "Solidarität mit den Streikenden in Kasachstan",
                text(1, "first-line"),
            ),
            published: ("2022-01-06", text(9, "d month yyyy")),
            authors: (
                &[
                    "Gewerkschaftsgruppe Metall Berlin",
                    "Sozialistische Jugend Hamburg",
                ],
                text(11, "signatory-list"),
            ),
            lang: "de",
            source: None,
            slogans: &["Hoch die internationale Solidarität!"],
            signature: Some(
                "Berlin, den 6. Januar 2022\nUnterzeichnet von:\nGewerkschaftsgruppe Metall \
                 Berlin\nSozialistische Jugend Hamburg",
            ),
            warnings: &["title:1"],
        },
        Expected {
            file: "en-free-the-strikers.txt",
            title: ("Free the arrested strikers", text(1, "first-line")),
            published: ("2022-01-10", text(8, "month d, yyyy")),
            authors: (
                &[
                    "International Secretariat",
                    "Oil Workers' Solidarity Network",
                ],
                text(5, "signatory-list"),
            ),
            lang: "en",
            source: Some((
                "https://example.net/en/2022/01/free-the-strikers",
                text(2, "source-line"),
            )),
            slogans: &["Solidarity with the workers of Kazakhstan!"],
            signature: Some(
                "Signed by:\n* International Secretariat\n* Oil Workers' Solidarity \
                 Network\nJanuary 10, 2022",
            ),
            warnings: &["title:1"],
        },
        Expected {
            file: "en-us-teachers.md",
            title: (
                "Teachers' strike: the city must negotiate",
                text(4, "first-line"),
            ),
            published: ("2022-03-04", text(11, "mm/dd/yyyy")),
            authors: (&["Chicago Labor Council"], text(11, "signature")),
            lang: "en-US",
            source: None,
            slogans: &["Victory to the teachers!"],
            signature: Some("Chicago Labor Council (03/04/2022)"),
            warnings: &[
                "title:4",
                "11: read 03/04/2022 as 4 March 2022 (month first, from the item's language \
                 en-US); write 2022-03-04 to make it unambiguous",
            ],
        },
        Expected {
            file: "es-primero-de-mayo.txt",
            title: (
                "Primero de Mayo: unidad contra la carestía",
                text(1, "first-line"),
            ),
            published: ("2023-05-01", text(7, "d month yyyy")),
            authors: (
                &[
                    "Comité Ejecutivo de la Corriente Obrera",
                    "Sindicato de Trabajadores del Metal de Madrid",
                ],
                text(4, "signatory-list"),
            ),
            lang: "es",
            source: None,
            slogans: &[
                "¡Viva el Primero de Mayo!",
                "¡Viva la solidaridad internacional de la clase trabajadora!",
            ],
            signature: Some(
                "Firman:\n- Comité Ejecutivo de la Corriente Obrera\n- Sindicato de \
                 Trabajadores del Metal de Madrid\nMadrid, 1 de mayo de 2023",
            ),
            warnings: &["title:1"],
        },
        Expected {
            file: "fr-retraites.txt",
            title: ("Non à la réforme des retraites", text(1, "first-line")),
            published: ("2021-03-12", text(6, "d month yyyy")),
            authors: (&["Bureau national"], text(5, "signatory-line")),
            lang: "fr",
            source: Some((
                "https://example.net/fr/2021/03/retraites",
                text(2, "source-line"),
            )),
            slogans: &[
                "Tous ensemble, tous ensemble, grève générale !",
                "Retrait de la réforme !",
            ],
            signature: Some("Le Bureau national\nParis, le 12 mars 2021"),
            warnings: &["title:1"],
        },
        Expected {
            file: "he-solidarity.txt",
            title: ("סולידריות עם עובדי קזחסטן", text(1, "first-line")),
            published: ("2022-01-08", text(4, "d month yyyy")),
            authors: (&["הוועד המרכזי"], text(4, "signature")),
            lang: "he",
            source: None,
            slogans: &["תחי הסולידריות הבינלאומית!"],
            signature: Some("8 בינואר 2022 — הוועד המרכזי"),
            warnings: &["title:1"],
        },
        Expected {
            file: "it-primo-maggio.txt",
            title: ("Primo Maggio a Genova", text(1, "first-line")),
            published: ("2024-05-01", text(7, "d month yyyy")),
            authors: (
                &[
                    "Collettivo Autonomo Lavoratori Portuali",
                    "Sezione Sestri Ponente",
                ],
                text(4, "signatory-list"),
            ),
            lang: "it",
            source: None,
            slogans: &["VIVA IL PRIMO MAGGIO", "ORA E SEMPRE RESISTENZA"],
            signature: Some(
                "Firmatari:\nCollettivo Autonomo Lavoratori Portuali\nSezione Sestri \
                 Ponente\nGenova, 1° maggio 2024",
            ),
            warnings: &["title:1"],
        },
        Expected {
            file: "pt-greve-geral.txt",
            title: (
                "Greve geral contra a reforma trabalhista",
                text(1, "first-line"),
            ),
            published: ("2022-04-03", text(4, "dd/mm/yyyy")),
            authors: (
                &["Comissão Executiva da Frente Sindical"],
                text(4, "signature"),
            ),
            lang: "pt",
            source: None,
            slogans: &["Pela revogação da reforma trabalhista!"],
            signature: Some("03/04/2022 — Comissão Executiva da Frente Sindical"),
            warnings: &[
                "title:1",
                "4: read 03/04/2022 as 3 April 2022 (day first, from the item's language pt); \
                 write 2022-04-03 to make it unambiguous",
            ],
        },
        Expected {
            file: "ru-ruki-proch.txt",
            title: ("Руки прочь от Казахстана", text(1, "first-line")),
            published: ("2022-01-08", text(5, "d month yyyy")),
            authors: (
                &["Центральный комитет Марксистской тенденции (Россия)"],
                text(6, "signatory-line"),
            ),
            lang: "ru",
            source: Some((
                "https://example.net/ru/2022/01/kazakhstan",
                text(2, "source-line"),
            )),
            slogans: &["ДОЛОЙ ИНТЕРВЕНЦИЮ", "РУКИ ПРОЧЬ ОТ КАЗАХСТАНА"],
            signature: Some(
                "Москва, 8 января 2022 г.\nЦентральный комитет Марксистской тенденции (Россия)",
            ),
            warnings: &["title:1"],
        },
    ]
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn load() -> Instance {
    Instance::load(Path::new(FIXTURE)).expect("the fixture loads")
}

#[test]
fn every_item_is_read_as_a_person_would() {
    let instance = load();
    let expected = expected();
    let names: Vec<&str> = instance.items.iter().map(|i| file_name(&i.path)).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.file).collect();
    assert_eq!(names, want, "every fixture file is an item, in file order");
    for (item, e) in instance.items.iter().zip(&expected) {
        check_item(item, e);
    }
}

fn check_item(item: &Item, e: &Expected) {
    let f = e.file;
    assert_eq!(
        (item.title.value.as_str(), &item.title.origin),
        (e.title.0, &e.title.1),
        "{f}: title"
    );
    assert_eq!(
        (
            item.published.value.format("%Y-%m-%d").to_string().as_str(),
            &item.published.origin
        ),
        (e.published.0, &e.published.1),
        "{f}: published"
    );
    assert_eq!(
        item.published.value.format("%H:%M:%S%:z").to_string(),
        "00:00:00+00:00",
        "{f}: midnight UTC"
    );
    assert_eq!(item.updated.value, item.published.value, "{f}: updated");
    assert_eq!(
        (item.authors.value.as_slice(), &item.authors.origin),
        (
            &e.authors
                .0
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()[..],
            &e.authors.1
        ),
        "{f}: authors"
    );
    assert_eq!(item.lang.value, e.lang, "{f}: lang");
    match (f, &item.lang.origin) {
        ("en-us-teachers.md", o) => assert_eq!(o, &Origin::FrontMatter { line: 2 }, "{f}"),
        // Translations also carry their language in the file name (`.pt.txt`), which a rule of
        // the feed set reads first.
        (n, Origin::FileName) if n.starts_with("2022-01-08-kazakhstan.") => {}
        (_, o) => assert!(
            matches!(o, Origin::Detected { confidence } if *confidence >= 0.9),
            "{f}: lang origin {o:?}"
        ),
    }
    assert_eq!(
        item.source
            .as_ref()
            .map(|s| (s.value.as_str(), s.origin.clone())),
        e.source.clone(),
        "{f}: source"
    );
    assert_eq!(item.slogans, e.slogans, "{f}: slogans");
    assert_eq!(item.signature.as_deref(), e.signature, "{f}: signature");
    assert_eq!(item.tags.value, Vec::<String>::new(), "{f}: tags");
    assert!(!item.draft, "{f}: draft");
}

#[test]
fn check_says_exactly_what_was_inferred_with_doubt() {
    let instance = load();
    for e in expected() {
        let got: Vec<String> = instance
            .diagnostics
            .iter()
            .filter(|d| file_name(&d.path) == e.file)
            .map(|d| {
                assert!(!d.is_error(), "{}: {d}", e.file);
                format!("{}: {}", d.line.unwrap_or(0), d.message)
            })
            .collect();
        let want: Vec<String> = e
            .warnings
            .iter()
            .map(|w| match w.strip_prefix("title:") {
                Some(line) => title_warning(line.parse().unwrap_or(0), e.title.0),
                None => (*w).to_owned(),
            })
            .collect();
        assert_eq!(got, want, "{}", e.file);
    }
    assert_eq!(instance.diagnostics.len(), 13);
}

#[test]
fn the_byte_order_mark_line_ends_and_no_break_spaces_change_nothing() {
    let raw = std::fs::read("tests/fixtures/languages/items/fr-retraites.txt").unwrap();
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF"),
        "the fixture keeps its BOM"
    );
    assert!(
        raw.windows(2).any(|w| w == b"\r\n"),
        "and its CRLF line ends"
    );
    let text = String::from_utf8(raw).unwrap();
    assert!(text.contains('\u{a0}') && text.contains('\u{202f}') && text.contains('“'));
    let instance = load();
    let item = instance
        .items
        .iter()
        .find(|i| i.path.ends_with("fr-retraites.txt"))
        .unwrap();
    // The source line became the link paragraph; no stray \r, BOM or marker text.
    assert!(item
        .content_html
        .starts_with("<p><a href=\"https://example.net/fr/2021/03/retraites\""));
    assert!(!item.content_html.contains(['\r', '\u{feff}']));
    assert!(!item.content_html.contains("Source\u{a0}:"));
    assert_eq!(item.summary.value, "Le gouvernement veut nous faire travailler deux ans de plus pendant que les profits des grandes entreprises battent des records.");
}

#[test]
fn source_lines_are_links_not_text() {
    let instance = load();
    for item in instance.items.iter().filter(|i| i.source.is_some()) {
        let url = item.source.as_ref().unwrap().value.as_str();
        assert!(
            item.content_html.contains(&format!("href=\"{url}\"")),
            "{}",
            item.path
        );
        assert!(
            !item.content_html.contains(&format!(">{url}<")),
            "{}",
            item.path
        );
        for word in ["Fonte:", "Источник:", "[Source]"] {
            assert!(!item.content_html.contains(word), "{}: {word}", item.path);
        }
    }
}

/// The seed statement (the verbatim copy in `fixtures/seed`, without front matter) normalises
/// exactly as before the rules grew.
#[test]
fn the_seed_statement_is_unchanged() {
    let instance = Instance::load(Path::new("tests/fixtures/seed/config.toml"))
        .expect("the seed instance loads");
    let seed = instance
        .items
        .iter()
        .find(|i| i.stem == "000_9d9a61bf827e93db")
        .expect("the seed statement");
    assert_eq!(seed.lang.value, "pt");
    assert_eq!(
        seed.published.value.to_rfc3339(),
        "2022-01-08T00:00:00+00:00"
    );
    assert_eq!(seed.published.origin, text(7, "dd.mm.yy"));
    assert_eq!(
        seed.authors.value,
        ["Comitê Central da Tendência Marxista (Rússia)"]
    );
    assert_eq!(seed.authors.origin, text(7, "signature"));
    assert_eq!(seed.slogans.len(), 4);
    assert_eq!(
        seed.signature.as_deref(),
        Some("Comitê Central da Tendência Marxista (Rússia) (08.01.22)")
    );
    assert_eq!(seed.source, None);
    assert_eq!(seed.title.origin, text(1, "first-sentence"));
    // Five paragraphs and the signature and slogans; the marker is left out without a link.
    assert_eq!(seed.content_html.matches("<p>").count(), 5 + 1 + 4);
    let seed_warnings: Vec<&str> = instance
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("000_9d9a61bf827e93db.txt"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(seed_warnings.len(), 2, "{seed_warnings:?}");
    assert!(seed_warnings[1].starts_with("`[Source]` marks a source"));
}

/// Properties of the date rules over arbitrary input.
mod properties {
    use chrono::{Datelike, NaiveDate};
    use communique::normalise::date_words::long_form;
    use communique::normalise::dates::{find_in_text, read, DateOrder};
    use proptest::prelude::*;

    const LANGS: &[&str] = &["pt", "es", "en", "fr", "de", "it", "ru", "uk", "ar", "he"];

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..2100, 1u32..=12, 1u32..=31)
            .prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest! {
        #[test]
        fn never_panics_and_finds_only_real_dates(text in "\\PC{0,80}") {
            if let Some(f) = find_in_text(&text) {
                // The span is a real slice of the text, and the dates are calendar dates
                // (NaiveDate cannot hold anything else; the reading must exist too).
                prop_assert!(text.get(f.span.clone()).is_some());
                let r = read(&f, &text, "en-US", DateOrder::Auto);
                prop_assert!(r.date == f.date || Some(r.date) == f.month_first);
            }
        }

        #[test]
        fn never_panics_on_date_like_noise(
            text in "[0-9٠-٩ ./,°º-]{0,12}(de |le |January |января |يناير |Mai |mars )?[0-9 .,г]{0,8}"
        ) {
            if let Some(f) = find_in_text(&text) {
                prop_assert!(text.get(f.span.clone()).is_some());
            }
        }

        #[test]
        fn long_forms_round_trip(date in any_date(), lang in prop::sample::select(LANGS)) {
            let text = long_form(date, lang).unwrap_or_default();
            let found = find_in_text(&text);
            prop_assert_eq!(found.map(|f| f.date), Some(date), "{}", text);
        }

        #[test]
        fn long_forms_round_trip_in_a_signature(
            date in any_date(),
            lang in prop::sample::select(LANGS),
        ) {
            let line = format!("Comité Central, {}", long_form(date, lang).unwrap_or_default());
            let found = find_in_text(&line);
            prop_assert_eq!(found.map(|f| f.date), Some(date), "{}", line);
        }

        #[test]
        fn english_month_first_round_trips(date in any_date()) {
            let line = format!("{} {}, {}", date.format("%B"), date.day(), date.year());
            prop_assert_eq!(find_in_text(&line).map(|f| f.date), Some(date), "{}", line);
        }

        #[test]
        fn numeric_dates_round_trip(date in any_date()) {
            let line = date.format("%d.%m.%Y").to_string();
            prop_assert_eq!(find_in_text(&line).map(|f| f.date), Some(date));
            let line = date.format("%Y-%m-%d").to_string();
            prop_assert_eq!(find_in_text(&line).map(|f| f.date), Some(date));
        }
    }
}
