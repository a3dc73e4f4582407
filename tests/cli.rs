//! The command-line contract, exercised through the built binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const SEED: &str = "corpus/donga-2024-10-26-nk-troops.txt";
const SEED_EXPECTED: &str = "corpus/donga-2024-10-26-nk-troops.expected.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mtscrub(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run(None, args, stdin.unwrap_or_default())
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The line and rule of each finding that `check` drew as text for `path`
/// (`path:line:column: rule message`), in the order drawn.
fn drawn_findings<'t>(text: &'t str, path: &str) -> Vec<(usize, &'t str)> {
    let prefix = format!("{path}:");
    text.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().unwrap().parse().unwrap();
            let rule = parts.nth(1).unwrap().split_whitespace().next().unwrap();
            (line, rule)
        })
        .collect()
}

#[test]
fn fix_gives_the_desk_expected_seed() {
    let output = mtscrub(&["fix", SEED], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), read(SEED_EXPECTED));
}

/// A text past a megabyte (read mapped, repaired in many pieces) is printed from the pieces it
/// was repaired in, not joined first: the bytes are each copy's repair, in order, on one
/// thread or two.
#[test]
fn a_long_text_prints_as_the_repair_of_each_copy() {
    let copies = 300;
    // Each copy ends its last line, so that it repairs as the article alone does.
    let text = format!("{}\n", read(SEED)).repeat(copies);
    assert!(text.len() > 1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();
    let want = format!("{}\n", read(SEED_EXPECTED)).repeat(copies);
    for threads in ["1", "2"] {
        let output = mtscrub(&["fix", "--threads", threads, path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let printed = stdout(&output);
        assert_eq!(printed.len(), want.len(), "--threads {threads}");
        assert!(printed == want, "--threads {threads}");
    }
}

#[test]
fn diff_has_one_hunk_per_repaired_place() {
    let output = mtscrub(&["fix", "--diff", SEED], None);
    let diff = stdout(&output);
    assert!(
        diff.starts_with(&format!("--- {SEED}\n+++ {SEED}\n")),
        "{diff}"
    );
    // The repaired places: the caption (line 4), three quotation repairs (6, 8, 10) and the
    // block of three bylines (12-14). Each is a hunk, and each hunk's changed lines are
    // exactly those lines.
    let mut changed_per_hunk: Vec<Vec<usize>> = Vec::new();
    let mut old_line = 0;
    for line in diff.lines().skip(2) {
        if let Some(header) = line.strip_prefix("@@ -") {
            let start: usize = header.split(',').next().unwrap().parse().unwrap();
            old_line = start;
            changed_per_hunk.push(Vec::new());
        } else if line.starts_with('-') {
            changed_per_hunk.last_mut().unwrap().push(old_line);
            old_line += 1;
        } else if line.starts_with(' ') {
            old_line += 1;
        }
    }
    assert_eq!(
        changed_per_hunk,
        vec![vec![4], vec![6], vec![8], vec![10], vec![12, 13, 14]]
    );
}

#[test]
fn check_passes_the_expected_and_names_every_seed_artifact() {
    let clean = mtscrub(&["check", SEED_EXPECTED], None);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stdout(&clean), "");

    let output = mtscrub(&["check", SEED], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let found = drawn_findings(&text, SEED);
    assert_eq!(
        found,
        [
            (4, "credit-place-equals-agency"),
            (4, "html-attribute-curly-quote"),
            (6, "quote-stray-opener"),
            (8, "quote-stray-opener"),
            (10, "quote-attribution-fragment"),
            (12, "byline-city-correspondent"),
            (13, "byline-reporter-email"),
            (14, "byline-city-correspondent"),
        ]
    );
    assert!(
        text.contains("review repair: \".” “H\" → \",” h\""),
        "{text}"
    );
    assert!(
        text.contains("Found 8 findings in 1 file (1 error, 7 warnings, 0 info); 8 fixable"),
        "{text}"
    );
}

/// The text drawing of a file whose findings take megabytes is written as it is drawn, and
/// still holds every finding, in order: the same places and rules as the JSON report.
#[test]
fn check_text_of_many_findings_holds_every_one_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.txt");
    let seed = read(SEED);
    std::fs::write(&path, seed.repeat(1500)).unwrap();
    let path = path.to_str().unwrap();

    let text = mtscrub(&["check", "--threads", "2", path], None);
    assert_eq!(text.status.code(), Some(1));
    let drawn = stdout(&text);
    assert!(drawn.len() > 2 << 20, "{} bytes drawn", drawn.len());
    let from_text = drawn_findings(&drawn, path);

    let json = mtscrub(&["check", "--output-format", "json", path], None);
    let records: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let from_json: Vec<(usize, &str)> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let line = r["line"].as_u64().unwrap() as usize;
            (line, r["rule"].as_str().unwrap())
        })
        .collect();
    assert!(from_json.len() >= 1500 * 4, "{} findings", from_json.len());
    assert_eq!(from_text, from_json);
    let summary = format!("Found {} findings in 1 file", from_json.len());
    assert!(drawn.contains(&summary), "{}", &drawn[drawn.len() - 300..]);
}

