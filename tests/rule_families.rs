//! The rule families for translated wire copy, each with enough examples to show what it
//! catches and what it leaves alone: at least ten bad and ten good examples per family among
//! the default rules, and the promises each family makes about its repairs.

use mtscrub::ingest::Format;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::examples::ExampleKind;
use mtscrub::rules::{DeclaredFix, Rule, Ruleset, Severity};

/// Each family, named by the id prefixes of its rules.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "desk credits, datelines and bylines",
        &["credit-", "byline-", "dateline-"],
    ),
    ("CJK punctuation and spacing", &["cjk-"]),
    ("spacing", &["spacing-"]),
    ("source-language script", &["source-script-"]),
    ("encoding damage", &["encoding-"]),
    ("invisible and deceptive characters", &["invisible-"]),
    ("style suggestions", &["style-"]),
];

/// Fewest bad and good examples a family has.
const MIN_EXAMPLES: usize = 10;

fn family<'r>(rules: &'r Ruleset, prefixes: &[&str]) -> Vec<&'r Rule> {
    rules
        .iter()
        .filter(|r| prefixes.iter().any(|p| r.meta.id.starts_with(p)))
        .collect()
}

#[test]
fn every_family_has_ten_bad_and_ten_good_examples() {
    let rules = Ruleset::defaults().unwrap();
    let mut short = Vec::new();
    for (name, prefixes) in FAMILIES {
        let members = family(&rules, prefixes);
        let count = |kind| {
            members
                .iter()
                .flat_map(|r| &r.examples)
                .filter(|e| e.kind == kind)
                .count()
        };
        let (bad, good) = (count(ExampleKind::Bad), count(ExampleKind::Good));
        if bad < MIN_EXAMPLES || good < MIN_EXAMPLES {
            short.push(format!(
                "{name}: {} rules, {bad} bad, {good} good",
                members.len()
            ));
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}

/// Findings of `rule` alone on each of its bad examples.
fn findings_on_bad_examples(rule: &Rule) -> Vec<mtscrub::detect::Finding> {
    let engine = Engine::new(Ruleset::single(rule));
    rule.examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Bad)
        .flat_map(|e| {
            let options = Options {
                format: Format::Text,
                lang: Some(e.lang),
                ..Options::default()
            };
            engine.check(&e.text, &options).unwrap().findings
        })
        .collect()
}

#[test]
fn source_script_is_reported_and_never_changed() {
    let rules = Ruleset::defaults().unwrap();
    let members = family(&rules, &["source-script-"]);
    assert!(!members.is_empty());
    for rule in members {
        assert_eq!(rule.meta.severity, Severity::Warning, "{}", rule.meta.id);
        let findings = findings_on_bad_examples(rule);
        assert!(!findings.is_empty(), "{}", rule.meta.id);
        assert!(
            findings.iter().all(|f| f.fix.is_none()),
            "{} offers a repair",
            rule.meta.id
        );
    }
}

#[test]
fn style_rules_are_suggestions_off_by_default() {
    let rules = Ruleset::defaults().unwrap();
    let members = family(&rules, &["style-"]);
    assert!(members.len() >= 2);
    for rule in members {
        assert!(!rule.meta.enabled, "{} is off by default", rule.meta.id);
        assert_eq!(rule.meta.fix, DeclaredFix::Suggest, "{}", rule.meta.id);
    }
}

#[test]
fn bidirectional_controls_are_errors_that_fix_removes() {
    let rules = Ruleset::defaults().unwrap();
    let rule = rules.get("invisible-bidi-control").unwrap();
    assert_eq!(rule.meta.severity, Severity::Error);
    let findings = findings_on_bad_examples(rule);
    assert!(!findings.is_empty());
    for finding in findings {
        let fix = finding.fix.expect("a repair");
        assert!(fix.edits.iter().all(|e| e.replacement.is_empty()));
    }
}
