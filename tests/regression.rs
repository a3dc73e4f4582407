//! One test per bug found by the property tests (`tests/properties.rs`) and the fuzz targets
//! (`fuzz/`), named after the bug, with the smallest input that showed it.

use std::ops::Range;

use mtscrub::ingest::Format;
use mtscrub::pipeline::FixOutcome;
use mtscrub::rules::Ruleset;
use mtscrub::{Engine, Options};

fn engine() -> Engine {
    Engine::new(Ruleset::defaults().expect("default rules load"))
}

fn options(format: Format, lang: Option<&str>) -> Options {
    Options {
        format,
        lang: lang.map(|code| mtscrub::language::parse(code).expect("known language")),
        ..Options::default()
    }
}

/// Fixes `text`, which must converge, and checks that fixing the output changes nothing.
fn fix(text: &str, options: &Options) -> FixOutcome {
    let engine = engine();
    let outcome = engine
        .fix(text, options)
        .unwrap_or_else(|e| panic!("fix of {text:?} failed: {e}"));
    let again = engine.fix(&outcome.output, options).expect("output reads");
    assert_eq!(again.output, outcome.output, "fix is not idempotent");
    outcome
}

/// The applied edits of pass 1, spliced into `text`; panics when two of them overlap.
fn splice_first_pass(text: &str, outcome: &FixOutcome) -> String {
    let mut edits: Vec<(Range<usize>, &str)> = outcome
        .applied
        .iter()
        .filter(|e| e.pass == 1)
        .map(|e| (e.range.clone(), e.replacement.as_str()))
        .collect();
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::new();
    let mut at = 0;
    for (range, replacement) in edits {
        assert!(at <= range.start, "edits overlap at {range:?}: {outcome:?}");
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A repair of a quotation's two marks (here `« … »` made `“ … ”` in English) was reported as
/// one edit spanning the whole quotation, while another repair in the same pass removed a space
/// inside it: the reported edits overlapped and did not give the output.
#[test]
fn two_mark_repair_around_another_repair_reports_disjoint_edits() {
    let text = "«\u{202f}.\u{202f}»";
    let outcome = fix(text, &options(Format::Text, Some("en")));
    assert!(outcome
        .applied
        .iter()
        .any(|e| e.rule.id == "quote-foreign-locale"));
    assert!(outcome
        .applied
        .iter()
        .any(|e| e.rule.id == "quote-inner-space"));
    assert_eq!(outcome.passes, 2, "one pass does the work");
    assert_eq!(splice_first_pass(text, &outcome), outcome.output);
}

/// `“A “B””`: the two closers close two quotations, but were read as one closer written twice.
/// `quote-doubled` removed one and `quote-unclosed` put it back, pass after pass, until `fix`
/// gave up.
#[test]
fn closers_of_two_open_quotations_are_not_a_doubling() {
    for text in ["“A “B””", "“A, “B.””"] {
        let outcome = fix(text, &options(Format::Text, None));
        assert!(
            outcome.applied.iter().all(|e| e.rule.id != "quote-doubled"),
            "{text}: {:?}",
            outcome.applied
        );
    }
    // A closer written twice after one quotation is still a doubling.
    let outcome = fix("He said, “We won.”” Next", &options(Format::Text, None));
    assert_eq!(outcome.output, "He said, “We won.” Next");
}

/// A quotation opened with a closer glyph (`»`) and left open in British English was closed
/// with en-GB's primary closer `’`, a single mark that cannot close a double one: the repair
/// never took, and added a mark on every pass.
#[test]
fn unclosed_reversed_opener_is_closed_with_a_mark_of_its_family() {
    let outcome = fix("Hea.m. »\u{200b}", &options(Format::Text, Some("en-GB")));
    assert!(!outcome.output.contains('’'), "{:?}", outcome.output);
    assert_eq!(outcome.output.matches(['“', '”', '»']).count(), 2);
}

/// An unclosed TeX opener (``) was closed with a single backtick, which closes nothing, so
/// every pass added another until `fix` gave up.
#[test]
fn unclosed_tex_opener_does_not_grow_backticks() {
    for text in ["``\u{a0}", "He said, ``We will win."] {
        let outcome = fix(text, &options(Format::Text, Some("en")));
        assert!(
            outcome.output.matches('`').count() <= 2,
            "{text:?} → {:?}",
            outcome.output
        );
    }
}

/// A source segment ending in an ideographic space (U+3000): `bilingual-edge-whitespace` copied
/// it to the English target and `cjk-ideographic-space` turned it back into a space, forever.
#[test]
fn ideographic_space_at_a_source_edge_is_a_space_in_english() {
    let outcome = fix("He\u{3000}\tHe ", &options(Format::Tsv, None));
    assert_eq!(outcome.output, "He\u{3000}\tHe ");
    let outcome = fix("He\u{3000}\tHe", &options(Format::Tsv, None));
    assert_eq!(outcome.output, "He\u{3000}\tHe ");
    // In a Japanese target the ideographic space is the source's and stays one.
    let outcome = fix("はい\u{3000}\tはい", &options(Format::Tsv, Some("ja")));
    assert_eq!(outcome.output, "はい\u{3000}\tはい\u{3000}");
}
