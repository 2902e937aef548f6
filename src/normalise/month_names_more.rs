//! Month and weekday names for the languages added after the first ten: Catalan, Greek,
//! Polish, Swedish, Turkish, Dutch and Persian (Gregorian month names; the Solar Hijri months
//! are in [`calendars`](super::calendars)). Same shape and rules as
//! [`month_names`](super::month_names): the first spelling is the full one; other cases
//! (Greek and Polish write the month in the genitive in dates) follow.

use super::month_names::DateWords;

pub(crate) const CA: DateWords = DateWords {
    lang: "ca",
    months: [
        &["gener"],
        &["febrer"],
        &["març"],
        &["abril"],
        &["maig"],
        &["juny"],
        &["juliol"],
        &["agost"],
        &["setembre"],
        &["octubre"],
        &["novembre"],
        &["desembre"],
    ],
    weekdays: [
        &["dilluns"],
        &["dimarts"],
        &["dimecres"],
        &["dijous"],
        &["divendres"],
        &["dissabte"],
        &["diumenge"],
    ],
};

pub(crate) const EL: DateWords = DateWords {
    lang: "el",
    months: [
        &["Ιανουαρίου", "Ιανουάριος"],
        &["Φεβρουαρίου", "Φεβρουάριος"],
        &["Μαρτίου", "Μάρτιος"],
        &["Απριλίου", "Απρίλιος"],
        &["Μαΐου", "Μάιος", "Μαΐου"],
        &["Ιουνίου", "Ιούνιος"],
        &["Ιουλίου", "Ιούλιος"],
        &["Αυγούστου", "Αύγουστος"],
        &["Σεπτεμβρίου", "Σεπτέμβριος"],
        &["Οκτωβρίου", "Οκτώβριος"],
        &["Νοεμβρίου", "Νοέμβριος"],
        &["Δεκεμβρίου", "Δεκέμβριος"],
    ],
    weekdays: [
        &["Δευτέρα"],
        &["Τρίτη"],
        &["Τετάρτη"],
        &["Πέμπτη"],
        &["Παρασκευή"],
        &["Σάββατο"],
        &["Κυριακή"],
    ],
};

pub(crate) const PL: DateWords = DateWords {
    lang: "pl",
    months: [
        &["stycznia", "styczeń"],
        &["lutego", "luty"],
        &["marca", "marzec"],
        &["kwietnia", "kwiecień"],
        &["maja", "maj"],
        &["czerwca", "czerwiec"],
        &["lipca", "lipiec"],
        &["sierpnia", "sierpień"],
        &["września", "wrzesień"],
        &["października", "październik"],
        &["listopada", "listopad"],
        &["grudnia", "grudzień"],
    ],
    weekdays: [
        &["poniedziałek"],
        &["wtorek"],
        &["środa"],
        &["czwartek"],
        &["piątek"],
        &["sobota"],
        &["niedziela"],
    ],
};

pub(crate) const SV: DateWords = DateWords {
    lang: "sv",
    months: [
        &["januari"],
        &["februari"],
        &["mars"],
        &["april"],
        &["maj"],
        &["juni"],
        &["juli"],
        &["augusti"],
        &["september"],
        &["oktober"],
        &["november"],
        &["december"],
    ],
    weekdays: [
        &["måndag"],
        &["tisdag"],
        &["onsdag"],
        &["torsdag"],
        &["fredag"],
        &["lördag"],
        &["söndag"],
    ],
};

pub(crate) const TR: DateWords = DateWords {
    lang: "tr",
    months: [
        &["Ocak"],
        &["Şubat"],
        &["Mart"],
        &["Nisan"],
        &["Mayıs"],
        &["Haziran"],
        &["Temmuz"],
        &["Ağustos"],
        &["Eylül"],
        &["Ekim"],
        &["Kasım"],
        &["Aralık"],
    ],
    weekdays: [
        &["Pazartesi"],
        &["Salı"],
        &["Çarşamba"],
        &["Perşembe"],
        &["Cuma"],
        &["Cumartesi"],
        &["Pazar"],
    ],
};

pub(crate) const NL: DateWords = DateWords {
    lang: "nl",
    months: [
        &["januari"],
        &["februari"],
        &["maart"],
        &["april"],
        &["mei"],
        &["juni"],
        &["juli"],
        &["augustus"],
        &["september"],
        &["oktober"],
        &["november"],
        &["december"],
    ],
    weekdays: [
        &["maandag"],
        &["dinsdag"],
        &["woensdag"],
        &["donderdag"],
        &["vrijdag"],
        &["zaterdag"],
        &["zondag"],
    ],
};

/// Persian names of the Gregorian months (`۷ فوریه ۲۰۲۵`).
pub(crate) const FA: DateWords = DateWords {
    lang: "fa",
    months: [
        &["ژانویه"],
        &["فوریه"],
        &["مارس"],
        &["آوریل"],
        &["مه", "می"],
        &["ژوئن"],
        &["ژوئیه", "جولای"],
        &["اوت", "آگوست"],
        &["سپتامبر"],
        &["اکتبر"],
        &["نوامبر"],
        &["دسامبر"],
    ],
    weekdays: [
        &["دوشنبه"],
        &["سه‌شنبه"],
        &["چهارشنبه"],
        &["پنجشنبه"],
        &["جمعه"],
        &["شنبه"],
        &["یکشنبه"],
    ],
};
