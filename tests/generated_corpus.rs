//! A generated corpus (`examples/gen_corpus.rs`, included here as a module) repaired with the
//! default rules, as `mtscrub fix` repairs a text file, and scored paragraph by paragraph.
//!
//! The thresholds are what was measured on this corpus (about 200 KB, seed 7), less a small
//! margin, so that a change to the rules or the analyzers that loses repairs, or starts
//! changing correct text, fails here. The paragraphs that miss are language-detection misreads:
//! a correct English paragraph read as French or Danish gets that language's quotation marks,
//! and a German one read as nothing falls back to the document's English. Run
//! `cargo run --release --example accuracy -- --dir DIR --show 20` on a generated corpus to see
//! them.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/lib.rs"]
mod gen;

use mtscrub::ingest::Format;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

/// Size of the corpus: big enough for every artifact kind to occur many times.
const BYTES: usize = 200_000;
const SEED: u64 = 7;

/// Measured 99.5% (205 of 206) on this corpus; the margin allows one or two more misses.
const MIN_RECALL: f64 = 0.985;
/// Measured 1 of 923: one English paragraph read as French.
const MAX_CHANGED_WITHOUT_ARTIFACTS: usize = 3;
/// Fewest paragraphs of each artifact kind the corpus must hold, for recall per kind to mean
/// something.
const MIN_PER_KIND: usize = 3;

fn corpus() -> Vec<gen::Paragraph> {
    gen::generate(gen::Config::new(SEED), BYTES)
}

