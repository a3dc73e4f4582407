//! The labelled quotation test set in `tests/data/quotes/`: artifacts with their one expected
//! repair, and correct texts that must come back byte-identical with no finding.
//!
//! Each case runs through the quotation rules (every default rule enabled by default whose id
//! starts with `quote-`), with the case's language given, as a desk would run `fix --lang`.

use std::collections::BTreeSet;
use std::path::Path;

use mtscrub::language;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    lang: String,
    input: String,
    expected: Option<String>,
    rules: Vec<String>,
}

fn load() -> Vec<(String, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/quotes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let parsed: CaseFile = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        cases.extend(parsed.case.into_iter().map(|c| (file.clone(), c)));
    }
    cases
}

fn quote_engine() -> Engine {
    let defaults = Ruleset::defaults().unwrap();
    let ids: Vec<String> = defaults
        .active()
        .map(|r| r.meta.id.clone())
        .filter(|id| id.starts_with("quote-"))
        .collect();
    Engine::new(defaults.filter(&ids, &[]).unwrap())
}

#[test]
fn the_labelled_set_is_large_and_varied_enough() {
    let cases = load();
    let artifacts = cases.iter().filter(|(_, c)| c.expected.is_some()).count();
    let correct = cases.len() - artifacts;
    let languages: BTreeSet<&str> = cases.iter().map(|(_, c)| c.lang.as_str()).collect();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    assert!(artifacts >= 90, "{artifacts} artifact cases");
    assert!(correct >= 60, "{correct} correct cases");
    assert!(languages.len() >= 8, "{languages:?}");
}

#[test]
fn every_labelled_case_passes() {
    let engine = quote_engine();
    let mut failures = Vec::new();
    let cases = load();
    for (file, case) in &cases {
        let options = Options {
            lang: Some(language::parse(&case.lang).unwrap()),
            ..Options::default()
        };
        let findings = engine.check(&case.input, &options).unwrap().findings;
        let fired: BTreeSet<String> = findings.iter().map(|f| f.rule.id.clone()).collect();
        let want: BTreeSet<String> = case.rules.iter().cloned().collect();
        let outcome = engine.fix(&case.input, &options).unwrap();
        let expected = case.expected.as_deref().unwrap_or(&case.input);
        let mut problems = Vec::new();
        if fired != want {
            problems.push(format!("rules {fired:?}, expected {want:?}"));
        }
        if outcome.output != expected {
            problems.push(format!(
                "output {:?}\n      expected {expected:?}",
                outcome.output
            ));
        }
        let again = engine.fix(&outcome.output, &options).unwrap();
        if again.output != outcome.output {
            problems.push(format!("not idempotent: {:?}", again.output));
        }
        if !problems.is_empty() {
            failures.push(format!("{file} {}: {}", case.name, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