/// `--output-format concise` prints the first line of every finding `text` draws, in the same
/// order, and the same summary: for a long file, whose findings are written in several
/// flushes, and for JSON Lines, whose line numbers are those of the records.
#[test]
fn check_concise_prints_the_first_line_of_every_drawn_finding() {
    let dir = tempfile::tempdir().unwrap();
    let seed = read(SEED);
    let long = dir.path().join("long.txt");
    std::fs::write(&long, seed.repeat(1500)).unwrap();
    let records = dir.path().join("records.jsonl");
    let jsonl: String = seed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{}\n", serde_json::json!({ "text": l })))
        .collect();
    std::fs::write(&records, jsonl).unwrap();
    // The summary's last part is the run's time.
    let timeless = |line: &str| match line.strip_prefix("Found ") {
        Some(_) => line
            .rsplit_once("; ")
            .map_or(line, |(head, _)| head)
            .to_string(),
        None => line.to_string(),
    };
    for (path, at_least) in [
        (long.to_str().unwrap(), 1500 * 4),
        (records.to_str().unwrap(), 5),
    ] {
        let text = mtscrub(&["check", path], None);
        let concise = mtscrub(&["check", "--output-format", "concise", path], None);
        assert_eq!(concise.status.code(), Some(1));
        let drawn = stdout(&text);
        let expected: Vec<String> = drawn
            .lines()
            .filter(|l| l.starts_with(path) || l.starts_with("Found "))
            .map(timeless)
            .collect();
        let printed: Vec<String> = stdout(&concise).lines().map(timeless).collect();
        assert!(printed.len() > at_least, "{path}: {} lines", printed.len());
        assert_eq!(printed, expected, "{path}");
    }
}

#[test]
fn check_json_has_the_promised_fields() {
    let output = mtscrub(&["check", "--output-format", "json", SEED], None);
    assert_eq!(output.status.code(), Some(1));
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 8);
    let stray = records
        .iter()
        .find(|r| r["rule"] == "quote-stray-opener")
        .unwrap();
    let source = read(SEED);
    let start = stray["byte_start"].as_u64().unwrap() as usize;
    let end = stray["byte_end"].as_u64().unwrap() as usize;
    assert_eq!(&source[start..end], "“");
    assert_eq!(stray["line"], 6);
    assert_eq!(stray["end_line"], 6);
    let line_start = source[..start].rfind('\n').unwrap() + 1;
    let column = source[line_start..start].chars().count() + 1;
    assert_eq!(stray["column"], column);
    assert_eq!(stray["end_column"], column + 1);
    assert_eq!(stray["severity"], "warning");
    assert_eq!(stray["replacement"], "");
    assert_eq!(stray["safety"], "safe");
    assert_eq!(stray["path"], SEED);
    assert!(stray["message"].as_str().unwrap().contains("Stray"));
}

#[test]
fn safe_only_applies_only_safe_repairs() {
    let output = mtscrub(&["fix", "--safe-only", SEED], None);
    let text = stdout(&output);
    // The stray openers and the attribute quote are safe; bylines, the credit and the
    // attribution (which lower-cases a word) need review and stay.
    assert!(text.contains("it means something. There is no doubt"));
    assert!(text.contains("Getty Images\"/>"));
    assert!(text.contains("Reporter Hong Jeong-su hong@donga.com"));
    assert!(text.contains("serious problem.” “He said."));
    assert_eq!(output.status.code(), Some(1), "review findings remain");
    assert!(stderr(&output).contains("remaining: "));
}

#[test]
fn fix_keeps_every_untouched_byte() {
    // BOM, CRLF, NBSP, no final newline; one repair in the middle.
    let input = "\u{feff}Title\u{a0}line\r\n“Yes. “No,” she said.\r\nEnd\u{a0}";
    let output = mtscrub(&["fix", "--lang", "en", "-"], Some(input.as_bytes()));
    assert_eq!(
        stdout(&output),
        "\u{feff}Title\u{a0}line\r\n“Yes. No,” she said.\r\nEnd\u{a0}"
    );
    let untouched = "\u{feff}No artifacts here.\r\n\r\nNone\u{a0}at all";
    let output = mtscrub(&["fix", "-"], Some(untouched.as_bytes()));
    assert_eq!(output.stdout, untouched.as_bytes());
}

