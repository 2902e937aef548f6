//! The names of the inference rules: one [`Rule`] per way a value can be read from a statement.
//!
//! `communique items` shows them (and `items --format json` writes them as the strings of
//! [`Rule::as_str`], unchanged from when they were plain strings), `check` groups its warnings by
//! them, and tests compare them as values rather than as text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An inference rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // Titles.
    MarkdownHeading,
    FirstLine,
    FirstSentence,
    /// A label line (`Press release`) first: the title is the next line.
    TitleAfterLabel,
    /// An issuer formula or a date line first: the title is the next line.
    TitleAfterHeader,
    /// A title given after a label of its own (`标题: …`, `Title: …`), as forums show it.
    TitleLabel,
    // Summaries.
    FirstParagraph,
    /// The paragraph after a news site's intro that ends with a colon (`… Leia a nota na
    /// íntegra:`): the statement it introduces.
    AfterIntro,
    /// The running text after a dateline, with or without a date (`TRENTO, 3 marzo 2023 – …`,
    /// `TANJUNG LAUT (Kabarwarga.id) – …`).
    AfterDateline,
    // Sources.
    SourceLine,
    // Signatures and authors.
    Signature,
    SignatoryLine,
    SignatoryList,
    /// Names one a line at the end, with no header.
    NameLines,
    /// `Signatories: A, B, C and D` in one paragraph.
    InlineList,
    /// `We, the undersigned, …` with the names at the end.
    Undersigned,
    /// An issuer named at the top: `The Political Bureau of X has issued the following statement:`.
    IssuerFormula,
    /// An issuer named in a byline: `By the Public Affairs Office`.
    Byline,
    /// Issuers named by an issued-by line at the top: `Issued by: A, B and C`.
    IssuedBy,
    /// An issuer named in the title: `Statement by the Executive Committee of X on …`.
    TitleIssuer,
    /// The body the title names, in full in the lead as the one that met: `Le Comité central du
    /// Parti … s'est réuni …`.
    LeadIssuer,
    /// The organisation the first sentence opens with, taking a stand: `La CGT dénonce …`.
    SubjectIssuer,
    /// An organisation name at the end, split over lines, with no date.
    OrganisationLines,
    /// Several organisations on one closing line, joined by dashes or commas.
    JointLine,
    /// The organisation an `About X` section under a press release presents.
    AboutIssuer,
    /// An acronym alone closing the statement, spelt out above it (`… (FECAVA) …` / `FECAVA`).
    AcronymSignature,
    // Dates: formats.
    YyyyMmDd,
    DdMmYy,
    DdSlashMmYy,
    DdDashMmYy,
    DdMmYyyy,
    DdSlashMmYyyy,
    DdDashMmYyyy,
    MmSlashDdYy,
    MmDashDdYy,
    MmSlashDdYyyy,
    MmDashDdYyyy,
    DayMonthYear,
    MonthDayYear,
    /// `2025年2月7日`, `二〇二五年二月七日`.
    ChineseDate,
    /// `2024년 4월 3일`.
    KoreanDate,
    /// A Minguo (Republic of China) date, `民國115年11月5日` or `115年11月5日`, converted.
    MinguoDate,
    /// A Solar Hijri date (`۹ اردیبهشت ۱۴۰۱`), converted.
    PersianDate,
    /// An Islamic Hijri date alone, converted.
    HijriDate,
    /// A Hebrew-calendar date in Hebrew numerals alone (`ט"ו בניסן תשפ"ה`), converted.
    HebrewDate,
    // Dates: positions (they wrap the format that read the date).
    /// A date line at the top, above or under the title, or after the first paragraph.
    HeaderDate,
    /// `Date: …`, `Fecha: …`, `Дата: …`.
    LabelledDate,
    /// `TRENTO, 3 marzo 2023 – La Segreteria …`: a first paragraph opening with a place and a
    /// date before a dash (its date, and the body its running text names first).
    Dateline,
    /// `Communiqué of the Central Committee of 29 and 30 June 2008`: the last day.
    TitleDate,
    // Derived values.
    SameAsPublished,
    TagUri,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 51] = [
        Rule::MarkdownHeading,
        Rule::FirstLine,
        Rule::FirstSentence,
        Rule::TitleAfterLabel,
        Rule::TitleAfterHeader,
        Rule::TitleLabel,
        Rule::FirstParagraph,
        Rule::AfterIntro,
        Rule::AfterDateline,
        Rule::SourceLine,
        Rule::Signature,
        Rule::SignatoryLine,
        Rule::SignatoryList,
        Rule::NameLines,
        Rule::InlineList,
        Rule::Undersigned,
        Rule::IssuerFormula,
        Rule::Byline,
        Rule::IssuedBy,
        Rule::TitleIssuer,
        Rule::LeadIssuer,
        Rule::SubjectIssuer,
        Rule::OrganisationLines,
        Rule::JointLine,
        Rule::AboutIssuer,
        Rule::AcronymSignature,
        Rule::YyyyMmDd,
        Rule::DdMmYy,
        Rule::DdSlashMmYy,
        Rule::DdDashMmYy,
        Rule::DdMmYyyy,
        Rule::DdSlashMmYyyy,
        Rule::DdDashMmYyyy,
        Rule::MmSlashDdYy,
        Rule::MmDashDdYy,
        Rule::MmSlashDdYyyy,
        Rule::MmDashDdYyyy,
        Rule::DayMonthYear,
        Rule::MonthDayYear,
        Rule::ChineseDate,
        Rule::KoreanDate,
        Rule::MinguoDate,
        Rule::PersianDate,
        Rule::HijriDate,
        Rule::HebrewDate,
        Rule::HeaderDate,
        Rule::LabelledDate,
        Rule::Dateline,
        Rule::TitleDate,
        Rule::SameAsPublished,
        Rule::TagUri,
    ];

    /// The rule named `name` (as [`Rule::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The rule's name as `items` shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MarkdownHeading => "markdown-heading",
            Rule::FirstLine => "first-line",
            Rule::FirstSentence => "first-sentence",
            Rule::TitleAfterLabel => "title-after-label",
            Rule::TitleAfterHeader => "title-after-header",
            Rule::TitleLabel => "title-label",
            Rule::FirstParagraph => "first-paragraph",
            Rule::AfterIntro => "after-intro",
            Rule::AfterDateline => "after-dateline",
            Rule::SourceLine => "source-line",
            Rule::Signature => "signature",
            Rule::SignatoryLine => "signatory-line",
            Rule::SignatoryList => "signatory-list",
            Rule::NameLines => "name-lines",
            Rule::InlineList => "inline-list",
            Rule::Undersigned => "undersigned",
            Rule::IssuerFormula => "issuer-formula",
            Rule::Byline => "byline",
            Rule::IssuedBy => "issued-by",
            Rule::TitleIssuer => "title-issuer",
            Rule::LeadIssuer => "lead-issuer",
            Rule::SubjectIssuer => "subject-issuer",
            Rule::OrganisationLines => "organisation-lines",
            Rule::JointLine => "joint-line",
            Rule::AboutIssuer => "about-issuer",
            Rule::AcronymSignature => "acronym-signature",
            Rule::YyyyMmDd => "yyyy-mm-dd",
            Rule::DdMmYy => "dd.mm.yy",
            Rule::DdSlashMmYy => "dd/mm/yy",
            Rule::DdDashMmYy => "dd-mm-yy",
            Rule::DdMmYyyy => "dd.mm.yyyy",
            Rule::DdSlashMmYyyy => "dd/mm/yyyy",
            Rule::DdDashMmYyyy => "dd-mm-yyyy",
            Rule::MmSlashDdYy => "mm/dd/yy",
            Rule::MmDashDdYy => "mm-dd-yy",
            Rule::MmSlashDdYyyy => "mm/dd/yyyy",
            Rule::MmDashDdYyyy => "mm-dd-yyyy",
            Rule::DayMonthYear => "d month yyyy",
            Rule::MonthDayYear => "month d, yyyy",
            Rule::ChineseDate => "chinese-date",
            Rule::KoreanDate => "korean-date",
            Rule::MinguoDate => "minguo-date",
            Rule::PersianDate => "persian-date",
            Rule::HijriDate => "hijri-date",
            Rule::HebrewDate => "hebrew-date",
            Rule::HeaderDate => "header-date",
            Rule::LabelledDate => "labelled-date",
            Rule::Dateline => "dateline",
            Rule::TitleDate => "title-date",
            Rule::SameAsPublished => "same as published",
            Rule::TagUri => "tag URI from the file name",
        }
    }

    /// Whether a value read by this rule is a guess `check` should mention.
    pub fn is_guess(self) -> bool {
        matches!(
            self,
            Rule::FirstLine
                | Rule::FirstSentence
                | Rule::TitleAfterLabel
                | Rule::TitleAfterHeader
                | Rule::NameLines
                | Rule::OrganisationLines
                | Rule::AcronymSignature
                | Rule::JointLine
                | Rule::TitleDate
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read back from its name (the item cache stores items as `items --format json` shows them).
impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Rule::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.as_str()), Some(rule));
        }
        assert_eq!(Rule::from_name("no such rule"), None);
    }
}
