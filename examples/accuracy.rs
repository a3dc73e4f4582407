//! Scores a repair of a generated corpus (`examples/gen_corpus.rs`) paragraph by paragraph.
//!
//! ```sh
//! mtscrub fix DIR/corpus.txt > DIR/fixed.txt
//! cargo run --release --example accuracy -- --dir DIR --fixed DIR/fixed.txt
//! mtscrub fix --input-format jsonl DIR/corpus.jsonl > DIR/fixed.jsonl
//! cargo run --release --example accuracy -- --dir DIR --format jsonl --fixed DIR/fixed.jsonl
//! cargo run --release --example accuracy -- --dir DIR          # repair in-process instead
//! ```
//!
//! Prints the recall of injected artifacts (paragraphs with artifacts that came back equal to
//! the clean text, over all paragraphs with artifacts; also per artifact kind and language) and
//! the number of paragraphs without artifacts that were changed. `--show N` prints the first N
//! paragraphs that did not come back as the clean text. Exit status 1 when the files do not
//! line up (different numbers of paragraphs or records out of order).

#[allow(dead_code)]
#[path = "gen_corpus/lib.rs"]
mod gen;

use std::path::{Path, PathBuf};

use mtscrub::ingest::Format;
use mtscrub::language::LanguageDetector;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

struct Label {
    id: u64,
    lang: String,
    artifacts: Vec<String>,
    near_misses: Vec<String>,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("accuracy: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut dir = None;
    let mut fixed = None;
    let mut jsonl = false;
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--dir" => dir = Some(PathBuf::from(value()?)),
            "--fixed" => fixed = Some(PathBuf::from(value()?)),
            "--format" => {
                jsonl = match value()?.as_str() {
                    "text" => false,
                    "jsonl" => true,
                    other => return Err(format!("--format {other}: text or jsonl")),
                }
            }
            "--show" => {
                let v = value()?;
                show = v.parse().map_err(|_| format!("--show {v}: not a number"))?;
            }
            other => {
                return Err(format!(
                    "unknown argument {other}; usage: accuracy --dir DIR [--fixed FILE] \
                     [--format text|jsonl] [--show N]"
                ))
            }
        }
    }
    let dir = dir.ok_or("--dir DIR is required")?;
    let labels = read_labels(&dir.join("labels.jsonl"))?;
    let (dirty, clean, fixed) = if jsonl {
        let dirty = read(&dir.join("corpus.jsonl"))?;
        let clean = read(&dir.join("corpus.clean.jsonl"))?;
        let fixed = match &fixed {
            Some(path) => read(path)?,
            None => repair(&dirty, Format::Jsonl)?,
        };
        (
            json_texts(&dirty, "corpus.jsonl")?,
            json_texts(&clean, "corpus.clean.jsonl")?,
            json_texts(&fixed, "the repaired records")?,
        )
    } else {
        let dirty = read(&dir.join("corpus.txt"))?;
        let clean = read(&dir.join("corpus.clean.txt"))?;
        let fixed = match &fixed {
            Some(path) => read(path)?,
            None => repair(&dirty, Format::Text)?,
        };
        let lines = |t: &str| -> Vec<(u64, String)> {
            t.lines()
                .enumerate()
                .map(|(i, l)| (i as u64 + 1, l.to_string()))
                .collect()
        };
        (lines(&dirty), lines(&clean), lines(&fixed))
    };
    for (name, list) in [("dirty", &dirty), ("clean", &clean), ("repaired", &fixed)] {
        if list.len() != labels.len() {
            return Err(format!(
                "{} labels but {} {name} paragraphs",
                labels.len(),
                list.len()
            ));
        }
        if let Some(((id, _), label)) = list.iter().zip(&labels).find(|((id, _), l)| *id != l.id) {
            return Err(format!(
                "{name}: paragraph {id} where {} was expected",
                label.id
            ));
        }
    }
    let score = gen::score(labels.iter().enumerate().map(|(i, l)| gen::Scored {
        lang: &l.lang,
        artifacts: l.artifacts.clone(),
        near_misses: l.near_misses.clone(),
        dirty: &dirty[i].1,
        clean: &clean[i].1,
        fixed: &fixed[i].1,
    }));
    print!("{}", score.report());
    let detector = LanguageDetector::default();
    for &n in score.misses.iter().take(show) {
        let l = &labels[n - 1];
        println!(
            "\n#{} {} (detected: {}) artifacts {:?} near-misses {:?}\n  dirty: {}\n  clean: {}\n  fixed: {}",
            l.id,
            l.lang,
            detector.detect(&dirty[n - 1].1).unwrap_or("none"),
            l.artifacts,
            l.near_misses,
            dirty[n - 1].1,
            clean[n - 1].1,
            fixed[n - 1].1
        );
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Repairs in-process, as `mtscrub fix` with the default rules does.
fn repair(text: &str, format: Format) -> Result<String, String> {
    let engine = Engine::new(Ruleset::defaults().map_err(|e| e.to_string())?);
    let options = Options {
        format,
        ..Options::default()
    };
    if format == Format::Jsonl {
        // The command line repairs each record as a text of its own.
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let outcome = engine.fix(line, &options).map_err(|e| e.to_string())?;
            out.push_str(&outcome.output);
        }
        return Ok(out);
    }
    Ok(engine
        .fix(text, &options)
        .map_err(|e| e.to_string())?
        .output)
}

fn read_labels(path: &Path) -> Result<Vec<Label>, String> {
    let text = read(path)?;
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
            let list = |key: &str| -> Vec<String> {
                v[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Ok(Label {
                id: v["id"].as_u64().ok_or("a label without an id")?,
                lang: v["lang"].as_str().unwrap_or_default().to_string(),
                artifacts: list("artifacts"),
                near_misses: list("near_misses"),
            })
        })
        .collect()
}

/// The `(id, text)` of each record of a JSON Lines text.
fn json_texts(text: &str, what: &str) -> Result<Vec<(u64, String)>, String> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{what}:{}: {e}", i + 1))?;
            Ok((
                v["id"]
                    .as_u64()
                    .ok_or_else(|| format!("{what}:{}: no id", i + 1))?,
                v["text"].as_str().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}
