//! Snapshots of every output format on the seed article: what an editor or a CI system sees.
//! Each is a readable file in `tests/snapshots/`; after a deliberate change, regenerate them
//! with `MTSCRUB_BLESS=1 cargo test --test snapshots` and review the diff before committing.

use std::path::Path;
use std::process::Command;

const SEED: &str = "corpus/donga-2024-10-26-nk-troops.txt";

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    // The run time is the one thing that changes from run to run.
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line
            .rfind("; ")
            .filter(|_| line.trim_end().ends_with(" ms."))
        {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str("; (time) ms.\n");
            }
            None => out.push_str(line),
        }
    }
    out
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("MTSCRUB_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with MTSCRUB_BLESS=1", path.display()));
    assert_eq!(
        actual, expected,
        "{name} differs; run with MTSCRUB_BLESS=1 to update"
    );
}

#[test]
fn human() {
    snapshot("seed.check.txt", &run(&["check", SEED]));
}

#[test]
fn diff() {
    snapshot("seed.diff", &run(&["fix", "--diff", SEED]));
}

#[test]
fn json() {
    snapshot(
        "seed.json",
        &run(&["check", "--output-format", "json", SEED]),
    );
}

#[test]
fn sarif() {
    snapshot(
        "seed.sarif.json",
        &run(&["check", "--output-format", "sarif", SEED]),
    );
}

#[test]
fn github() {
    snapshot(
        "seed.github.txt",
        &run(&["check", "--output-format", "github", SEED]),
    );
}

#[test]
fn concise() {
    snapshot(
        "seed.concise.txt",
        &run(&["check", "--output-format", "concise", SEED]),
    );
}

#[test]
fn statistics() {
    snapshot(
        "seed.statistics.txt",
        &run(&["check", "--output-format", "github", "--statistics", SEED]),
    );
}
