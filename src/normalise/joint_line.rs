//! Rule `joint-line`: several organisations signing on one closing line, joined by dashes
//! (`Syndicat A – Union B – Collectif C`, `ORG A (SURNAME) – ORG B (SURNAME)`) or by commas
//! (`Épicerie du Val, Banque Alimentaire de la Vallée, Secours de Lorrez`), and two signatures
//! set side by side and pasted as one line (`Κ. Δημητρίου Α. Σταύρου`). The line is split
//! into one signatory per part, but only when every part reads as a signatory of its own, so
//! that `Union locale CGTR, Saint-Aubin` (an organisation and its town), `Name, Role, Org` and
//! `Conselho Regional – Seção Campo Alegre` (a body and its section) stay one signatory.
//!
//! Hand-written: the test is on the shape of the parts (words, capitals, brackets), with the
//! word lists of [`signatory_words`](super::signatory_words); no crate reads signatory lines.

use super::month_names::fold;
use super::signatory_words::{is_role_line, names_organisation, opens_with_role_word};
use super::signature::is_place;
use super::statement::words_up_to;

/// The dashes that join the parts of a joint line (spaced, so `Saint-Aubin` stays whole).
const DASHES: &[&str] = &[" – ", " — ", " - "];

/// Words for a section of a body (`Seção`, `Section`, `Sezione`): after a dash they name a part
/// of the body before it, not a second signatory.
#[rustfmt::skip]
const SECTION_WORDS: &[&str] = &[
    "section", "seção", "secção", "sección", "sezione", "sektion", "secció", "секция", "секція",
    "branch", "chapter", "local",
];

/// The most parts a joint line may hold.
const MAX_PARTS: usize = 12;

/// The names of a joint line, one per signatory, or `None` when the line is one signatory.
pub(crate) fn joint_names(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    dash_parts(t)
        .or_else(|| comma_parts(t))
        .or_else(|| initialled_people(t))
}

/// `Κ. Δημητρίου Α. Σταύρου`: two signatures set side by side (a president's and a
/// secretary's), pasted as one line: two or more pairs of an initial and a surname.
fn initialled_people(line: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let is_initial = |w: &str| {
        w.strip_suffix('.').is_some_and(|i| {
            (1..=2).contains(&i.chars().count()) && i.chars().all(char::is_uppercase)
        })
    };
    let is_surname = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !w.contains('.')
    };
    let pairs = words.len() / 2;
    let alternate = words.len().is_multiple_of(2)
        && words
            .chunks(2)
            .all(|pair| is_initial(pair[0]) && is_surname(pair[1]));
    (pairs >= 2 && alternate).then(|| words.chunks(2).map(|pair| pair.join(" ")).collect())
}

/// Rule `joint-line`, in a title: the issuers a title names before its colon, joined by
/// spaced dashes (`ÖĞRETMENLER BİRLİĞİ - SAĞLIKÇILAR DAYANIŞMASI: …`, `Union A – Collectif B :
/// …`), two or more, each naming a body in two words or more and none a section of the one
/// before it (`Conselho X – Seção Y`) or a role.
pub(crate) fn title_names(head: &str) -> Option<Vec<String>> {
    let dash = DASHES.iter().find(|d| head.contains(**d))?;
    let parts = split_trimmed(head, dash);
    let signs = |p: &String| {
        words_up_to(p, 2) >= 2
            && super::subject_issuer::names_a_body(p)
            && !opens_with_section_word(p)
            && !is_role_line(p)
    };
    ((2..=MAX_PARTS).contains(&parts.len()) && parts.iter().all(signs)).then_some(parts)
}

/// `A – B – C`: every part an organisation (a word for a body, or `NAME (SURNAME)`).
fn dash_parts(line: &str) -> Option<Vec<String>> {
    let dash = DASHES.iter().find(|d| line.contains(**d))?;
    let parts = split_trimmed(line, dash);
    let organisations = parts.iter().all(|p| is_organisation_part(p));
    // Two parts are two signatories only when each names its signer (`A (X) – B (Y)`):
    // otherwise the second is often a body or a section of the first (`Partido X – Comité
    // Central`, `Conselho X – Seção Y`).
    let two_bodies = parts.len() == 2
        && (parts.iter().all(|p| is_name_with_signer(p)) && !opens_with_section_word(&parts[1]));
    (organisations && (parts.len() >= 3 || two_bodies)).then_some(parts)
}

/// `A, B, C`: three parts or more, each a capitalised name of two words or more, none a role
/// and the last no town (unless no part names a body: then the parts are alike, names of the
/// same kind). Two parts stay one name (`Partido X, Comité Central`: a body of the party).
fn comma_parts(line: &str) -> Option<Vec<String>> {
    if !line.contains(", ") {
        return None;
    }
    let parts = split_trimmed(line, ", ");
    let alike = parts.iter().all(|p| is_named_part(p));
    let bodies = parts.iter().filter(|p| names_organisation(p)).count();
    let last_is_town = parts.last().is_some_and(|p| is_place(p)) && bodies > 0;
    (parts.len() >= 3 && alike && !last_is_town).then_some(parts)
}

