//! The encoding repairs measured against ftfy's test cases (a peer project's data, kept beside
//! the repository under `../shared/peers/ftfy`).
//!
//! ftfy's negative cases look like mojibake and are not: every one must come back from `fix`
//! with the default rules byte for byte, with no encoding finding. Its positive cases of the
//! kinds mtscrub repairs (UTF-8 read as Windows-1252 or Latin-1) measure how much damage the
//! analyzer undoes; rows of other code pages (Windows-1250/1251/1257, MacRoman, CP437, CESU-8)
//! are outside what it claims. The data is optional: without it the tests print a notice and
//! pass, so the repository builds on its own.

use std::path::{Path, PathBuf};

use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;
use serde_json::Value;

/// Fewest positive rows the encoding rules must repair exactly (see `positive_rows_…`).
const MIN_REPAIRED: usize = 43;

fn test_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/ftfy/test-cases")
}

/// The rows of one of ftfy's case files, or `None` (with a notice) when it is not there.
fn rows(path: &Path) -> Option<Vec<Value>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not there", path.display());
        return None;
    };
    let rows: Vec<Value> = serde_json::from_str(&text).expect("ftfy cases are a JSON array");
    Some(rows)
}

fn field<'a>(row: &'a Value, name: &str) -> &'a str {
    row[name].as_str().unwrap_or_default()
}

/// An engine with only the encoding rules.
fn encoding_engine() -> Engine {
    let select = ["encoding-utf8-mojibake", "encoding-cp949-punctuation"].map(String::from);
    Engine::new(Ruleset::defaults().unwrap().filter(&select, &[]).unwrap())
}

fn encoding_findings(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .check(text, &Options::default())
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.rule.id.starts_with("encoding-"))
        .map(|f| format!("{} at {:?}", f.rule.id, &text[f.range.clone()]))
        .collect()
}

#[test]
fn negative_rows_come_back_unchanged() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/ftfy/test-cases/negative.json");
    let Some(rows) = rows(&path) else {
        return;
    };
    assert!(!rows.is_empty());
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let mut failures = Vec::new();
    for row in &rows {
        let original = field(row, "original");
        let outcome = engine.fix(original, &Options::default()).unwrap();
        let findings = encoding_findings(&engine, original);
        if outcome.output != original || !findings.is_empty() {
            let rules: Vec<&str> = outcome.applied.iter().map(|e| e.rule.id.as_str()).collect();
            failures.push(format!(
                "{}: {original:?} became {:?} (by {rules:?}), encoding findings {findings:?}",
                field(row, "label"),
                outcome.output
            ));
        }
    }
    eprintln!(
        "ftfy negative rows: {} run, {} unchanged",
        rows.len(),
        rows.len() - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rows ftfy itself leaves as they are, among its synthetic cases, must stay as they are.
#[test]
fn synthetic_rows_ftfy_leaves_alone_stay_alone() {
    let Some(rows) = rows(&test_cases().join("synthetic.json")) else {
        return;
    };
    let engine = encoding_engine();
    let unchanged: Vec<&Value> = rows
        .iter()
        .filter(|r| field(r, "original") == expected(r))
        .collect();
    assert!(!unchanged.is_empty());
    for row in unchanged {
        let original = field(row, "original");
        let fixed = engine.fix(original, &Options::default()).unwrap().output;
        assert_eq!(fixed, original, "{}", field(row, "label"));
        assert!(
            encoding_findings(&engine, original).is_empty(),
            "{original:?}"
        );
    }
}

/// What ftfy's encoding fix gives for a row.
fn expected(row: &Value) -> &str {
    match row["fixed-encoding"].as_str() {
        Some(text) => text,
        None => field(row, "fixed"),
    }
}

/// ftfy's `fixed` straightens curly quotes; compare with them straightened on both sides.
fn uncurled(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// Whether a row is damage of the kind the analyzer repairs: UTF-8 read as Windows-1252 or
/// Latin-1, by the row's own description.
fn of_our_kind(row: &Value) -> bool {
    const OTHER: &[&str] = &[
        "1250",
        "1251",
        "1257",
        "MacRoman",
        "CESU",
        "437",
        "8859-2",
        "HTML entity",
    ];
    let label = field(row, "label");
    row["expect"] == "pass"
        && field(row, "original") != expected(row)
        && !OTHER.iter().any(|o| label.contains(o))
}

#[test]
fn positive_rows_of_our_kind_are_repaired() {
    let mut selected = Vec::new();
    for file in ["synthetic.json", "in-the-wild.json", "language-names.json"] {
        let Some(rows) = rows(&test_cases().join(file)) else {
            return;
        };
        selected.extend(rows.into_iter().filter(of_our_kind));
    }
    let engine = encoding_engine();
    let (mut repaired, mut partly, mut untouched) = (0, Vec::new(), Vec::new());
    for row in &selected {
        let original = field(row, "original");
        let output = engine.fix(original, &Options::default()).unwrap().output;
        let want = expected(row);
        if output == want || uncurled(&output) == uncurled(want) {
            repaired += 1;
        } else if output == original {
            untouched.push(field(row, "label"));
        } else {
            partly.push(format!("{}: {output:?}", field(row, "label")));
        }
    }
    eprintln!(
        "ftfy positive rows of UTF-8/Windows-1252 kind: {} run, {repaired} repaired, {} partly, \
         {} untouched",
        selected.len(),
        partly.len(),
        untouched.len()
    );
    eprintln!("partly repaired:\n  {}", partly.join("\n  "));
    eprintln!("untouched:\n  {}", untouched.join("\n  "));
    assert!(
        repaired >= MIN_REPAIRED,
        "{repaired} of {} repaired",
        selected.len()
    );
}
