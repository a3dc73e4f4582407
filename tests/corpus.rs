//! The corpus: every `corpus/NAME.txt` (or `.html`) with a `corpus/NAME.expected.EXT` must
//! repair to exactly its expected file, the expected file must check clean, and `fix` must
//! change nothing on its own output.
//!
//! To add a case, put the input and the output a desk wants beside it; the expected file is
//! written by hand, never generated.

use std::path::{Path, PathBuf};

use mtscrub::ingest::Format;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::{Ruleset, Severity};

fn cases() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if stem.ends_with(".expected") || !matches!(ext, "txt" | "html") {
            continue;
        }
        let expected = dir.join(format!("{stem}.expected.{ext}"));
        if expected.exists() {
            cases.push((path, expected));
        }
    }
    cases.sort();
    cases
}

fn options(path: &Path) -> Options {
    Options {
        format: Format::from_path(path),
        ..Options::default()
    }
}

#[test]
fn corpus_files_repair_to_their_expected_output() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let cases = cases();
    assert!(!cases.is_empty(), "the corpus has cases");
    for (input, expected) in cases {
        let text = std::fs::read_to_string(&input).unwrap();
        let want = std::fs::read_to_string(&expected).unwrap();
        let outcome = engine.fix(&text, &options(&input)).unwrap();
        assert_eq!(outcome.output, want, "{}", input.display());
        assert!(
            outcome.dropped.is_empty(),
            "{}: {:?}",
            input.display(),
            outcome.dropped
        );
    }
}

#[test]
fn expected_outputs_check_clean() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    for (_, expected) in cases() {
        let text = std::fs::read_to_string(&expected).unwrap();
        let findings = engine.check(&text, &options(&expected)).unwrap().findings;
        let failing: Vec<_> = findings
            .iter()
            .filter(|f| f.rule.severity >= Severity::Warning)
            .map(|f| format!("{} at {:?}", f.rule.id, f.range))
            .collect();
        assert!(failing.is_empty(), "{}: {failing:?}", expected.display());
    }
}

#[test]
fn fix_is_idempotent_on_every_corpus_file() {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    for (input, expected) in cases() {
        for path in [input, expected] {
            let text = std::fs::read_to_string(&path).unwrap();
            let once = engine.fix(&text, &options(&path)).unwrap().output;
            let twice = engine.fix(&once, &options(&path)).unwrap();
            assert_eq!(twice.output, once, "{}", path.display());
            assert!(twice.applied.is_empty(), "{}", path.display());
        }
    }
}
