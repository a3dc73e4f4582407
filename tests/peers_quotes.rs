//! Peer test data for quotation handling, read from `../shared/peers/` when it is there:
//! - LanguageTool's unpaired-quote and unpaired-bracket cases: every text LanguageTool expects
//!   no match for must give mtscrub no finding and no change.
//! - typograf's cases whose expected output is already correct quotation in a locale mtscrub
//!   supports: fed to mtscrub, it must come back unchanged, with no quotation finding.
//!
//! Where the data is absent the tests print that they were skipped and pass.

use std::path::{Path, PathBuf};

use mtscrub::ingest::Format;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;
use serde::Deserialize;

fn peer(path: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/peers")
        .join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} not found", path.display());
        None
    }
}

fn jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[derive(Deserialize)]
struct LanguageToolRow {
    rule: String,
    text: String,
    expected_matches: usize,
}

#[test]
fn languagetool_correct_texts_stay_silent_and_unchanged() {
    let Some(path) = peer("languagetool/unpaired_rules_cases.jsonl") else {
        return;
    };
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let options = Options {
        lang: Some("en"),
        ..Options::default()
    };
    let rows: Vec<LanguageToolRow> = jsonl(&path);
    let mut checked = 0;
    let mut failures = Vec::new();
    for row in rows.iter().filter(|r| r.expected_matches == 0) {
        checked += 1;
        let findings = engine.check(&row.text, &options).unwrap().findings;
        let output = engine.fix(&row.text, &options).unwrap().output;
        if !findings.is_empty() || output != row.text {
            let ids: Vec<_> = findings.iter().map(|f| f.rule.id.as_str()).collect();
            failures.push(format!(
                "{} {:?}: {ids:?} -> {output:?}",
                row.rule, row.text
            ));
        }
    }
    eprintln!(
        "languagetool: {checked} rows expecting no match, {} failed",
        failures.len()
    );
    assert!(checked >= 90, "{checked} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(Deserialize)]
struct TypografRow {
    rule: String,
    locale: serde_json::Value,
    expected: String,
}

/// Locales of typograf's data that mtscrub has conventions for, with their pairs, outermost
/// first, as written in typograf's own locale table (`locale_quotes.json`).
fn typograf_pairs(locale: &str) -> Option<Vec<(char, char)>> {
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(peer("typograf/locale_quotes.json")?).unwrap(),
    )
    .unwrap();
    let entry = table.get(locale)?;
    let left: Vec<char> = entry["left"].as_str()?.chars().collect();
    let right: Vec<char> = entry["right"].as_str()?.chars().collect();
    Some(left.into_iter().zip(right).collect())
}

/// A text whose quotation marks all belong to `pairs` and nest properly, with apostrophes
/// only inside words: correct quotation by typograf's own table, judged without mtscrub.
fn well_quoted(text: &str, pairs: &[(char, char)]) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut open: Vec<char> = Vec::new();
    let mut marks = 0;
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c == '’' && between_letters {
            continue;
        }
        if matches!(c, '"' | '\'' | '`') {
            return false;
        }
        let closes = open
            .last()
            .is_some_and(|&o| pairs.iter().any(|p| p.0 == o && p.1 == c));
        if closes {
            open.pop();
            marks += 1;
        } else if pairs.iter().any(|p| p.0 == c) {
            open.push(c);
            marks += 1;
        } else if pairs.iter().any(|p| p.1 == c) || "“”‘’„‚«»‹›「」『』".contains(c)
        {
            return false;
        }
    }
    open.is_empty() && marks > 0
}

#[test]
fn typograf_correct_quotation_comes_back_unchanged() {
    let Some(path) = peer("typograf/cases.jsonl") else {
        return;
    };
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let rows: Vec<TypografRow> = jsonl(&path);
    let mut checked = 0;
    let mut failures = Vec::new();
    for row in &rows {
        let locale = match &row.locale {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(list) => list[0].as_str().unwrap_or("").to_string(),
            _ => continue,
        };
        let Ok(lang) = mtscrub::language::parse(&locale) else {
            continue;
        };
        let Some(pairs) = typograf_pairs(&locale) else {
            continue;
        };
        if !well_quoted(&row.expected, &pairs) {
            continue;
        }
        checked += 1;
        let options = Options {
            lang: Some(lang),
            format: if row.expected.contains('<') {
                Format::Html
            } else {
                Format::Text
            },
            ..Options::default()
        };
        let findings = engine.check(&row.expected, &options).unwrap().findings;
        let quote_findings: Vec<_> = findings
            .iter()
            .filter(|f| f.rule.id.starts_with("quote-"))
            .map(|f| f.rule.id.as_str())
            .collect();
        let output = engine.fix(&row.expected, &options).unwrap().output;
        if !quote_findings.is_empty() || output != row.expected {
            failures.push(format!(
                "{} [{locale}] {:?}: {quote_findings:?} -> {output:?}",
                row.rule, row.expected
            ));
        }
    }
    eprintln!(
        "typograf: {checked} rows of correct quotation, {} failed",
        failures.len()
    );
    assert!(checked >= 40, "{checked} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