fn split_trimmed(line: &str, separator: &str) -> Vec<String> {
    line.split(separator)
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A part of a dashed line that signs: two words or more, naming a body (`Union des
/// Personnels Hospitaliers`) or `NAME (SURNAME)` in capitals (`FLMS VALDORA (ROSSETTI)`: a
/// union and the person signing for it).
fn is_organisation_part(part: &str) -> bool {
    words_up_to(part, 2) >= 2
        && (names_organisation(part) || is_name_with_signer(part))
        && !is_role_line(part)
}

/// `FP LAVORO (BRUNI)`: a name in capitals, then one word in brackets.
fn is_name_with_signer(part: &str) -> bool {
    let Some((head, inner)) = part
        .strip_suffix(')')
        .and_then(|p| p.rsplit_once('('))
        .map(|(h, i)| (h.trim(), i.trim()))
    else {
        return false;
    };
    let in_capitals =
        |s: &str| s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase);
    !head.is_empty() && in_capitals(head) && in_capitals(inner) && !inner.contains(' ')
}

/// A part of a comma-joined line that may sign alone: two to twelve words, the first
/// capitalised, not a role (`Chair`, `Secretary of the Board`) and with no date or digits.
fn is_named_part(part: &str) -> bool {
    let words = part.split_whitespace().count();
    (2..=12).contains(&words)
        && part
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
        && !opens_with_role_word(part)
        && !is_role_line(part)
        && !part.contains(|c: char| c.is_numeric())
}

fn opens_with_section_word(part: &str) -> bool {
    part.split_whitespace()
        .next()
        .is_some_and(|w| SECTION_WORDS.iter().any(|s| fold(s) == fold(w)))
}

/// The names of a joint line, or the line itself, for at most [`MAX_PARTS`] parts.
pub(crate) fn names_of(line: &str) -> Vec<String> {
    joint_names(line)
        .filter(|parts| parts.len() <= MAX_PARTS)
        .unwrap_or_else(|| vec![line.to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> Option<Vec<String>> {
        joint_names(line)
    }

    #[test]
    fn bodies_joined_by_dashes_before_a_title_s_colon() {
        assert_eq!(
            title_names("ÖĞRETMENLER BİRLİĞİ - SAĞLIKÇILAR DAYANIŞMASI").unwrap(),
            ["ÖĞRETMENLER BİRLİĞİ", "SAĞLIKÇILAR DAYANIŞMASI"]
        );
        assert_eq!(
            title_names("Union des Locataires – Collectif Gare Vivante").unwrap(),
            ["Union des Locataires", "Collectif Gare Vivante"]
        );
        assert_eq!(title_names("Conselho Regional – Seção Campo Alegre"), None);
        assert_eq!(title_names("Sindicato dos Têxteis"), None);
        assert_eq!(title_names("Betriebsrat – Werk Süd"), None);
    }

    #[test]
    fn organisations_joined_by_dashes_sign_one_by_one() {
        assert_eq!(
            parts("Syndicat des Cheminots – Union des Retraités – Collectif Gare Vivante").unwrap(),
            [
                "Syndicat des Cheminots",
                "Union des Retraités",
                "Collectif Gare Vivante"
            ]
        );
        assert_eq!(
            parts("ALPHA LAVORO (NERI) – BETA SANITÀ (ROSSI)").unwrap(),
            ["ALPHA LAVORO (NERI)", "BETA SANITÀ (ROSSI)"]
        );
    }

    #[test]
    fn a_body_and_its_section_or_town_stay_one_signatory() {
        assert_eq!(
            parts("Conselho Regional de Enfermagem – Seção Campo Alegre"),
            None
        );
        assert_eq!(parts("Elternnetzwerk Nordkreis – Wittenau"), None);
        assert_eq!(parts("Union locale CGTR, Saint-Aubin"), None);
        assert_eq!(
            parts("Sindicato dos Têxteis, Federação Norte, Rio de Janeiro"),
            None
        );
        assert_eq!(parts("Maria Lopes – Coordenadora"), None);
        assert_eq!(parts("Union des Jeunes – Bureau Exécutif"), None);
    }

    #[test]
    fn people_with_roles_are_no_joint_line() {
        assert_eq!(parts("Rachel Obi, Chair, Northfield Tenants' Union"), None);
        assert_eq!(parts("Dr. Samuel Okoro, Director, Housing Clinic"), None);
        assert_eq!(parts("Ana Lima, secretária-geral"), None);
    }

    #[test]
    fn names_joined_by_commas_sign_one_by_one() {
        assert_eq!(
            parts("Épicerie du Marais, Banque Alimentaire du Lac, Secours Mutuel de Brive")
                .unwrap(),
            [
                "Épicerie du Marais",
                "Banque Alimentaire du Lac",
                "Secours Mutuel de Brive"
            ]
        );
        assert_eq!(parts("Partido do Povo, Comité Central"), None);
    }

    #[test]
    fn initialled_people_side_by_side_sign_one_by_one() {
        assert_eq!(
            parts("Γ. Παππάς Ε. Νικολάου").unwrap(),
            ["Γ. Παππάς", "Ε. Νικολάου"]
        );
        assert_eq!(parts("J. Smith"), None);
        assert_eq!(parts("Κ. Δημητρίου"), None);
        assert_eq!(parts("P. Jean-Marc Orliac"), None);
    }

    #[test]
    fn a_single_name_is_itself() {
        assert_eq!(names_of("Union des Retraités"), ["Union des Retraités"]);
    }
}