#[test]
fn html_attribute_quotes_are_repaired() {
    let input = "<img src=\"a.jpg\" alt=\"Seoul skyline”/>";
    let output = mtscrub(
        &["fix", "--input-format", "html", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        stdout(&output),
        "<img src=\"a.jpg\" alt=\"Seoul skyline\"/>"
    );
    let link = "<a href=“https://example.com/x”>x</a>";
    let output = mtscrub(
        &["fix", "--input-format", "html", "-"],
        Some(link.as_bytes()),
    );
    assert_eq!(stdout(&output), "<a href=\"https://example.com/x\">x</a>");
}

#[test]
fn write_replaces_files_atomically_and_keeps_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "“Yes. “No,” she said.\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let output = mtscrub(
        &["fix", "--write", "--lang", "en", path.to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "“Yes. No,” she said.\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_bad_input_among_several_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&good, "“Yes. “No,” she said.\n").unwrap();
    std::fs::write(&bad, b"fine \xff\xfe broken").unwrap();
    let output = mtscrub(
        &[
            "fix",
            "--write",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "mtscrub: error: {}: invalid UTF-8 at byte 5\n",
            bad.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&good).unwrap(),
        "“Yes. “No,” she said.\n"
    );
}

fn assert_one_line_error(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout: {}",
        stdout(output)
    );
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("mtscrub: error: "), "{err}");
    assert!(err.contains(needle), "{err} should contain {needle}");
}

#[test]
fn bad_input_gets_one_line_and_exit_2() {
    assert_one_line_error(
        &mtscrub(&["fix", "no/such/file.txt"], None),
        "no/such/file.txt: No such file",
    );
    assert_one_line_error(&mtscrub(&["fix", "corpus"], None), "corpus: is a directory");
    assert_one_line_error(
        &mtscrub(&["fix", "-"], Some(b"ok\n\xc3\x28")),
        "<stdin>: invalid UTF-8 at byte 3",
    );
    assert_one_line_error(
        &mtscrub(&["check", "--select", "no-such-rule", SEED], None),
        "unknown rule id `no-such-rule`",
    );
    assert_one_line_error(
        &mtscrub(&["check", "--lang", "xx", SEED], None),
        "unknown language code `xx`",
    );
}

fn write_rules(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn unparsable_rule_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_rules(
        dir.path(),
        "broken.toml",
        "[[rule]]\nid = \"x\"\nmessage = \n",
    );
    let output = mtscrub(
        &["check", "--rules", dir.path().to_str().unwrap(), SEED],
        None,
    );
    let file = dir.path().join("broken.toml");
    assert_one_line_error(&output, &format!("{}:3:", file.display()));
}

const USER_RULE: &str = r#"
[[rule]]
id = "byline-reporter-email"
message = "House byline"
why = "A desk that prefers its own byline form."
languages = ["en"]
pattern = '(?m)^Reporter (?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)*) (?P<email>\S+@\S+)$'
replacement = 'By ${name} (${email})'
good = ["By Kim (kim@example.com)"]
[[rule.bad]]
text = "⟦Reporter Kim kim@example.com⟧"
fixed = "By Kim (kim@example.com)"
"#;

#[test]
fn a_user_rule_replaces_the_default_with_its_id() {
    let dir = tempfile::tempdir().unwrap();
    write_rules(dir.path(), "house.toml", USER_RULE);
    let output = mtscrub(
        &[
            "fix",
            "--lang",
            "en",
            "--rules",
            dir.path().to_str().unwrap(),
            "-",
        ],
        Some(b"Reporter Hong Jeong-su hong@donga.com"),
    );
    assert_eq!(stdout(&output), "By Hong Jeong-su (hong@donga.com)");
}

