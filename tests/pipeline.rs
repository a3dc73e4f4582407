//! The repair loop: edits apply together, overlaps are resolved deterministically and
//! reported, repairs converge or fail naming the rules, and edits point into the original.

use mtscrub::pipeline::{Engine, Options};
use mtscrub::repair::Safety;
use mtscrub::rules::Ruleset;
use mtscrub::Error;

fn engine(rules: &str) -> Engine {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.toml"), rules).unwrap();
    Engine::new(Ruleset::from_dir(dir.path()).unwrap())
}

fn rule(id: &str, pattern: &str, replacement: &str, bad: &str, fixed: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nmessage = \"m\"\nwhy = \"w\"\nlanguages = [\"en\"]\n\
         pattern = '{pattern}'\nreplacement = '{replacement}'\ngood = [\"zzz\"]\n\
         [[rule.bad]]\ntext = \"{bad}\"\nfixed = \"{fixed}\"\n"
    )
}

fn en() -> Options {
    Options {
        lang: Some("en"),
        ..Options::default()
    }
}

/// A repair in the document's language that makes the text read as another, whose own
/// repair reads as the first again, can never settle: `fix` says so instead of picking one.
#[test]
fn a_document_language_that_never_settles_is_an_error() {
    let rule = |id: &str, lang: &str, pattern: &str, replacement: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\nmessage = \"m\"\nwhy = \"w\"\nlanguages = [\"{lang}\"]\n\
             pattern = '{pattern}'\nreplacement = '{replacement}'\ngood = [\"zzz\"]\n\
             [[rule.bad]]\ntext = \"⟦{pattern}⟧\"\nfixed = \"{replacement}\"\n"
        )
    };
    // English paragraphs too short to tell their own language become German ones, which
    // the German rule turns back: the English source repaired as German is left as it is.
    let rules = rule("en-to-de", "en", "the and of", "der und die")
        + &rule("de-to-en", "de", "der und die", "the and of");
    let source = "the and of\n\n".repeat(12);
    match engine(&rules).fix(&source, &Options::default()) {
        Err(Error::LanguageUnsettled { tried }) => assert_eq!(tried, ["en", "de", "en"]),
        Err(other) => panic!("expected an unsettled language, got {other}"),
        Ok(outcome) => panic!("expected an unsettled language, got {:?}", outcome.output),
    }
    // A repair made in either language settles: the text repaired as English reads as
    // German, and repaired as German it comes out the same.
    let both = rule("en-to-de", "en", "the and of", "der und die")
        .replace("languages = [\"en\"]", "languages = [\"en\", \"de\"]");
    let outcome = engine(&both).fix(&source, &Options::default()).unwrap();
    assert_eq!(outcome.output, "der und die\n\n".repeat(12));
}

#[test]
fn oscillating_rules_fail_naming_them() {
    let rules = rule("a-to-b", "a", "b", "⟦a⟧", "b") + &rule("b-to-a", "b", "a", "⟦b⟧", "a");
    let err = engine(&rules).fix("a", &en()).unwrap_err();
    match err {
        Error::NoConvergence { rules, .. } => {
            assert!(!rules.is_empty() && rules.iter().all(|r| r == "a-to-b" || r == "b-to-a"))
        }
        other => panic!("expected no convergence, got {other}"),
    }
}

#[test]
fn overlapping_edits_keep_the_first_and_report_the_other() {
    // Both rules match "abc"; the first rule in the set wins, the other is reported, and the
    // second pass finds nothing left for it.
    let rules = rule("first", "abc", "X", "⟦abc⟧", "X") + &rule("second", "bcd", "Y", "⟦bcd⟧", "Y");
    let outcome = engine(&rules).fix("abcd", &en()).unwrap();
    assert_eq!(outcome.output, "Xd");
    assert_eq!(outcome.dropped.len(), 1);
    assert_eq!(outcome.dropped[0].rule.id, "second");
    assert_eq!(outcome.dropped[0].kept_rule, "first");
    assert_eq!(outcome.dropped[0].range, 1..4);
}

#[test]
fn later_passes_map_edits_to_the_original_bytes() {
    // Pass one turns "aa" into "b"; pass two turns "bc" into "D". The second edit's range is
    // reported over the original bytes it came from.
    let rules = rule("aa-to-b", "aa", "b", "⟦aa⟧", "b") + &rule("bc-to-d", "bc", "D", "⟦bc⟧", "D");
    let outcome = engine(&rules).fix("xxaac", &en()).unwrap();
    assert_eq!(outcome.output, "xxD");
    let passes: Vec<_> = outcome
        .applied
        .iter()
        .map(|e| (e.rule.id.as_str(), e.range.clone(), e.pass))
        .collect();
    assert_eq!(passes, [("aa-to-b", 2..4, 1), ("bc-to-d", 2..5, 2)]);
}

#[test]
fn tiers_are_derived_and_reported() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let outcome = engine
        .fix(
            "“Prices rose. “Wages did not,” she said. “It hurts.” “He said.",
            &en(),
        )
        .unwrap();
    let tiers: Vec<_> = outcome
        .applied
        .iter()
        .map(|e| (e.rule.id.as_str(), e.safety))
        .collect();
    assert_eq!(
        tiers,
        [
            ("quote-stray-opener", Safety::Safe),
            ("quote-attribution-fragment", Safety::Review)
        ]
    );
    assert_eq!(
        outcome.output,
        "“Prices rose. Wages did not,” she said. “It hurts,” he said."
    );
}

#[test]
fn a_unicode_word_boundary_rule_still_matches_beside_non_ascii_letters() {
    // The combined automaton that picks the rules for a segment cannot read a Unicode `\b`
    // next to a non-ASCII letter; the rule must then run anyway.
    let rules = rule("colour", r"\bcolour\b", "color", "⟦colour⟧", "color");
    let engine = engine(&rules);
    let fixed = engine.fix("Ünïcödé colour, déjà vu.", &en()).unwrap();
    assert_eq!(fixed.output, "Ünïcödé color, déjà vu.");
    let fixed = engine.fix("plain colour text", &en()).unwrap();
    assert_eq!(fixed.output, "plain color text");
    assert!(engine
        .check("discolouration", &en())
        .unwrap()
        .findings
        .is_empty());
}
