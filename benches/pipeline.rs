//! In-process benchmarks of the pipeline stages on a corpus the benchmark writes itself.
//!
//! ```text
//! cargo bench --bench pipeline             # all, a few seconds each
//! cargo bench --bench pipeline -- render   # only the benchmarks whose name contains `render`
//! ```
//!
//! The corpus (`ITEMS` statements, deterministic) is written once into a temporary folder:
//! Markdown with TOML front matter, Markdown with YAML front matter, and plain-text statements
//! with a `[Source]` line, a signature `Organisation (dd.mm.yy)` and slogans. It depends on nothing
//! outside this file. Whole-process timings on large corpora are `scripts/bench`'s job.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use communique::build::{load_templates, render_all};
use communique::collect::{self, SourceFile};
use communique::config::Config;
use communique::model::Item;
use communique::normalise::normalise_all;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

/// Items in the generated corpus.
const ITEMS: usize = 500;
/// Subsets normalised on their own, to see how the cost grows.
const NORMALISE_SIZES: [usize; 2] = [100, ITEMS];

/// A small deterministic generator (SplitMix64): the corpus is the same on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

struct Lang {
    code: &'static str,
    words: &'static [&'static str],
    orgs: &'static [&'static str],
    slogans: &'static [&'static str],
    tags: &'static [&'static str],
}

const LANGS: [Lang; 4] = [
    Lang {
        code: "en",
        words: &[
            "workers",
            "strike",
            "wages",
            "union",
            "government",
            "solidarity",
            "the",
            "of",
            "and",
            "against",
            "for",
            "struggle",
            "movement",
            "rights",
            "prices",
            "demand",
            "youth",
            "class",
            "international",
            "R&D",
            "\"free\"",
            "<3",
        ],
        orgs: &["International Secretariat", "Executive Committee"],
        slogans: &[
            "Workers of the world, unite!",
            "Solidarity forever!",
            "Equal pay now!",
        ],
        tags: &["strikes", "solidarity", "wages"],
    },
    Lang {
        code: "pt",
        words: &[
            "trabalhadores",
            "greve",
            "salários",
            "sindicato",
            "governo",
            "solidariedade",
            "a",
            "de",
            "e",
            "contra",
            "para",
            "luta",
            "movimento",
            "direitos",
            "preços",
            "exigimos",
            "juventude",
            "classe",
            "«ação»",
            "Saúde & Educação",
        ],
        orgs: &["Comitê Central", "Secretariado Internacional"],
        slogans: &["Viva a solidariedade internacional!", "Abaixo a ditadura!"],
        tags: &["greves", "solidariedade"],
    },
    Lang {
        code: "es",
        words: &[
            "trabajadores",
            "huelga",
            "salarios",
            "sindicato",
            "gobierno",
            "solidaridad",
            "la",
            "de",
            "y",
            "contra",
            "para",
            "lucha",
            "movimiento",
            "derechos",
            "precios",
            "exigimos",
            "juventud",
            "clase",
            "“unidad”",
            "< 1234 €",
        ],
        orgs: &["Comité Ejecutivo", "Secretariado"],
        slogans: &["¡Viva el Primero de Mayo!", "¡Abajo la represión!"],
        tags: &["huelgas", "solidaridad"],
    },
    Lang {
        code: "ru",
        words: &[
            "рабочие",
            "забастовка",
            "зарплата",
            "профсоюз",
            "правительство",
            "солидарность",
            "и",
            "против",
            "за",
            "борьба",
            "движение",
            "права",
            "цены",
            "требуем",
            "молодёжь",
            "класс",
            "„свобода“",
        ],
        orgs: &["Исполнительный комитет", "Центральный комитет"],
        slogans: &[
            "Да здравствует солидарность!",
            "Равная оплата за равный труд!",
        ],
        tags: &["забастовки", "солидарность"],
    },
];

fn sentence(rng: &mut Rng, lang: &Lang, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(lang.words));
    }
    let mut chars = s.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