#[test]
fn rules_test_passes_defaults_and_reports_failures() {
    let output = mtscrub(&["rules", "test"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains(" 0 failed"));

    let dir = tempfile::tempdir().unwrap();
    write_rules(
        dir.path(),
        "wrong.toml",
        &USER_RULE.replace("fixed = \"By Kim", "fixed = \"By KIM"),
    );
    let output = mtscrub(&["rules", "test", dir.path().to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("FAIL"), "{text}");
    assert!(
        text.contains("wrong.toml:2: rule `byline-reporter-email`"),
        "{text}"
    );
    assert!(
        text.contains("expected repair \"By KIM (kim@example.com)\""),
        "{text}"
    );
    assert!(text.contains("got \"By Kim (kim@example.com)\""), "{text}");
}

#[test]
fn rules_list_and_explain() {
    let list = stdout(&mtscrub(&["rules", "list"], None));
    for id in [
        "quote-stray-opener",
        "credit-place-equals-agency",
        "html-attribute-curly-quote",
    ] {
        assert!(list.contains(id), "{list}");
    }
    let explain = mtscrub(&["rules", "explain", "quote-attribution-fragment"], None);
    let text = stdout(&explain);
    assert!(text.starts_with("quote-attribution-fragment: "), "{text}");
    assert!(text.contains("라고 말했다"), "the why is shown: {text}");
    assert!(text.contains("bad:  "), "{text}");
    assert_one_line_error(
        &mtscrub(&["rules", "explain", "nope"], None),
        "unknown rule id `nope`",
    );
}

#[test]
fn house_style_is_an_option_override() {
    let dir = tempfile::tempdir().unwrap();
    write_rules(
        dir.path(),
        "house.toml",
        "[[override]]\nrule = \"credit-place-equals-agency\"\noptions = { format = 'Photo: ${agency}' }\n",
    );
    let rules = dir.path().to_str().unwrap();
    let output = mtscrub(
        &["fix", "--lang", "en", "--rules", rules, "-"],
        Some(b"Troops gathered. Kazan = Getty Images"),
    );
    assert_eq!(stdout(&output), "Troops gathered. Photo: Getty Images");
    // The rule's own examples still test the rule as defined.
    let test = mtscrub(&["rules", "test", rules], None);
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));

    write_rules(
        dir.path(),
        "house.toml",
        "\n[[override]]\nrule = \"credit-place-equals-agency\"\noptions = { colour = 'x' }\n",
    );
    let output = mtscrub(&["check", "--rules", rules, SEED], None);
    let file = dir.path().join("house.toml");
    assert_one_line_error(
        &output,
        &format!(
            "{}:2: override of `credit-place-equals-agency`: the rule has no option `colour`",
            file.display()
        ),
    );
}

