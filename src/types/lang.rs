//! Languages: checking BCP 47 tags written by people, and detecting the language of a text.
//!
//! Detection is whatlang's (computed for Latin-script text by [`super::latin_lang`], with the
//! same answers); it answers in ISO 639-3 (`por`, `cmn`), which is turned into the
//! shortest BCP 47 tag feeds need (`pt`, `zh`): `xml:lang`, RSS `language` and JSON Feed
//! `language` all require BCP 47, and the tag also names the language's feed folder.

/// The longest text handed to the detector: more adds time, not accuracy. Detection's time
/// grows with the sample (about 8 ns a character here), and was a tenth of a cold build's CPU at
/// 4,000. At 1,500 characters a sample holds more than two whole statements of the evaluation
/// corpus (median 585 bytes), whose languages are all detected right, and every one of the
/// 10,000 generated benchmark items (about 4 KB each, seven languages, Spanish and Portuguese
/// among them) is detected as at 4,000 (and at 1,000); measured in `benches/RESULTS.md`
/// (2026-12-07, morning).
const DETECT_CHARS: usize = 1500;

/// Normalises a language tag written by a person (`pt_br`, `PT-BR`, `por-br`) to the shortest
/// valid BCP 47 tag in its case conventions (`pt-BR`), or `None` if it is not one.
///
/// The syntax is checked by oxilangtag (RFC 5646); the primary language subtag must also be a
/// registered ISO 639 code (isolang), and a three-letter code with a two-letter equivalent is
/// replaced by it, as BCP 47 requires (`por` is not a valid tag, `pt` is).
pub(crate) fn normalise_tag(tag: &str) -> Option<String> {
    let tag = oxilangtag::LanguageTag::parse_and_normalize(&tag.trim().replace('_', "-")).ok()?;
    let primary = tag.primary_language();
    let shortest = shortest_language(primary)?;
    Some(format!("{shortest}{}", &tag.as_str()[primary.len()..]))
}

/// The shortest registered code for an ISO 639 language code (`por` → `pt`, `ast` → `ast`), or
/// `None` when it is not one.
fn shortest_language(code: &str) -> Option<&str> {
    match code.len() {
        2 => isolang::Language::from_639_1(code).map(|_| code),
        3 => {
            let language = isolang::Language::from_639_3(code)?;
            Some(language.to_639_1().unwrap_or(code))
        }
        _ => None,
    }
}

/// The BCP 47 tag of a language whatlang detects. whatlang names some languages by the ISO
/// 639-3 code of one member of a macrolanguage (Mandarin `cmn`, Iranian Persian `pes`); feeds
/// and readers know them by the macrolanguage's two-letter code (`zh`, `fa`).
pub(crate) fn detected_tag(lang: whatlang::Lang) -> String {
    let code3 = match lang {
        whatlang::Lang::Cmn => "zho",
        whatlang::Lang::Pes => "fas",
        other => other.code(),
    };
    shortest_language(code3).unwrap_or(code3).to_owned()
}

/// A language guess.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Detected {
    /// The shortest BCP 47 tag (ISO 639-1 where one exists).
    pub code: String,
    pub confidence: f64,
    pub reliable: bool,
}

/// The least confidence at which detection's best guess is taken although it is not reliable
/// (whatlang calls a guess reliable above 0.9): a short statement in a language the
/// configuration does not name is far more often right with its best guess than with the
/// configured language. The guess is still a warning.
pub(crate) const GUESS_CONFIDENCE: f64 = 0.3;

/// The first [`DETECT_CHARS`] characters of `text`.
fn sample(text: &str) -> &str {
    super::text::first_chars(text, DETECT_CHARS)
}

