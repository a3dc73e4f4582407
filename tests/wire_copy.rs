//! The promises of the wire-copy rule packs that single-rule examples cannot show: how rules
//! behave in a whole document (languages, other scripts), with a dateline, and with a desk's
//! own house style.

use std::io::Write;
use std::process::{Command, Stdio};

use mtscrub::dateline::Dateline;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::repair::Safety;
use mtscrub::rules::Ruleset;

fn engine_with(select: &[&str]) -> Engine {
    let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
    Engine::new(Ruleset::defaults().unwrap().filter(&select, &[]).unwrap())
}

fn dated(date: &str) -> Options {
    Options {
        dateline: Some(date.parse::<Dateline>().unwrap()),
        ..Options::default()
    }
}

/// The suggested replacements of `text`'s findings.
fn suggestions(engine: &Engine, text: &str, options: &Options) -> Vec<Option<String>> {
    engine
        .check(text, options)
        .unwrap()
        .findings
        .iter()
        .map(|f| {
            f.fix.as_ref().map(|fix| {
                assert_eq!(fix.safety, Safety::Suggest);
                fix.apply_within(text, f.range.clone())
            })
        })
        .collect()
}

#[test]
fn day_only_dates_are_written_out_from_the_dateline() {
    let engine = engine_with(&["style-day-only-date"]);
    let text = "Putin spoke on the 24th (local time). Troops are expected on the 27th and 28th.";
    assert_eq!(
        suggestions(&engine, text, &dated("2024-10-26")),
        [Some("Oct. 24".into()), Some("Sept. 27 and 28".into())]
    );
    assert_eq!(
        suggestions(
            &engine,
            "It ran from the 31st to the 1st.",
            &dated("2024-11-01")
        ),
        [Some("Oct. 31 to Nov. 1".into())]
    );
    assert_eq!(
        suggestions(&engine, "The vote was on the 5th.", &dated("2024-07-09")),
        [Some("July 5".into())]
    );
    // Without a dateline the date is reported, with nothing to suggest.
    assert_eq!(
        suggestions(&engine, "Putin spoke on the 24th.", &Options::default()),
        [None]
    );
    // A suggestion is never applied.
    let fixed = engine
        .fix("Putin spoke on the 24th.", &dated("2024-10-26"))
        .unwrap();
    assert_eq!(fixed.output, "Putin spoke on the 24th.");
}

#[test]
fn date_suggestions_reach_the_command_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args([
            "check",
            "--select",
            "style-day-only-date",
            "--date",
            "2024-10-26",
            "--output-format",
            "json",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Putin spoke on the 24th.")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(records[0]["rule"], "style-day-only-date");
    assert_eq!(records[0]["replacement"], "Oct. 24");
    assert_eq!(records[0]["safety"], "suggest");
}

#[test]
fn house_style_options_change_the_repairs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("house.toml"),
        r#"
[[override]]
rule = "credit-photo-equals-agency"
options = { format = 'Photograph: ${agency}' }

[[override]]
rule = "dateline-place-equals-agency"
options = { format = '${place}, ${agency} -- ' }

[[override]]
rule = "style-day-only-date"
options = { months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] }
"#,
    )
    .unwrap();
    let mut rules = Ruleset::defaults().unwrap();
    rules.add_dir(dir.path()).unwrap();
    let select = [
        "credit-photo-equals-agency",
        "dateline-place-equals-agency",
        "style-day-only-date",
    ]
    .map(String::from);
    let engine = Engine::new(rules.filter(&select, &[]).unwrap());
    let text = "(Seoul=Yonhap) Troops moved.\nThe border post. Photo = Newsis\n";
    let fixed = engine.fix(text, &Options::default()).unwrap().output;
    assert_eq!(
        fixed,
        "Seoul, Yonhap -- Troops moved.\nThe border post. Photograph: Newsis\n"
    );
    assert_eq!(
        suggestions(&engine, "It rained on the 2nd.", &dated("2024-10-26")),
        [Some("October 2".into())]
    );
}

#[test]
fn each_language_keeps_its_own_typography() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let options = Options::default();
    for text in [
        // French spaces before two-part marks; English rules do not read French.
        "Le ministre a-t-il vraiment démissionné\u{202f}? Il a répondu\u{a0}: «\u{a0}Non\u{a0}». \
         Les marchés ont reculé de 2,5\u{a0}% vendredi à Paris.\n",
        // A Japanese document keeps its punctuation and spacing.
        "政府は１０日、新たな経済対策（総額１７兆円）を決定した。首相は「物価高に対応する」と述べた。\
         \u{3000}関係閣僚会議は来週、具体策を詰める。\n",
        // A Chinese document keeps its punctuation, the double dash included.
        "国家统计局公布的数据显示，九月份出口同比增长８．７％——高于市场预期。\n",
    ] {
        let fixed = engine.fix(text, &options).unwrap();
        assert_eq!(fixed.output, text);
        assert!(fixed.applied.is_empty());
    }
}

#[test]
fn french_two_part_marks_get_a_narrow_no_break_space_suggested() {
    let engine = engine_with(&["spacing-fr-missing-nbsp"]);
    let options = Options {
        lang: Some("fr"),
        ..Options::default()
    };
    let text = "Le ministre a déclaré: «\u{202f}Nous sommes prêts\u{202f}». Vraiment?";
    let found = engine.check(text, &options).unwrap().findings;
    let suggested: Vec<String> = found
        .iter()
        .map(|f| f.fix.as_ref().unwrap().apply_within(text, f.range.clone()))
        .collect();
    assert_eq!(suggested, ["\u{202f}:", "\u{202f}?"]);
    assert_eq!(engine.fix(text, &options).unwrap().output, text);
}

#[test]
fn cjk_inside_an_english_sentence_is_reported_not_changed() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let text = "The festival reopened with Ozu’s film 東京物語、a 1953 classic, on Friday.\n";
    let outcome = engine.fix(text, &Options::default()).unwrap();
    assert_eq!(outcome.output, text);
    let rules: Vec<&str> = outcome
        .remaining
        .iter()
        .map(|f| f.rule.id.as_str())
        .collect();
    assert_eq!(rules, ["source-script-han"]);
}

#[test]
fn mixed_paragraphs_get_only_unmistakable_encoding_repairs() {
    let engine = engine_with(&["encoding-utf8-mojibake"]);
    // A genuine en dash shows the paragraph was decoded right, at least in part: the letter
    // pair stays, the three-byte quotation marks are repaired.
    let text = "Bremer – DrÃ¥ber said â€œyesâ€\u{9d}.";
    let fixed = engine.fix(text, &Options::default()).unwrap().output;
    assert_eq!(fixed, "Bremer – DrÃ¥ber said “yes”.");
    // Without the genuine dash, the letter pair is repaired too.
    let fixed = engine
        .fix("Bremer DrÃ¥ber said â€œyesâ€\u{9d}.", &Options::default())
        .unwrap()
        .output;
    assert_eq!(fixed, "Bremer Dråber said “yes”.");
}

#[test]
fn text_damaged_twice_is_repaired_in_two_passes() {
    let engine = engine_with(&["encoding-utf8-mojibake"]);
    let outcome = engine
        .fix(
            "Times New Ã¢â‚¬Å“RomanÃ¢â‚¬Â\u{9d} font",
            &Options::default(),
        )
        .unwrap();
    assert_eq!(outcome.output, "Times New “Roman” font");
    assert!(outcome.applied.iter().any(|e| e.pass == 2));
}
