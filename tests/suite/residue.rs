//! Statements pasted with the web page around them (issue 9): breadcrumbs, section names, share
//! and reading-time lines above the title, tag, comment, press-contact and "back to top" lines
//! under the closing. Run through the real binary: the residue is neither title, summary,
//! author, date nor slogan, it is left out of the content, and the feeds parse back.

use crate::harness::{item_at as item, item_authors as authors, TestEnv, FEED_FILES};

/// `(file, text)`: every text written for this test.
const STATEMENTS: &[(&str, &str)] = &[
    (
        "items/depot.txt",
        "Home / News / Statements\nJoint Statements\nInquiry now into the Fenwick depot fire\n\
         4 min read\nShare on Facebook\nThe Fenwick Safety Coalition calls for an independent \
         inquiry into the fire that destroyed the tram depot.\nDrivers had reported faulty \
         wiring for months.\nFenwick Safety Coalition\nTags: safety, transport\nPress contact\n\
         Lena Ward\nTel.: +44 20 5550 0100\nlena@fenwick.example\nNo comments\nBack to top\n",
    ),
    (
        "items/liman.txt",
        "Ana Sayfa / Haberler / Açıklamalar\nSayı: 2022/03\nBalıkçılar limanın kiralanmasına \
         karşı\n3 Mart 2022 | 0 Yorum\nKöyün balıkçıları küçük limanın bir şirkete kiralanması \
         kararına karşı ortak bir tutum aldı.\nValilikten kararı geri çekmesini istiyoruz.\n\
         Taşlık Balıkçılar Kooperatifi\nEtiketler: balıkçılık, liman\n0 Yorum\n",
    ),
];

/// Lines that must not reach the content.
const RESIDUE: &[&str] = &[
    "Home / News",
    "Share on Facebook",
    "4 min read",
    "Tags:",
    "Press contact",
    "lena@fenwick.example",
    "Back to top",
    "Sayı:",
    "Yorum",
    "Etiketler",
];

#[test]
fn residue_is_neither_title_summary_author_nor_slogan() {
    let env = TestEnv::minimal_with(STATEMENTS);
    let items = env.items_json();

    let i = item(&items, "depot.txt");
    assert_eq!(
        i["title"]["value"],
        "Inquiry now into the Fenwick depot fire"
    );
    assert_eq!(authors(i), ["Fenwick Safety Coalition"]);
    assert!(i["summary"]["value"]
        .as_str()
        .unwrap()
        .starts_with("The Fenwick Safety Coalition calls"));
    assert!(i["slogans"]["value"]
        .as_array()
        .is_none_or(|s| s.is_empty()));

    let i = item(&items, "liman.txt");
    assert_eq!(
        i["title"]["value"],
        "Balıkçılar limanın kiralanmasına karşı"
    );
    // The blog meta line's date is the header date; its comment counter is dropped.
    assert_eq!(
        &i["published"]["value"].as_str().unwrap()[..10],
        "2022-03-03"
    );
    assert_eq!(authors(i), ["Taşlık Balıkçılar Kooperatifi"]);
    assert!(i["summary"]["value"]
        .as_str()
        .unwrap()
        .starts_with("Köyün balıkçıları"));
}

#[test]
fn residue_is_left_out_of_the_content_and_the_feeds_parse_back() {
    let env = TestEnv::minimal_with(STATEMENTS);
    env.build().assert_code(0);
    for name in FEED_FILES {
        let feed = env.parsed(name);
        assert_eq!(feed.entries.len(), STATEMENTS.len(), "{name}");
    }
    let atom = String::from_utf8(env.output("atom.xml")).unwrap();
    assert!(atom.contains("Drivers had reported faulty wiring"));
    for residue in RESIDUE {
        assert!(!atom.contains(residue), "{residue} is in the feed");
    }
}