fn paragraph(rng: &mut Rng, lang: &Lang) -> String {
    let n = 2 + rng.below(5);
    (0..n)
        .map(|_| {
            let words = 8 + rng.below(14);
            sentence(rng, lang, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(rng: &mut Rng, lang: &Lang) -> String {
    let words = 4 + rng.below(6);
    let t = sentence(rng, lang, words);
    t.trim_end_matches('.').to_owned()
}

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

fn markdown_body(rng: &mut Rng, lang: &Lang) -> String {
    let mut body = String::new();
    let paragraphs = 3 + rng.below(8);
    for p in 0..paragraphs {
        match (p, rng.below(8)) {
            (0, _) | (_, 0..=4) => body.push_str(&paragraph(rng, lang)),
            (_, 5) => {
                let _ = write!(body, "## {}", title(rng, lang));
            }
            (_, 6) => {
                for _ in 0..3 {
                    let _ = writeln!(body, "- {}", sentence(rng, lang, 6));
                }
            }
            _ => {
                let _ = write!(
                    body,
                    "> {} *{}* **{}** [link](https://example.net/{p})",
                    sentence(rng, lang, 10),
                    rng.pick(lang.words),
                    rng.pick(lang.words)
                );
            }
        }
        body.push_str("\n\n");
    }
    body
}

/// Writes one statement file; returns its path relative to `items`.
fn write_item(items: &Path, i: usize, rng: &mut Rng) -> PathBuf {
    let lang = &LANGS[rng.below(LANGS.len())];
    let year = 2000 + rng.below(27);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let (hour, minute) = (rng.below(24), rng.below(60));
    let date = format!("{year:04}-{month:02}-{day:02}");
    let stem = format!("{date}-statement-{i:04}");
    let title = title(rng, lang);
    let org = rng.pick(lang.orgs);
    let tag = rng.pick(lang.tags);
    let (ext, text) = match i % 10 {
        // About 70 %: Markdown with TOML front matter.
        0..=6 => {
            let mut fm = format!(
                "+++\ntitle = {title:?}\ndate = {date}T{hour:02}:{minute:02}:00Z\n\
                 authors = {}\nlang = \"{}\"\ntags = {}\n",
                quoted_list(&[org]),
                lang.code,
                quoted_list(&[tag, "international"]),
            );
            if rng.below(3) == 0 {
                let _ = writeln!(
                    fm,
                    "source = \"https://example.net/{i}?lang={}&ref=x\"",
                    lang.code
                );
            }
            fm.push_str("+++\n\n");
            ("md", fm + &markdown_body(rng, lang))
        }
        // About 20 %: Markdown with YAML front matter, flow and block lists.
        7 | 8 => {
            let tags = if rng.below(2) == 0 {
                format!("tags: {}\n", quoted_list(&[tag]))
            } else {
                format!("tags:\n  - {tag}\n  - international\n")
            };
            let fm = format!(
                "---\ntitle: {title:?}\ndate: \"{date}\"\nauthors:\n  - {org}\nlang: {}\n{tags}---\n\n",
                lang.code
            );
            ("md", fm + &markdown_body(rng, lang))
        }
        // About 10 %: plain text, one paragraph a line, signature and slogans.
        _ => {
            let mut t = String::new();
            let _ = writeln!(t, "{}", paragraph(rng, lang));
            t.push_str("[Source]\n");
            for _ in 0..(3 + rng.below(5)) {
                let _ = writeln!(t, "{}", paragraph(rng, lang));
            }
            let _ = writeln!(t, "{org} ({day:02}.{month:02}.{:02})", year % 100);
            for _ in 0..(2 + rng.below(3)) {
                let _ = writeln!(t, "{}", rng.pick(lang.slogans));
            }
            ("txt", t)
        }
    };
    let rel = PathBuf::from(format!("{year:04}")).join(format!("{stem}.{ext}"));
    let path = items.join(&rel);
    std::fs::create_dir_all(path.parent().expect("a year folder")).expect("create year folder");
    std::fs::write(&path, text).expect("write item");
    rel
}

/// The generated instance: its folder (removed on drop) and loaded configuration.
struct Corpus {
    _dir: tempfile::TempDir,
    config: Config,
}

fn corpus() -> Corpus {
    let dir = tempfile::Builder::new()
        .prefix("communique-bench-")
        .tempdir()
        .expect("temporary folder");
    let items = dir.path().join("items");
    let mut rng = Rng(0x00C0_FFEE);
    for i in 0..ITEMS {
        write_item(&items, i, &mut rng);
    }
    let config_path = dir.path().join("config.toml");
    std::fs::write(
        &config_path,
        format!(
            "title = \"Benchmark statements\"\nbase_url = \"https://example.org/statements/\"\n\
             author = \"Benchmark Organisation\"\nlang = \"en\"\nlimit = {ITEMS}\n\
             id_authority = \"example.org\"\nid_date = \"2022\"\n\
             items_dir = \"items\"\noutput_dir = \"public\"\n"
        ),
    )
    .expect("write config.toml");
    let config = Config::load(&config_path).expect("the generated config.toml is valid");
    Corpus { _dir: dir, config }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn collect_files(config: &Config) -> Vec<SourceFile> {
    let collected =
        collect::collect(&config.items_dir, &config.limits, &display).expect("collect the corpus");
    assert_eq!(
        collected.files.len(),
        ITEMS,
        "every generated file is collected"
    );
    collected.files
}

fn normalised(config: &Config, files: &[SourceFile]) -> Vec<Item> {
    let (items, diagnostics) = normalise_all(files, config);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the generated corpus has errors: {errors:#?}"
    );
    items
}

fn benches(c: &mut Criterion) {
    let corpus = corpus();
    let config = &corpus.config;
    let files = collect_files(config);
    let items = normalised(config, &files);

    // Flat sampling: each iteration takes tens of milliseconds, too long for linear sampling
    // within a few seconds.
    let mut group = c.benchmark_group("collect_normalise");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function(BenchmarkId::from_parameter(ITEMS), |b| {
        b.iter(|| {
            let collected =
                collect::collect(&config.items_dir, &config.limits, &display).expect("collect");
            black_box(normalise_all(&collected.files, config))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("normalise");
    group.sampling_mode(SamplingMode::Flat);
    for n in NORMALISE_SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &files[..n], |b, files| {
            b.iter(|| black_box(normalise_all(files, config)))
        });
    }
    group.finish();

    // Every document a build writes (feeds in three formats for the main, language, tag and
    // archive feeds, and the HTML pages), rendered in memory: no file is written.
    let templates = load_templates(config).expect("the built-in templates load");
    let mut group = c.benchmark_group("render_all");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(items.len() as u64));
    group.bench_with_input(
        BenchmarkId::from_parameter(items.len()),
        &items,
        |b, items| b.iter(|| black_box(render_all(items, config, &templates).expect("render"))),
    );
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = pipeline;
    config = config();
    targets = benches
}
criterion_main!(pipeline);
