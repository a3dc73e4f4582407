//! The corpus through the binary: `mtscrub check` passes every expected output (exit 0, no
//! findings printed), and `mtscrub fix` gives each input's expected output and changes nothing
//! on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mtscrub(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run mtscrub")
}

/// `corpus/NAME.txt` paths that have an expected output, relative to the repository.
fn inputs() -> Vec<(String, String)> {
    let dir = root().join("corpus");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        if stem.ends_with(".expected") {
            continue;
        }
        let expected = format!("corpus/{stem}.expected.txt");
        if Path::new(&root().join(&expected)).exists() {
            found.push((format!("corpus/{name}"), expected));
        }
    }
    found.sort();
    found
}

#[test]
fn check_passes_every_expected_output() {
    let inputs = inputs();
    assert!(inputs.len() >= 13, "the corpus has its cases");
    for (_, expected) in inputs {
        let output = mtscrub(&["check", &expected]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{expected}: {stdout}");
    }
}

#[test]
fn fix_gives_the_expected_output_and_is_idempotent() {
    for (input, expected) in inputs() {
        let want = std::fs::read_to_string(root().join(&expected)).unwrap();
        let output = mtscrub(&["fix", &input]);
        assert_eq!(output.status.code(), Some(0), "{input}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), want, "{input}");
        let again = mtscrub(&["fix", &expected]);
        assert_eq!(String::from_utf8_lossy(&again.stdout), want, "{expected}");
    }
}