fn engine() -> Engine {
    Engine::new(Ruleset::defaults().unwrap())
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn generation_is_deterministic_and_seeded() {
    let a = corpus();
    let b = corpus();
    assert_eq!(gen::dirty_text(&a), gen::dirty_text(&b));
    assert_eq!(gen::clean_text(&a), gen::clean_text(&b));
    let other = gen::generate(gen::Config::new(SEED + 1), BYTES);
    assert_ne!(gen::dirty_text(&a), gen::dirty_text(&other));
    let size = gen::dirty_text(&a).len();
    assert!((BYTES..BYTES + 2_000).contains(&size), "{size} bytes");
}

#[test]
fn labels_match_the_texts() {
    let corpus = corpus();
    for p in &corpus {
        assert!(
            !p.dirty.contains('\n') && !p.clean.contains('\n'),
            "#{}",
            p.id
        );
        assert_eq!(p.dirty == p.clean, p.artifacts.is_empty(), "#{}", p.id);
    }
    for kind in gen::Artifact::ALL {
        let n = corpus
            .iter()
            .filter(|p| p.artifacts.contains(&kind))
            .count();
        assert!(n >= MIN_PER_KIND, "{}: {n} paragraphs", kind.name());
    }
    for lang in gen::LANGUAGES {
        assert!(corpus.iter().any(|p| p.lang == lang), "no {lang} paragraph");
    }
}

#[test]
fn json_records_hold_the_paragraphs() {
    let corpus = corpus();
    let mut jsonl = String::new();
    let mut labels = String::new();
    for p in &corpus {
        gen::json_record(&mut jsonl, p.id, p.lang, &p.dirty);
        gen::label_record(&mut labels, p);
    }
    for ((p, record), label) in corpus.iter().zip(jsonl.lines()).zip(labels.lines()) {
        let record: serde_json::Value = serde_json::from_str(record).unwrap();
        assert_eq!(record["id"].as_u64(), Some(p.id));
        assert_eq!(record["lang"].as_str(), Some(p.lang));
        assert_eq!(record["text"].as_str(), Some(p.dirty.as_str()));
        let label: serde_json::Value = serde_json::from_str(label).unwrap();
        let kinds: Vec<&str> = label["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        let want: Vec<&str> = p.artifacts.iter().map(|a| a.name()).collect();
        assert_eq!(kinds, want);
    }
}

#[test]
fn fix_repairs_the_injected_artifacts_and_nothing_else() {
    let corpus = corpus();
    let dirty = gen::dirty_text(&corpus);
    let clean = gen::clean_text(&corpus);
    let outcome = engine().fix(&dirty, &Options::default()).unwrap();
    let (dirty, clean, fixed) = (lines(&dirty), lines(&clean), lines(&outcome.output));
    assert_eq!(fixed.len(), corpus.len(), "fix keeps one paragraph a line");
    let score = gen::score(corpus.iter().enumerate().map(|(i, p)| gen::Scored {
        lang: p.lang,
        artifacts: p.artifacts.iter().map(|a| a.name().to_string()).collect(),
        near_misses: p.near_misses.iter().map(|n| n.name().to_string()).collect(),
        dirty: dirty[i],
        clean: clean[i],
        fixed: fixed[i],
    }));
    let report = score.report();
    assert!(
        score.with_artifacts.recall() >= MIN_RECALL,
        "recall fell below {MIN_RECALL}:\n{report}"
    );
    assert!(
        score.without_artifacts.changed <= MAX_CHANGED_WITHOUT_ARTIFACTS,
        "changes outside artifacts:\n{report}"
    );
    for (kind, tally) in &score.by_artifact {
        assert!(
            tally.recall() >= 0.9,
            "{kind}: recall {:.3}\n{report}",
            tally.recall()
        );
    }
}

#[test]
fn fix_leaves_the_clean_text_as_it_is_apart_from_misread_languages() {
    let corpus = corpus();
    let clean = gen::clean_text(&corpus);
    let outcome = engine().fix(&clean, &Options::default()).unwrap();
    let changed = lines(&clean)
        .iter()
        .zip(lines(&outcome.output))
        .filter(|(a, b)| *a != b)
        .count();
    assert!(
        changed <= MAX_CHANGED_WITHOUT_ARTIFACTS,
        "{changed} clean paragraphs changed"
    );
}

#[test]
fn json_lines_repair_like_the_text() {
    // A small part of the corpus, record by record as `fix --input-format jsonl` repairs it.
    let corpus: Vec<gen::Paragraph> = corpus().into_iter().take(300).collect();
    let engine = engine();
    let options = Options {
        format: Format::Jsonl,
        ..Options::default()
    };
    let text_options = Options::default();
    let mut differ = 0;
    for p in &corpus {
        let mut record = String::new();
        gen::json_record(&mut record, p.id, p.lang, &p.dirty);
        let fixed = engine.fix(&record, &options).unwrap().output;
        let value: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(value["id"].as_u64(), Some(p.id), "records keep their ids");
        let as_text = engine.fix(&p.dirty, &text_options).unwrap().output;
        differ += usize::from(value["text"].as_str() != Some(as_text.as_str()));
    }
    assert_eq!(
        differ, 0,
        "records repaired differently from the same paragraphs as text"
    );
}

#[test]
fn an_engine_readied_for_a_long_input_finds_and_repairs_the_same() {
    // Paragraph by paragraph, as the records of a large JSON Lines file are read: the engine
    // readied for a long input scans for byte pairs before its rule automaton.
    let corpus: Vec<gen::Paragraph> = corpus().into_iter().take(400).collect();
    let plain = engine();
    let readied = engine();
    readied.expect_long_input();
    let options = Options::default();
    let found = |engine: &Engine, text: &str| -> Vec<(String, std::ops::Range<usize>)> {
        let analysis = engine.check(text, &options).unwrap();
        analysis
            .findings
            .iter()
            .map(|f| (f.rule.id.clone(), f.range.clone()))
            .collect()
    };
    let mut with_findings = 0;
    for p in &corpus {
        let expected = found(&plain, &p.dirty);
        with_findings += usize::from(!expected.is_empty());
        assert_eq!(found(&readied, &p.dirty), expected, "{:?}", p.dirty);
        assert_eq!(
            readied.fix(&p.dirty, &options).unwrap().output,
            plain.fix(&p.dirty, &options).unwrap().output
        );
    }
    assert!(
        with_findings >= 50,
        "{with_findings} paragraphs with findings"
    );
}
