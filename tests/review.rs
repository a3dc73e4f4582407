//! `mtscrub review` and `mtscrub apply` through the built binary: the page carries the repair
//! list the library computes, and a decisions file replays exactly the accepted repairs of an
//! unchanged file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mtscrub::pipeline::{Engine, Options};
use mtscrub::report::review::{sha256_hex, RepairList};
use mtscrub::rules::Ruleset;
use serde_json::{json, Value};

const SEED: &str = "corpus/donga-2024-10-26-nk-troops.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mtscrub(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mtscrub")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The repair list the library offers for `text` with the default rules.
fn library_list(text: &str) -> RepairList {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    let analysis = engine.check(text, &Options::default()).unwrap();
    RepairList::new(text, &analysis.findings)
}

/// The JSON the page hands its script.
fn page_data(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"review-data\">";
    let start = page.find(open).expect("data block") + open.len();
    let end = page[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&page[start..end]).unwrap()
}

/// A copy of the seed in a fresh directory, reviewed there: (directory, page).
fn reviewed_seed() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED), dir.path().join("seed.txt")).unwrap();
    let output = mtscrub(&["review", "seed.txt", "-o", "page.html"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.path().join("page.html")).unwrap();
    (dir, page)
}

/// The decisions file the page's script would write with its defaults, but `rejected` off.
fn decisions_rejecting(data: &Value, rejected: u64) -> Value {
    let files: Vec<Value> = data["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let repairs: Vec<Value> = file["repairs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    json!({
                        "id": r["id"],
                        "rule": r["rule"],
                        "byte_start": r["byte_start"],
                        "byte_end": r["byte_end"],
                        "replacement": r["replacement"],
                        "accepted": r["accepted"].as_bool().unwrap() && r["id"] != rejected,
                    })
                })
                .collect();
            json!({ "path": file["path"], "sha256": file["sha256"], "repairs": repairs })
        })
        .collect();
    json!({ "version": data["version"], "files": files })
}

#[test]
fn review_writes_a_self_contained_page_of_the_library_repairs() {
    let (dir, page) = reviewed_seed();
    let text = std::fs::read_to_string(dir.path().join("seed.txt")).unwrap();
    let list = library_list(&text);
    assert!(list.repairs.len() > 2, "the seed has repairs to review");

    let data = page_data(&page);
    let file = &data["files"][0];
    assert_eq!(file["path"], "seed.txt");
    assert_eq!(file["download_name"], "seed.txt");
    assert_eq!(file["text"], text.as_str());
    assert_eq!(file["sha256"], sha256_hex(text.as_bytes()).as_str());
    let repairs = file["repairs"].as_array().unwrap();
    assert_eq!(repairs.len(), list.repairs.len());
    for (shown, repair) in repairs.iter().zip(&list.repairs) {
        assert_eq!(shown["rule"], repair.rule.id.as_str());
        assert_eq!(shown["byte_start"], repair.range.start);
        assert_eq!(shown["replacement"], repair.replacement.as_str());
        assert_eq!(shown["safety"], repair.safety.as_str());
        for edit in shown["edits"].as_array().unwrap() {
            let start = edit["start"].as_u64().unwrap() as usize;
            assert_eq!(edit["start16"], text[..start].encode_utf16().count());
        }
        // Shown with its rule, tier and the rule's why.
        let item_start = page
            .find(&format!("id=\"f0-r{}\"", repair.id))
            .expect("an item per repair");
        let item = &page[item_start..item_start + page[item_start..].find("</li>").unwrap()];
        assert!(item.contains(&repair.rule.id));
        assert!(item.contains(&format!("tier-{}", repair.safety.as_str())));
        assert!(item.contains(&escape_html(&repair.rule.why)), "{item}");
        assert!(item.contains("<del>") || item.contains("<ins>"), "{item}");
    }

    // Nothing is fetched: no external script, style, image or link.
    // (The input text itself, shown in the page, holds an image address; it is text there.)
    let markup = page.replace(&escape_html(&text), "");
    let markup = markup.replace(&page_data_block(&page), "");
    for external in [
        "<script src",
        "<link",
        "<img",
        "url(",
        "@import",
        "src=",
        "href=",
    ] {
        assert!(!markup.contains(external), "the page refers to {external}");
    }
}

fn page_data_block(page: &str) -> String {
    let start = page.find("<script type=\"application/json\"").unwrap();
    let end = page[start..].find("</script>").unwrap() + start;
    page[start..end].to_string()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn apply_gives_every_accepted_repair_but_the_rejected_one() {
    let (dir, page) = reviewed_seed();
    let text = std::fs::read_to_string(dir.path().join("seed.txt")).unwrap();
    let list = library_list(&text);
    let rejected = list.repairs[list.repairs.len() / 2].id;
    let decisions = decisions_rejecting(&page_data(&page), rejected as u64);
    std::fs::write(dir.path().join("decisions.json"), decisions.to_string()).unwrap();

    let expected = list.apply(&text, |r| r.id != rejected && r.accepted_by_default(false));
    assert_ne!(
        expected,
        list.apply(&text, |r| r.accepted_by_default(false))
    );
    assert_ne!(expected, text);

    let output = mtscrub(
        &["apply", "--decisions", "decisions.json", "seed.txt"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert!(
        stderr(&output).contains("1 rejected"),
        "{}",
        stderr(&output)
    );

    // The same through standard input, matched by content.
    let piped = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(["apply", "--decisions", "decisions.json"])
        .current_dir(dir.path())
        .stdin(std::fs::File::open(dir.path().join("seed.txt")).unwrap())
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), expected);

    let output = mtscrub(
        &[
            "apply",
            "--decisions",
            "decisions.json",
            "--write",
            "seed.txt",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seed.txt")).unwrap(),
        expected
    );
}

#[test]
fn apply_refuses_a_file_changed_since_review() {
    let (dir, page) = reviewed_seed();
    let decisions = decisions_rejecting(&page_data(&page), u64::MAX);
    std::fs::write(dir.path().join("decisions.json"), decisions.to_string()).unwrap();
    let path = dir.path().join("seed.txt");
    let tampered = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("the", "teh", 1);
    std::fs::write(&path, &tampered).unwrap();

    for args in [
        &["apply", "--decisions", "decisions.json", "seed.txt"][..],
        &[
            "apply",
            "--decisions",
            "decisions.json",
            "--write",
            "seed.txt",
        ][..],
    ] {
        let output = mtscrub(args, dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.contains("seed.txt: changed since it was reviewed"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), tampered);
    }
}

#[test]
fn apply_names_a_decision_that_matches_no_repair() {
    let (dir, page) = reviewed_seed();
    let mut decisions = decisions_rejecting(&page_data(&page), u64::MAX);
    let decision = &mut decisions["files"][0]["repairs"][1];
    decision["replacement"] = json!("something else");
    let rule = decision["rule"].as_str().unwrap().to_string();
    std::fs::write(dir.path().join("decisions.json"), decisions.to_string()).unwrap();

    let output = mtscrub(
        &["apply", "--decisions", "decisions.json", "seed.txt"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("decision 1 ({rule} at bytes"))
            && message.contains("matches no repair"),
        "{message}"
    );
}
