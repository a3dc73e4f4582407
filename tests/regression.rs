//! One test per bug found by the property tests (`tests/properties.rs`), the fuzz targets
//! (`fuzz/`) or review, named after the bug, with the smallest input that showed it.

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

/// A run of backticks glued to a word (fuzz target `text`, German as written in Switzerland):
/// two TeX openers (``) were read as one quotation written the wrong way round, made «…», and
/// read shifted by one mark on every pass, so `fix` gave up after eight.
#[test]
fn a_run_of_backticks_is_not_a_chain_of_reversed_quotations() {
    let text = format!("including a roy{}al wedding", "`".repeat(116));
    for lang in ["de-CH", "en", "fr"] {
        let outcome = fix(&text, &options(Format::Text, Some(lang)));
        assert_eq!(outcome.output, text, "{lang}");
    }
}

/// Markup left in the text (`content="A “b.">`, fuzz target `html`): `quote-mixed-style` made
/// the straight `"` before `>` a curly closer, and `html-attribute-curly-quote` made it straight
/// again, pass after pass.
#[test]
fn a_straight_mark_ending_an_attribute_is_left_to_the_markup_rule() {
    for (format, text) in [
        (Format::Text, "He said content=\"A “b.\">"),
        (Format::Html, "<p>x content=\"A &ldquo;b.\"/>"),
    ] {
        let outcome = fix(text, &options(format, Some("en")));
        assert_eq!(outcome.output, text);
    }
    // Elsewhere a mixed pair is still repaired.
    let outcome = fix("He said, \"We won.”", &options(Format::Text, Some("en")));
    assert_eq!(outcome.output, "He said, “We won.”");
}

/// Empty guillemet pairs glued to a word (`roy«»«»«»…`, from the fuzz targets) are read
/// shifted by one mark, and each pass repairs one pair more: more than eight pairs do not
/// settle. Not repaired yet; what must hold meanwhile is that `fix` reports it as an error
/// naming the rules, and the command writes nothing and exits 2.
#[test]
fn glued_empty_guillemet_pairs_fail_cleanly_when_they_do_not_settle() {
    let text = format!("a roy{}al b", "«»".repeat(12));
    match engine().fix(&text, &options(Format::Text, Some("de-CH"))) {
        Ok(outcome) => {
            let again = engine()
                .fix(&outcome.output, &options(Format::Text, Some("de-CH")))
                .expect("output reads");
            assert_eq!(again.output, outcome.output);
        }
        Err(mtscrub::Error::NoConvergence { rules, .. }) => {
            assert!(rules.iter().all(|r| r.starts_with("quote-")), "{rules:?}");
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("story.txt");
            std::fs::write(&path, &text).unwrap();
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_mtscrub"))
                .args(["fix", "--write", "--lang", "de-CH"])
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&output.stderr).contains("did not converge"));
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
        Err(e) => panic!("{e}"),
    }
}

/// `„Der Minister sagte: “Wir …”` (German with an English opener, found by the properties):
/// `quote-inner-space` read the “ as the closer of „ and removed the space before it, and
/// `spacing-missing-after-colon-semicolon` put the space after the colon back, pass after pass.
#[test]
fn the_space_after_a_colon_is_not_a_quotation_inner_space() {
    let text = "„Der Minister sagte: “Wir erhöhen die Steuern nicht.”";
    for lang in [None, Some("de")] {
        let outcome = fix(text, &options(Format::Text, lang));
        assert!(
            outcome.output.contains("sagte: "),
            "{lang:?}: {:?}",
            outcome.output
        );
    }
    // Inner spaces elsewhere are still removed.
    let outcome = fix("“ We are ready ”", &options(Format::Text, Some("en")));
    assert_eq!(outcome.output, "“We are ready”");
}

/// Two marks of one quotation inside a run of text that normalization changed (decomposed
/// Hangul after `»«`, found by the properties): the view widened both of the repair's edits to
/// the whole run, the repair's edits overlapped, and splicing them panicked.
#[test]
fn a_repair_inside_text_that_normalization_changed_does_not_panic() {
    let text = " » »«\u{202f}\u{1112}\u{1161}\u{11ab} River";
    for format in [Format::Text, Format::Html, Format::Markdown] {
        let outcome = fix(text, &options(format, None));
        assert!(outcome.output.ends_with(" River"), "{:?}", outcome.output);
        let engine = engine();
        for finding in engine.check(text, &options(format, None)).unwrap().findings {
            let Some(fix) = finding.fix else { continue };
            for pair in fix.edits.windows(2) {
                assert!(pair[0].range.end <= pair[1].range.start, "{fix:?}");
            }
        }
    }
}

/// Found by the `text` fuzz target: the repairs (a space after the colon, a closer for the
/// guillemet) changed what the document's language was read as, so the next run repaired the
/// marks the other way. `fix` now repairs again in the language its output reads as.
#[test]
fn repairs_that_change_the_document_language_are_made_in_the_language_they_end_in() {
    let text = "rais fl été:«on\nia,ezhesidal on0Pradeeroob\naorobo";
    let outcome = fix(text, &options(Format::Text, None));
    assert_ne!(outcome.output, text);
}

/// Found in review, not by a property test: with the function-word vote stopping at a
/// landslide, a German paragraph that opens by quoting English was read as English, and its
/// correct German marks were "repaired" into English ones. In a German document too.
#[test]
fn a_german_paragraph_that_opens_by_quoting_english_is_left_alone() {
    let german = "„We will not give in to the pressure of the markets“, sagte der Minister am \
                  Freitag in Berlin. Er fügte hinzu, dass die Regierung an ihrem Kurs \
                  festhalte und keine neuen Schulden aufnehmen werde.\n";
    let document = format!(
        "{german}\nDie Opposition kritisierte den Plan. Sie forderte eine Abstimmung im \
         Bundestag noch vor der Sommerpause.\n"
    );
    for text in [german, document.as_str()] {
        let outcome = fix(text, &options(Format::Text, None));
        assert_eq!(outcome.output, text);
        assert!(outcome.applied.is_empty(), "{:?}", outcome.applied);
    }
}
