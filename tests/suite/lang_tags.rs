//! Language tags reach the feeds as the shortest valid BCP 47 tag: detected Mandarin and Persian
//! are `zh` and `fa` (whatlang says `cmn` and `pes`), and front-matter tags are checked.

use crate::harness::TestEnv;

#[test]
fn detected_chinese_and_persian_are_zh_and_fa_in_every_feed() {
    let env = TestEnv::minimal();
    env.write(
        "items/2024-01-02-zh.txt",
        "我们坚信，只有哈萨克斯坦的劳动人民自己才有权决定国家的命运。我们声援他们的斗争。\n",
    );
    env.write(
        "items/2024-01-01-fa.txt",
        "ما متقاعد شده‌ایم که تنها خود کارگران قزاقستان حق دارند درباره سرنوشت کشور تصمیم بگیرند.\n",
    );
    env.build();
    let atom = env.parsed("atom.xml");
    assert_eq!(atom.entries.len(), 2);
    // feed-rs does not report an entry's `xml:lang`: read it from the document.
    let atom = env.output_string("atom.xml");
    assert!(atom.contains("<entry xml:lang=\"zh\">"), "{atom}");
    assert!(atom.contains("<entry xml:lang=\"fa\">"), "{atom}");
    assert!(!atom.contains("cmn") && !atom.contains("pes"), "{atom}");
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let langs: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["language"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["zh", "fa"]);
}

#[test]
fn front_matter_tags_are_checked_and_shortened() {
    let env = TestEnv::minimal();
    env.write(
        "items/2024-01-01-a.md",
        "+++\ntitle = \"A\"\nlang = \"por_br\"\n+++\nTexto.\n",
    );
    env.write(
        "items/2024-01-02-b.md",
        "+++\ntitle = \"B\"\nlang = \"xx\"\n+++\nText.\n",
    );
    let check = env.run(&["check"]);
    check.assert_code(1);
    check.assert_stdout_line(
        "items/2024-01-02-b.md:3: error: `lang` = `xx` is not a language tag such as `pt` or \
         `pt-BR`",
    );
    let items = env.run(&["items", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&items.stdout).unwrap();
    assert_eq!(items[0]["lang"]["value"], "pt-BR", "{items}");
}
