//! What CI relies on: suppression comments, a baseline of known findings, exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn mtscrub(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn suppression_comments_turn_rules_off_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<p>He said, “We won. “Yes,” she said.</p>\n\
                <!-- mtscrub-disable quote-stray-opener -->\n\
                <p>He said, “We won. “Yes,” she said.</p>\n\
                <!-- mtscrub-enable quote-stray-opener -->\n\
                <p>He said, “We won. “Yes,” she said.</p>\n\
                <!-- mtscrub-disable -->\n\
                <p>He said, “We won. “Yes,” she said.</p>\n";
    std::fs::write(dir.path().join("page.html"), page).unwrap();
    let output = mtscrub(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--output-format",
            "json",
            "page.html",
        ],
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<u64> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 5]);
    // Suppressed findings are not repaired either.
    let fixed = mtscrub(dir.path(), &["fix", "--lang", "en", "page.html"]);
    let text = String::from_utf8(fixed.stdout).unwrap();
    assert_eq!(text.matches("We won. Yes").count(), 2, "{text}");
    assert_eq!(text.matches("We won. “Yes").count(), 2, "{text}");
}

#[test]
fn a_baseline_keeps_known_findings_out_and_new_ones_in() {
    let dir = tempfile::tempdir().unwrap();
    let story = "Intro line.\n“Prices rose. “Wages did not,” she said.\nReporter Kim Min-ji kim@example.com\n";
    std::fs::write(dir.path().join("story.txt"), story).unwrap();
    let first = mtscrub(
        dir.path(),
        &["check", "--write-baseline", "base.json", "story.txt"],
    );
    assert_eq!(first.status.code(), Some(1));
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"].as_array().unwrap().len(), 2);

    // Known findings, moved by an edit elsewhere in the file: still known.
    let moved = format!("A new first paragraph.\n\n{story}");
    std::fs::write(dir.path().join("story.txt"), &moved).unwrap();
    let again = mtscrub(
        dir.path(),
        &["check", "--baseline", "base.json", "story.txt"],
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("2 known findings left out"));

    // A new finding fails the check; the known ones stay out.
    std::fs::write(
        dir.path().join("story.txt"),
        format!("{moved}“Growth slowed. “Jobs held,” he added.\n"),
    )
    .unwrap();
    let new = mtscrub(
        dir.path(),
        &[
            "check",
            "--baseline",
            "base.json",
            "--output-format",
            "json",
            "story.txt",
        ],
    );
    assert_eq!(new.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&new.stdout).unwrap();
    let lines: Vec<u64> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6]);
}

#[test]
fn fix_fails_when_findings_remain_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    // An unclosed quotation in the middle of a sentence has no repair.
    std::fs::write(
        dir.path().join("s.txt"),
        "He praised the “bold plan and left.\n",
    )
    .unwrap();
    let fix = mtscrub(dir.path(), &["fix", "--lang", "en", "s.txt"]);
    assert_eq!(fix.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&fix.stderr).contains("remaining: s.txt:1:16: quote-unclosed"));
    let zero = mtscrub(dir.path(), &["fix", "--lang", "en", "--exit-zero", "s.txt"]);
    assert_eq!(zero.status.code(), Some(0));
}

#[test]
fn the_configuration_file_sets_house_style_rules_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("de")).unwrap();
    std::fs::create_dir_all(root.join("work")).unwrap();
    std::fs::write(
        root.join("mtscrub.toml"),
        "ignore = [\"byline-reporter-email\"]\n\
         [options.credit-place-equals-agency]\n\
         format = 'Photo: ${agency}'\n\
         [[per-path]]\n\
         paths = [\"de/**\"]\n\
         lang = \"de\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("story.txt"),
        "Troops gathered. Kazan = Getty Images\nReporter Kim Min-ji kim@example.com\n",
    )
    .unwrap();
    std::fs::write(root.join("de/kurz.txt"), "Er sagte: “Ja.”\n").unwrap();
    // Found from a subdirectory by walking up.
    let work = root.join("work");
    let fixed = mtscrub(&work, &["fix", "../story.txt"]);
    assert_eq!(
        String::from_utf8_lossy(&fixed.stdout),
        "Troops gathered. Photo: Getty Images\nReporter Kim Min-ji kim@example.com\n"
    );
    // The German directory is read as German, whatever a short text would be detected as.
    let german = mtscrub(root, &["fix", "de/kurz.txt"]);
    assert_eq!(String::from_utf8_lossy(&german.stdout), "Er sagte: „Ja.“\n");
    // Flags win over the file.
    let flagged = mtscrub(root, &["fix", "--lang", "en", "de/kurz.txt"]);
    assert_eq!(
        String::from_utf8_lossy(&flagged.stdout),
        "Er sagte: “Ja.”\n"
    );

    std::fs::write(
        root.join("mtscrub.toml"),
        "lang = \"en\"\n\nselcet = [\"x\"]\n",
    )
    .unwrap();
    let bad = mtscrub(root, &["check", "story.txt"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("mtscrub.toml:3: ") && err.contains("selcet"),
        "{err}"
    );
}
