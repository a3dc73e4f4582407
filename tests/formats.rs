//! Real-shaped inputs in each format mtscrub reads: every repair in the text a reader sees,
//! every other byte written back unchanged.
//!
//! Fixtures are in `tests/fixtures/formats/`, each with the output a desk wants beside it
//! (`NAME.expected.EXT`, checked by hand).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn mtscrub(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run(None, args, stdin.unwrap_or_default())
}

/// `fix` gives the expected file byte for byte, and a run whose only rule finds nothing gives
/// the input back byte for byte.
fn check_fixture(name: &str, expected: &str, extra: &[&str]) {
    let input = fixture(name);
    let input = input.to_str().unwrap();
    let mut args = vec!["fix", input];
    args.extend_from_slice(extra);
    let output = mtscrub(&args, None);
    let want = std::fs::read(fixture(expected)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&want),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut args = vec!["fix", input, "--select", "byline-reporter-email"];
    args.extend_from_slice(extra);
    let untouched = mtscrub(&args, None);
    assert_eq!(
        untouched.stdout,
        std::fs::read(fixture(name)).unwrap(),
        "{name}"
    );
}

#[test]
fn html_article() {
    check_fixture("article.html", "article.expected.html", &[]);
    // Script, style, pre, code and comments keep their marks; entities keep their spelling.
    let fixed =
        String::from_utf8(std::fs::read(fixture("article.expected.html")).unwrap()).unwrap();
    assert!(fixed.contains(r#"var headline = "“Breaking” news""#));
    assert!(fixed.contains("<pre>“Preformatted “ text stays</pre>"));
    assert!(fixed.contains("<code>&ldquo;code&rdquo;</code>"));
    assert!(fixed.contains("decide something. We will decide"));
    assert!(fixed.contains("it means something,&rdquo; he said."));
}

#[test]
fn markdown_post() {
    check_fixture("post.md", "post.expected.md", &[]);
    let fixed = std::fs::read_to_string(fixture("post.expected.md")).unwrap();
    assert!(
        fixed.contains("tags: [economy, “rates”]"),
        "front matter untouched"
    );
    assert!(fixed.contains("echo \"“quoted” text\""), "code untouched");
    assert!(
        fixed.contains("(https://example.com/“statement”)"),
        "link target untouched"
    );
}

#[test]
fn jsonl_corpus() {
    check_fixture(
        "corpus.jsonl",
        "corpus.expected.jsonl",
        &["--field", "article.body", "--field", "article.title"],
    );
    let input = fixture("corpus.jsonl");
    let output = mtscrub(
        &["fix", input.to_str().unwrap(), "--field", "article.body"],
        None,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("corpus.jsonl:3: not JSON"), "{stderr}");
    let lines: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l.split('"').nth(3).unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        ["kr-001", "kr-002", "broken", "jp-003", "de-004"],
        "order kept"
    );
}

#[test]
fn jsonl_check_gives_one_line_per_record() {
    let input = fixture("corpus.jsonl");
    let output = mtscrub(
        &[
            "check",
            "--output-format",
            "jsonl",
            "--field",
            "article.body",
            input.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let source = std::fs::read_to_string(&input).unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    let originals: Vec<&str> = source.lines().collect();
    assert_eq!(lines.len(), originals.len(), "one line per record");
    // The malformed record goes through as it was.
    assert_eq!(lines[2], originals[2]);
    let records: Vec<serde_json::Value> = [0, 1, 3, 4]
        .iter()
        .map(|&i| serde_json::from_str(lines[i]).unwrap())
        .collect();
    let rules: Vec<Vec<&str>> = records
        .iter()
        .map(|r| {
            r["mtscrub"]["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(rules[0], ["quote-stray-opener"]);
    assert_eq!(rules[1], ["quote-attribution-fragment"]);
    assert!(rules[2].is_empty());
    assert_eq!(rules[3], ["quote-foreign-locale"]);
    // The record itself is kept: every field of the input is still there.
    assert_eq!(records[0]["id"], "kr-001");
    assert_eq!(records[0]["mtscrub"]["changed"], true);
    assert_eq!(records[2]["mtscrub"]["changed"], false);
    // Byte offsets are the file's: the finding's bytes are the stray mark.
    let finding = &records[0]["mtscrub"]["findings"][0];
    let start = finding["byte_start"].as_u64().unwrap() as usize;
    let end = finding["byte_end"].as_u64().unwrap() as usize;
    assert_eq!(&source[start..end], "“");
}

#[test]
fn jsonl_on_standard_input_is_a_pipeline_stage() {
    let records = br#"{"text":"\u201cA. \u201cB,\u201d he said."}
not json
{"text":"fine"}
"#;
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let output = mtscrub(
        &[
            "fix",
            "--lang",
            "en",
            "--input-format",
            "jsonl",
            "--stats-json",
            stats.to_str().unwrap(),
            "-",
        ],
        Some(records),
    );
    // Findings do not fail a stage; every line comes out, in order.
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(out.lines().count(), 3);
    assert!(
        out.starts_with(r#"{"text":"\u201cA. B,\u201d he said."}"#),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:2: not JSON"));
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(stats["rules"]["quote-stray-opener"], 1);
    // Unless asked.
    let failing = mtscrub(
        &[
            "check",
            "--lang",
            "en",
            "--input-format",
            "jsonl",
            "--fail-on-findings",
            "-",
        ],
        Some(records),
    );
    assert_eq!(failing.status.code(), Some(1));
}

#[test]
fn jsonl_write_replaces_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    std::fs::copy(fixture("corpus.jsonl"), &path).unwrap();
    let output = mtscrub(
        &[
            "fix",
            "--write",
            "--field",
            "article.body",
            "--field",
            "article.title",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(fixture("corpus.expected.jsonl")).unwrap()
    );
}

#[test]
fn directories_are_walked_with_ignore_rules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
    std::fs::write(root.join("ignored.txt"), "“Yes. “No,” she said.\n").unwrap();
    std::fs::write(root.join(".hidden.txt"), "“Yes. “No,” she said.\n").unwrap();
    std::fs::write(root.join("story.txt"), "“Yes. “No,” she said.\n").unwrap();
    std::fs::write(root.join("notes.md"), "All “fine” here.\n").unwrap();
    std::fs::write(root.join("image.bin"), b"GIF89a\x00\x01\xE2\x80\x9C").unwrap();
    let output = mtscrub(&["check", "--lang", "en", root.to_str().unwrap()], None);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("story.txt:1:7: quote-stray-opener"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("ignored.txt") && !stdout.contains(".hidden"),
        "{stdout}"
    );
    assert!(
        stderr.contains("image.bin: skipped, binary file"),
        "{stderr}"
    );
    // --glob narrows the walk.
    let output = mtscrub(
        &[
            "check",
            "--lang",
            "en",
            "--glob",
            "*.md",
            root.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// A JSON Lines input of several batches, on two threads: every record comes out in its
/// place, each repaired as it is alone, and a line that is not JSON is noted by its number.
#[test]
fn jsonl_of_many_batches_keeps_every_record_in_its_place() {
    let broken = r#"{"id":ID,"text":"\u201cA. \u201cB,\u201d he said."}"#;
    let repaired = r#"{"id":ID,"text":"\u201cA. B,\u201d he said."}"#;
    let clean = r#"{"id":ID,"text":"Exports rose 3.6 percent."}"#;
    let (mut input, mut expected) = (String::new(), String::new());
    for id in 0..7_000 {
        let (line, out) = match id % 3 {
            0 => (broken, repaired),
            1 => (clean, clean),
            _ if id == 5_000 => ("not json", "not json"),
            _ => (clean, clean),
        };
        input.push_str(&line.replace("ID", &id.to_string()));
        input.push('\n');
        expected.push_str(&out.replace("ID", &id.to_string()));
        expected.push('\n');
    }
    // Half a megabyte in and out through the pipes, as a cluster task runs it.
    let output = mtscrub(
        &[
            "fix",
            "--lang",
            "en",
            "--threads",
            "2",
            "--input-format",
            "jsonl",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(out.lines().count(), 7_000);
    assert!(out == expected, "records out of place or not repaired");
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:5001: not JSON"));
}