/// Detects the language of `text`.
pub(crate) fn detect(text: &str) -> Option<Detected> {
    let sample = sample(text);
    let info = super::latin_lang::detect(sample)?;
    Some(Detected {
        code: detected_tag(info.lang()),
        // Rounded so that JSON output does not depend on float noise.
        confidence: (info.confidence() * 100.0).round() / 100.0,
        reliable: info.is_reliable(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_the_first_detect_chars_characters() {
        let short = "é".repeat(DETECT_CHARS / 2);
        assert_eq!(sample(&short), short);
        let exact = "é".repeat(DETECT_CHARS);
        assert_eq!(sample(&exact), exact);
        let long = format!("{exact}ab");
        assert_eq!(sample(&long), exact);
        let ascii = "a".repeat(DETECT_CHARS + 1);
        assert_eq!(sample(&ascii).len(), DETECT_CHARS);
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(64))]
        #[test]
        fn the_sample_is_what_counting_characters_gives(
            text in "[a-z \u{e9}\u{20ac}\u{1f600}]{1490,1510}",
            cut in 0usize..30,
        ) {
            // A cut from the front puts the multi-byte characters at every offset.
            let text: String = text.chars().skip(cut).collect();
            let want = match text.char_indices().nth(DETECT_CHARS) {
                Some((i, _)) => &text[..i],
                None => text.as_str(),
            };
            proptest::prop_assert_eq!(sample(&text), want);
        }
    }

    #[test]
    fn tags() {
        assert_eq!(normalise_tag("pt").as_deref(), Some("pt"));
        assert_eq!(normalise_tag("PT_br").as_deref(), Some("pt-BR"));
        assert_eq!(normalise_tag("sr-latn-RS").as_deref(), Some("sr-Latn-RS"));
        assert_eq!(normalise_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalise_tag("português"), None);
        assert_eq!(normalise_tag(""), None);
        assert_eq!(normalise_tag("en-"), None);
    }

    #[test]
    fn tags_are_the_shortest_registered_code() {
        assert_eq!(normalise_tag("por").as_deref(), Some("pt"));
        assert_eq!(normalise_tag("POR_br").as_deref(), Some("pt-BR"));
        assert_eq!(normalise_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        // A registered language with no two-letter code keeps its three letters.
        assert_eq!(normalise_tag("ast").as_deref(), Some("ast"));
        assert_eq!(normalise_tag("cmn").as_deref(), Some("cmn"));
        // Well-formed but not a language, or not well-formed.
        assert_eq!(normalise_tag("xx"), None);
        assert_eq!(normalise_tag("qqq-x"), None);
        assert_eq!(normalise_tag("en-US-US-x"), None);
        assert_eq!(normalise_tag("de--DE"), None);
        assert_eq!(normalise_tag("en-a"), None);
    }

    #[test]
    fn every_detectable_language_has_a_valid_shortest_tag() {
        for &lang in whatlang::Lang::all() {
            let tag = detected_tag(lang);
            assert!(
                oxilangtag::LanguageTag::parse(tag.as_str()).is_ok(),
                "{lang:?}: `{tag}` is not BCP 47"
            );
            assert_eq!(
                normalise_tag(&tag).as_deref(),
                Some(tag.as_str()),
                "{lang:?}: `{tag}` is not a valid shortest tag"
            );
            // Every language whatlang knows has an ISO 639-1 code.
            assert_eq!(tag.len(), 2, "{lang:?}: `{tag}`");
        }
        let cases = [
            (whatlang::Lang::Cmn, "zh"),
            (whatlang::Lang::Pes, "fa"),
            (whatlang::Lang::Heb, "he"),
            (whatlang::Lang::Ukr, "uk"),
            (whatlang::Lang::Ell, "el"),
            (whatlang::Lang::Ara, "ar"),
            (whatlang::Lang::Nob, "nb"),
        ];
        for (lang, want) in cases {
            assert_eq!(detected_tag(lang), want, "{lang:?}");
        }
    }

    #[test]
    fn a_dutch_statement_is_guessed_with_low_confidence() {
        let d = detect(
            "De gemeente Veendijk wil de openbare bibliotheek in het centrum sluiten om 300.000 \
             euro per jaar te besparen. Daarmee verdwijnt de enige plek in de stad waar kinderen, \
             ouderen en nieuwkomers gratis kunnen lezen, leren en elkaar ontmoeten.\nWij roepen \
             alle inwoners op de petitie te tekenen en dinsdagavond naar de raadsvergadering te \
             komen.",
        )
        .unwrap();
        assert_eq!(d.code, "nl");
        assert!(!d.reliable && d.confidence >= GUESS_CONFIDENCE, "{d:?}");
    }

    #[test]
    fn detects_chinese_and_persian_as_bcp47() {
        let zh = detect(
            "我们坚信，只有哈萨克斯坦的劳动人民自己才有权决定国家的命运。我们声援他们的斗争。",
        )
        .unwrap();
        assert_eq!(zh.code, "zh");
        let fa = detect("ما متقاعد شده‌ایم که تنها خود کارگران قزاقستان حق دارند درباره سرنوشت کشور تصمیم بگیرند.")
            .unwrap();
        assert_eq!(fa.code, "fa");
    }

    #[test]
    fn detects_common_languages() {
        let cases = [
            ("pt", "Estamos convencidos de que apenas os próprios trabalhadores do Cazaquistão têm o direito de decidir o destino do país."),
            ("en", "We are convinced that only the workers of Kazakhstan themselves have the right to decide the fate of the country."),
            ("ru", "Мы убеждены, что только сами трудящиеся Казахстана имеют право решать судьбу страны."),
            ("es", "Estamos convencidos de que solo los propios trabajadores de Kazajistán tienen derecho a decidir el destino del país."),
        ];
        for (want, text) in cases {
            let d = detect(text).unwrap();
            assert_eq!(d.code, want, "{text}");
        }
    }
}