#[test]
fn a_bad_date_is_refused() {
    let output = mtscrub(&["check", "--date", "2024-02-30", SEED], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("2024-02-30"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn html_paragraphs_split_by_inline_tags_are_read_whole() {
    // The quotation opens in one text node and closes in another: nothing to report. The
    // Russian paragraph's language is read from all its text nodes together.
    let whole = "<p>The minister said on Friday, <b>“We are</b> ready for the talks in Geneva.”</p>\n<p>«<strong>Правительство</strong> назвало этот проект нереалистичным и слишком дорогим»</p>";
    let output = mtscrub(
        &["fix", "--input-format", "html", "-"],
        Some(whole.as_bytes()),
    );
    assert_eq!(stdout(&output), whole);
    // A stray opener in the second text node of a paragraph is repaired there.
    let broken = "<p>He said, “We are <i>ready</i>. “We will win,” and left.</p>";
    let output = mtscrub(
        &["fix", "--lang", "en", "--input-format", "html", "-"],
        Some(broken.as_bytes()),
    );
    assert_eq!(
        stdout(&output),
        "<p>He said, “We are <i>ready</i>. We will win,” and left.</p>"
    );
}

/// Many findings, drawn on two threads, come out in the order of the text, each once.
#[test]
fn check_lists_many_findings_in_text_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.txt");
    let text: String = (1..=300)
        .map(|i| format!("The talks ended on day {i} .\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let output = mtscrub(&["check", "--threads", "2", path], None);
    let lines: Vec<usize> = stdout(&output)
        .lines()
        .filter_map(|l| {
            l.strip_prefix(path)?
                .strip_prefix(':')?
                .split(':')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(lines, (1..=300).collect::<Vec<_>>());
}

/// The file name at the end of `path`.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

/// Files of a directory are checked a batch at a time on several threads, each batch's
/// findings drawn while the next is checked; the report keeps the order of the files, with a
/// file that cannot be read in its place, whatever the threads.
#[test]
fn a_directory_checked_on_several_threads_reports_its_files_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for i in 0..150 {
        let name = format!("story-{i:03}.txt");
        let text = if i == 77 {
            b"Kim said \xff.\n".to_vec()
        } else if i % 3 == 0 {
            format!("Story {i}. He said, “We will win.\n").into_bytes()
        } else {
            format!("Story {i} had no quotation.\n").into_bytes()
        };
        std::fs::write(dir.path().join(&name), text).unwrap();
        if i % 3 == 0 && i != 77 {
            expected.push(name);
        }
    }
    let path = dir.path().to_str().unwrap();
    let mut reports = Vec::new();
    for threads in ["1", "2", "3"] {
        let output = mtscrub(&["check", "--threads", threads, path], None);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let text = stdout(&output);
        let drawn: Vec<String> = text
            .lines()
            .filter(|l| l.contains(": quote-unclosed "))
            .map(|l| file_name(l.split(':').next().unwrap()))
            .collect();
        assert_eq!(drawn, expected, "--threads {threads}");
        let errors = stderr(&output);
        assert!(
            errors.contains("story-077.txt: invalid UTF-8 at byte 9"),
            "{errors}"
        );
        // All but the time the run took, which ends the summary line.
        let (report, took) = text.trim_end().rsplit_once("; ").unwrap();
        assert!(took.ends_with(" ms."), "{took}");
        reports.push(report.to_string());
    }
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[1], reports[2]);
}

/// The findings of a small file are drawn by the thread that checked it, unless a baseline
/// may leave some of them out, when the thread that reports draws them: the drawings are the
/// same, on one thread or several.
#[test]
fn findings_drawn_while_checking_read_as_those_drawn_while_reporting() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100 {
        let text = format!(
            "Story {i}. He said, “We will win. “Yes,” she said.\n\
             Reporter Kim Min-ji kim{i}@donga.com\n\
             The {i} talks were a \"historic step” for both.\n"
        );
        std::fs::write(dir.path().join(format!("story-{i:03}.txt")), text).unwrap();
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let baseline = elsewhere.path().join("baseline.json");
    std::fs::write(&baseline, r#"{"version": 1, "findings": []}"#).unwrap();
    let path = dir.path().to_str().unwrap();
    // All but the time the run took, which ends the summary line.
    let report = |output: &Output| {
        let text = stdout(output);
        let (report, took) = text.trim_end().rsplit_once("; ").unwrap();
        assert!(took.ends_with(" ms."), "{took}");
        report.to_string()
    };
    let mut reports = Vec::new();
    for threads in ["1", "2"] {
        let ahead = mtscrub(&["check", "--threads", threads, path], None);
        let in_order = mtscrub(
            &[
                "check",
                "--threads",
                threads,
                "--baseline",
                baseline.to_str().unwrap(),
                path,
            ],
            None,
        );
        assert_eq!(ahead.status.code(), Some(1), "{}", stderr(&ahead));
        assert_eq!(report(&ahead), report(&in_order), "--threads {threads}");
        reports.push(report(&ahead));
    }
    assert_eq!(reports[0], reports[1]);
    // Each file's findings are drawn, with the line of text they are on.
    let drawn = drawn_findings(&reports[0], &format!("{path}/story-042.txt"));
    assert!(drawn.len() >= 3, "{drawn:?}");
    assert!(reports[0].contains("The 42 talks were a"), "{}", reports[0]);
}

/// Files are repaired on several threads; the diffs come in the order of the files, and of
/// two files that cannot be read, the first is the one named, whatever the threads.
#[test]
fn a_directory_fixed_on_several_threads_keeps_its_order_and_its_first_error() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100 {
        let text = if i % 4 == 0 {
            format!("Story {i}. He said, “We will win.\n")
        } else {
            format!("Story {i} had no quotation.\n")
        };
        std::fs::write(dir.path().join(format!("story-{i:03}.txt")), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let mut diffs = Vec::new();
    for threads in ["1", "3"] {
        let output = mtscrub(&["fix", "--diff", "--threads", threads, path], None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        let changed: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("+++ "))
            .map(|l| file_name(l.split_whitespace().next().unwrap()))
            .collect();
        let expected: Vec<String> = (0..100)
            .step_by(4)
            .map(|i| format!("story-{i:03}.txt"))
            .collect();
        assert_eq!(changed, expected, "--threads {threads}");
        diffs.push(text);
    }
    assert_eq!(diffs[0], diffs[1]);
    std::fs::write(dir.path().join("story-040.txt"), b"Bad \xff one.\n").unwrap();
    std::fs::write(dir.path().join("story-080.txt"), b"Worse \xfe.\n").unwrap();
    for threads in ["1", "3"] {
        let output = mtscrub(&["fix", "--diff", "--threads", threads, path], None);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty(), "nothing printed before the error");
        let errors = stderr(&output);
        assert!(
            errors.contains("story-040.txt: invalid UTF-8 at byte 4"),
            "{errors}"
        );
        assert!(!errors.contains("story-080.txt"), "{errors}");
    }
}
