//! A long plain text is read in independent parts, in parallel, and `fix` repeats detection
//! only on the parts it changed. These tests hold that to the promise that the result is the
//! one of reading the text in one piece: an article repeated many times (far past one piece)
//! gets the article's findings and repairs once per copy, at the copy's offsets, with one
//! thread or two, and a quotation's style is decided by the whole text, not by the piece.

use mtscrub::detect::Finding;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

fn engine() -> Engine {
    Engine::new(Ruleset::defaults().expect("default rules"))
}

fn article(name: &str) -> String {
    let path = format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `text` repeated until it is over 300 KB (several pieces), joined by blank lines.
fn repeated(text: &str) -> (String, usize, usize) {
    let unit = format!("{}\n\n", text.trim_end());
    let copies = 300_000 / unit.len() + 2;
    (unit.repeat(copies), unit.len(), copies)
}

fn summary(findings: &[Finding], shift: usize) -> Vec<(String, usize, usize, Option<String>)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.id.clone(),
                f.range.start - shift,
                f.range.end - shift,
                f.fix.as_ref().map(|fix| format!("{:?}", fix.edits.len())),
            )
        })
        .collect()
}

fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(work)
}

#[test]
fn every_copy_of_an_article_reads_as_the_article_alone() {
    let engine = engine();
    let options = Options::default();
    for name in [
        "donga-2024-10-26-nk-troops.txt",
        "ko-en-glosses-bylines.txt",
    ] {
        let one = article(name);
        let unit = format!("{}\n\n", one.trim_end());
        let alone = engine.check(&unit, &options).expect("check");
        assert!(
            !alone.findings.is_empty(),
            "{name}: the article has findings"
        );
        let (long, unit_len, copies) = repeated(&one);
        for threads in [1, 2] {
            let found = in_pool(threads, || engine.check(&long, &options).expect("check"));
            assert_eq!(
                found.findings.len(),
                alone.findings.len() * copies,
                "{name}"
            );
            for (k, chunk) in found.findings.chunks(alone.findings.len()).enumerate() {
                assert_eq!(
                    summary(chunk, k * unit_len),
                    summary(&alone.findings, 0),
                    "{name}: copy {k}, {threads} threads"
                );
            }
        }
    }
}

#[test]
fn fix_of_a_long_text_is_the_fix_of_each_copy() {
    let engine = engine();
    let options = Options::default();
    let one = article("donga-2024-10-26-nk-troops.txt");
    let unit = format!("{}\n\n", one.trim_end());
    let alone = engine.fix(&unit, &options).expect("fix");
    assert_ne!(alone.output, unit, "the article needs repairs");
    let (long, unit_len, copies) = repeated(&one);
    for threads in [1, 2] {
        let fixed = in_pool(threads, || engine.fix(&long, &options).expect("fix"));
        assert_eq!(
            fixed.output,
            alone.output.repeat(copies),
            "{threads} threads"
        );
        assert_eq!(fixed.applied.len(), alone.applied.len() * copies);
        // Every edit points into the original copy it came from.
        for (k, chunk) in fixed.applied.chunks(alone.applied.len()).enumerate() {
            for (edit, expected) in chunk.iter().zip(&alone.applied) {
                assert_eq!(edit.range.start - k * unit_len, expected.range.start);
                assert_eq!(edit.range.end - k * unit_len, expected.range.end);
                assert_eq!(edit.replacement, expected.replacement);
            }
        }
        assert_eq!(fixed.passes, alone.passes);
    }
}

#[test]
fn a_missing_closer_at_the_very_end_is_repaired() {
    let engine = engine();
    let text = "Lee added, “The market has priced in the cut. Investors look ahead.";
    let fixed = engine.fix(text, &Options::default()).expect("fix");
    assert_eq!(fixed.output, format!("{text}”"));
}

#[test]
fn the_quotation_style_is_the_whole_texts() {
    // Far into a text quoted in straight marks, a piece of typographic quotations holds a
    // pair that mixes the two: the text's style (straight) decides its repair, as it would
    // if the text were read in one piece.
    // Each quoted paragraph is followed by one without quotation marks, where a part ends.
    let straight = "The minister said \"we will act\" and left.\nNo more was said.\n".repeat(8_000);
    let curly = "The mayor said “we will wait” and stayed.\nNo more was said.\n".repeat(1_500);
    let text = format!("{straight}{curly}The judge said \"we will see” and adjourned.\n");
    assert!(text.len() > 500_000);
    let fixed = engine().fix(&text, &Options::default()).expect("fix");
    assert!(
        fixed
            .output
            .ends_with("The judge said \"we will see\" and adjourned.\n"),
        "{}",
        &fixed.output[fixed.output.len() - 80..]
    );
}
