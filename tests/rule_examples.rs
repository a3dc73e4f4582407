//! Every example of every default rule, as `mtscrub rules test` runs them.

use mtscrub::rules::examples::{test_all, ExampleKind};
use mtscrub::rules::Ruleset;

#[test]
fn every_default_rule_example_passes() {
    let rules = Ruleset::defaults().expect("default rules load");
    let (count, failures) = test_all(&rules);
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", report.join("\n"));
    assert!(
        count >= rules.len() * 2,
        "every rule has good and bad examples"
    );
}

#[test]
fn every_rule_has_good_and_bad_examples_and_a_unique_id() {
    let rules = Ruleset::defaults().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.meta.id.as_str()).collect();
    for rule in rules.iter() {
        let has = |kind| rule.examples.iter().any(|e| e.kind == kind);
        assert!(
            has(ExampleKind::Good) && has(ExampleKind::Bad),
            "{}",
            rule.meta.id
        );
        assert!(!rule.meta.why.is_empty(), "{} has a why", rule.meta.id);
    }
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total);
}

#[test]
fn a_wrong_example_is_caught() {
    // The harness itself must fail on a rule whose example is wrong.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("demo.toml"),
        r#"
[[rule]]
id = "demo-space-before-comma"
message = "Space before a comma"
why = "Detokenisation leaves a space before commas."
languages = ["en"]
pattern = ' (?P<span>,)'
replacement = ','
good = ["a, b"]
[[rule.bad]]
text = "a ⟦,⟧ b"
fixed = "a , b"
"#,
    )
    .unwrap();
    let rules = Ruleset::from_dir(dir.path()).unwrap();
    let (_, failures) = test_all(&rules);
    assert_eq!(failures.len(), 1);
    assert!(failures[0].to_string().contains("demo.toml:2"));
}
