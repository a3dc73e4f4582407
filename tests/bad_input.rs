//! Bad input through the binary: every kind is refused with one line naming the file and the
//! problem (exit 2, nothing written), or read and passed through as it is.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A text with one repair (`quote-stray-opener`) and what `fix` makes of it.
const ARTIFACT: &str =
    "He added, “Satellite photos are serious. “There is no doubt that it reflects this,” he said.\n";

fn mtscrub_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    common::run(Some(dir), args, stdin)
}

fn mtscrub(dir: &Path, args: &[&str]) -> Output {
    mtscrub_in(dir, args, b"")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// What `fix` makes of [`ARTIFACT`], from the library, so the tests below compare against the
/// pipeline rather than a copy of its output.
fn fixed(text: &str) -> String {
    let engine = mtscrub::Engine::new(mtscrub::rules::Ruleset::defaults().expect("rules"));
    let output = engine
        .fix(text, &mtscrub::Options::default())
        .expect("fix")
        .output;
    assert_ne!(output, text, "the artifact has a repair");
    output
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn invalid_utf8_is_refused_naming_the_byte_and_nothing_is_written() {
    let dir = temp();
    let mut bytes = ARTIFACT.as_bytes().to_vec();
    let bad_at = 3;
    bytes.insert(bad_at, 0xff);
    let path = dir.path().join("story.txt");
    std::fs::write(&path, &bytes).unwrap();
    let before = listing(dir.path());

    for args in [
        &["fix", "--write", "story.txt"][..],
        &["fix", "story.txt"],
        &["fix", "--diff", "story.txt"],
        &["check", "story.txt"],
    ] {
        let output = mtscrub(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains("story.txt") && message.contains(&format!("byte {bad_at}")),
            "{args:?}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        if args[0] == "fix" {
            assert!(
                output.stdout.is_empty(),
                "{args:?} printed {}",
                stdout(&output)
            );
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert_eq!(listing(dir.path()), before, "{args:?} left files behind");
    }
}

#[test]
fn invalid_utf8_in_a_later_file_stops_fix_before_anything_is_written() {
    let dir = temp();
    std::fs::write(dir.path().join("a.txt"), ARTIFACT).unwrap();
    std::fs::write(dir.path().join("b.txt"), b"fine \xc3\x28 not").unwrap();
    let output = mtscrub(dir.path(), &["fix", "--write", "a.txt", "b.txt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("b.txt: invalid UTF-8 at byte 5"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        ARTIFACT,
        "the good file was written although the run failed"
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let units = std::iter::once(0xfeff).chain(text.encode_utf16());
    if big_endian {
        units.flat_map(u16::to_be_bytes).collect()
    } else {
        units.flat_map(u16::to_le_bytes).collect()
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_repaired_and_written_back_as_utf16() {
    let dir = temp();
    let want = fixed(ARTIFACT);
    for big_endian in [false, true] {
        let path = dir.path().join("story.txt");
        std::fs::write(&path, utf16(ARTIFACT, big_endian)).unwrap();

        let check = mtscrub(dir.path(), &["check", "story.txt"]);
        assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
        assert!(
            stdout(&check).contains("quote-stray-opener"),
            "{}",
            stdout(&check)
        );

        let printed = mtscrub(dir.path(), &["fix", "story.txt"]);
        assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
        assert_eq!(
            printed.stdout,
            utf16(&want, big_endian),
            "printed as UTF-16"
        );

        let written = mtscrub(dir.path(), &["fix", "--write", "story.txt"]);
        assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
        assert_eq!(std::fs::read(&path).unwrap(), utf16(&want, big_endian));
        assert_eq!(listing(dir.path()), ["story.txt"]);
    }
}

#[test]
fn invalid_utf16_is_refused_naming_the_byte() {
    let dir = temp();
    // A byte order mark, "A", then a high surrogate with no low one after it.
    let bytes = [0xff, 0xfe, b'A', 0, 0x3d, 0xd8, b'B', 0];
    std::fs::write(dir.path().join("story.txt"), bytes).unwrap();
    let output = mtscrub(dir.path(), &["fix", "--write", "story.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("story.txt: invalid UTF-16 at byte 4"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(dir.path().join("story.txt")).unwrap(), bytes);

    std::fs::write(dir.path().join("odd.txt"), [0xfe, 0xff, 0, b'A', 0]).unwrap();
    let output = mtscrub(dir.path(), &["check", "odd.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("odd.txt: invalid UTF-16 at byte 4"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn binary_file_in_a_directory_walk_is_skipped_with_a_note() {
    let dir = temp();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), ARTIFACT).unwrap();
    let binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR \xe2\x80\x9c stray \xe2\x80\x9d \xff\xfe";
    std::fs::write(docs.join("b.txt"), binary).unwrap();
    // UTF-16 text holds NUL bytes too, but is text.
    std::fs::write(docs.join("c.txt"), utf16(ARTIFACT, false)).unwrap();

    let check = mtscrub(dir.path(), &["check", "docs"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let note = format!(
        "{}: skipped, binary file",
        Path::new("docs").join("b.txt").display()
    );
    assert!(stderr(&check).contains(&note), "{}", stderr(&check));
    assert!(!stdout(&check).contains("b.txt"), "{}", stdout(&check));
    assert!(stdout(&check).contains("a.txt") && stdout(&check).contains("c.txt"));

    let fix = mtscrub(dir.path(), &["fix", "--write", "docs"]);
    assert_eq!(fix.status.code(), Some(0), "{}", stderr(&fix));
    assert!(stderr(&fix).contains(&note), "{}", stderr(&fix));
    assert_eq!(std::fs::read(docs.join("b.txt")).unwrap(), binary);
    assert_eq!(
        std::fs::read_to_string(docs.join("a.txt")).unwrap(),
        fixed(ARTIFACT)
    );
}

#[test]
fn nul_bytes_in_text_are_kept_where_they_are() {
    let dir = temp();
    let text = format!("A\0B\n{ARTIFACT}\0\n");
    let output = mtscrub_in(dir.path(), &["fix"], text.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), fixed(&text));
    assert_eq!(stdout(&output).matches('\0').count(), 2);
    assert_eq!(
        stdout(&output).replace('\0', ""),
        fixed(&text.replace('\0', ""))
    );

    // Named on the command line, a file with NUL bytes is read, not skipped.
    std::fs::write(dir.path().join("nul.txt"), &text).unwrap();
    let output = mtscrub(dir.path(), &["check", "nul.txt"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

/// Megabytes in the single-line test. The pipeline takes about a second per megabyte in a debug
/// build (language detection and every rule run over the whole line, unoptimised), so 200 MB
/// would take minutes in `cargo test`; 10 MB runs in about 10 s. `MTSCRUB_LINE_MB=200 cargo
/// test --release --test bad_input` runs the full size.
fn line_megabytes() -> usize {
    std::env::var("MTSCRUB_LINE_MB")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

#[test]
fn a_single_line_of_many_megabytes_goes_through_unchanged() {
    let dir = temp();
    let sentence =
        "The minister said prices would rise by three percent next year, and wages too. ";
    let size = line_megabytes() << 20;
    let path = dir.path().join("line.txt");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for _ in 0..size / sentence.len() {
            file.write_all(sentence.as_bytes()).unwrap();
        }
        file.flush().unwrap();
    }
    let started = std::time::Instant::now();
    let output = mtscrub(dir.path(), &["fix", "--write", "line.txt"]);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), size / sentence.len() * sentence.len());
    assert!(after
        .chunks(sentence.len())
        .all(|c| c == sentence.as_bytes()));
    assert!(!after.contains(&b'\n'));
    eprintln!("{} MB single line: {elapsed:?}", line_megabytes());
}

/// Runs `fix` on HTML from standard input: it must succeed.
fn fix_html(html: &str) -> String {
    let output = mtscrub_in(
        temp().path(),
        &["fix", "--input-format", "html"],
        html.as_bytes(),
    );
    let start: String = html.chars().take(80).collect();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{start}: {}",
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn deeply_nested_and_unterminated_html_is_read() {
    let depth = 50_000;
    let nested = format!(
        "{}<p>He said, “We are ready.”</p>{}",
        "<div><b>".repeat(depth),
        "</b></div>".repeat(depth)
    );
    assert_eq!(fix_html(&nested), nested);
    let unclosed_tags = "<div><b><i>".repeat(depth) + "text";
    assert_eq!(fix_html(&unclosed_tags), unclosed_tags);

    // Unterminated markup, through the library (one engine for all of them).
    let engine = mtscrub::Engine::new(mtscrub::rules::Ruleset::defaults().expect("rules"));
    let options = mtscrub::Options {
        format: mtscrub::ingest::Format::Html,
        ..mtscrub::Options::default()
    };
    let fix = |html: &str| {
        engine
            .fix(html, &options)
            .unwrap_or_else(|e| panic!("{html:?}: {e}"))
            .output
    };
    for html in [
        "<p>He said, “We are ready.",
        "<p title=\"A “title",
        "<img alt=\"Seoul”/><p>text",
        "<!-- a comment that never ends “",
        "<script>var q = \"“",
        "<p>&ldquo;We are ready&rdquo;</p><p>&",
        "<",
        "<!",
        "</",
        "<p <p <p",
    ] {
        let once = fix(html);
        assert_eq!(fix(&once), once, "fix is not idempotent on {html:?}");
        // Markup the reader could not delimit is left as it was.
        assert!(once.starts_with(&html[..html.find(['“', '”', '&']).unwrap_or(html.len())]));
    }
}

#[test]
fn a_jsonl_line_that_is_not_json_is_noted_and_kept() {
    let dir = temp();
    let good = serde_json::json!({ "id": 1, "text": ARTIFACT.trim_end() }).to_string();
    let broken = "{\"id\": 2, \"text\": \"“unterminated";
    let input = format!("{good}\n{broken}\n{good}\r\nnot json at all\n");
    std::fs::write(dir.path().join("a.jsonl"), &input).unwrap();

    let output = mtscrub(dir.path(), &["fix", "a.jsonl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let repaired = serde_json::json!({ "id": 1, "text": fixed(ARTIFACT.trim_end()) }).to_string();
    assert_eq!(
        stdout(&output),
        format!("{repaired}\n{broken}\n{repaired}\r\nnot json at all\n")
    );
    let notes = stderr(&output);
    assert!(notes.contains("a.jsonl:2: not JSON"), "{notes}");
    assert!(notes.contains("a.jsonl:4: not JSON"), "{notes}");
}

#[test]
fn a_jsonl_line_that_is_not_utf8_is_noted_and_kept_byte_for_byte() {
    let dir = temp();
    let good = serde_json::json!({ "id": 1, "text": ARTIFACT.trim_end() }).to_string();
    let mut input = format!("{good}\n").into_bytes();
    let bad: &[u8] = b"{\"id\": 2, \"text\": \"caf\xe9 \xff\"}";
    input.extend_from_slice(bad);
    input.extend_from_slice(format!("\r\n{good}\n").as_bytes());
    std::fs::write(dir.path().join("a.jsonl"), &input).unwrap();

    let repaired = serde_json::json!({ "id": 1, "text": fixed(ARTIFACT.trim_end()) }).to_string();
    let mut expected = format!("{repaired}\n").into_bytes();
    expected.extend_from_slice(bad);
    expected.extend_from_slice(format!("\r\n{repaired}\n").as_bytes());
    let output = mtscrub(dir.path(), &["fix", "a.jsonl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(output.stdout, expected);
    assert!(
        stderr(&output).contains("a.jsonl:2: not UTF-8"),
        "{}",
        stderr(&output)
    );

    // `check` with records out passes the line on as it came.
    let output = mtscrub(
        dir.path(),
        &["check", "--output-format", "jsonl", "a.jsonl"],
    );
    let lines: Vec<&[u8]> = output.stdout.split(|&b| b == b'\n').collect();
    assert_eq!(lines[1], [bad, b"\r"].concat(), "{}", stderr(&output));
}

/// A rule file with one rule in it; `body` holds the rule's pattern and anything else.
fn rule(id: &str, body: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nmessage = \"m\"\nwhy = \"w\"\nlanguages = [\"en\"]\n{body}\n\
         good = [\"zzz\"]\n[[rule.bad]]\ntext = \"⟦x⟧\"\nfixed = \"y\"\n"
    )
}

/// The 1-based line of the `n`th (from 0) `[[rule]]` in `text`.
fn rule_line(text: &str, n: usize) -> usize {
    let at = text.match_indices("[[rule]]").nth(n).expect("the rule").0;
    text[..at].matches('\n').count() + 1
}

/// Loads the rule files `files` from a directory through `check --rules`; the run must fail
/// with one line naming `file:line` and containing `words`.
fn refused(files: &[(&str, &str)], file: &str, line: usize, words: &str) {
    let dir = temp();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for (name, text) in files {
        std::fs::write(rules.join(name), text).unwrap();
    }
    let output = mtscrub_in(dir.path(), &["check", "--rules", "rules"], b"text");
    assert_eq!(output.status.code(), Some(2), "{file}: {}", stderr(&output));
    let message = stderr(&output);
    let place = format!("{}:{line}:", Path::new("rules").join(file).display());
    assert!(message.contains(&place), "expected {place} in {message}");
    assert!(message.contains(words), "expected {words:?} in {message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn a_rule_with_an_invalid_regex_is_refused_with_file_and_line() {
    let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
        + &rule("broken", "pattern = '(x'\nreplacement = 'y'");
    refused(
        &[("a.toml", &text)],
        "a.toml",
        rule_line(&text, 1),
        "invalid pattern",
    );
}

#[test]
fn a_rule_with_an_unknown_key_is_refused_with_file_and_line() {
    let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
        + &rule("typo", "pattern = 'x'\nreplacment = 'y'");
    let typo_line = text
        .lines()
        .position(|l| l.starts_with("replacment"))
        .unwrap()
        + 1;
    refused(&[("a.toml", &text)], "a.toml", typo_line, "replacment");
}

#[test]
fn a_duplicate_rule_id_is_refused_with_file_and_line() {
    let one = rule("twice", "pattern = 'x'\nreplacement = 'y'");
    let two = one.clone() + &one;
    refused(
        &[("a.toml", &two)],
        "a.toml",
        rule_line(&two, 1),
        "duplicate rule id `twice`",
    );
    // Across two files of one directory too.
    refused(
        &[("a.toml", &one), ("b.toml", &one)],
        "b.toml",
        1,
        "duplicate rule id `twice`",
    );
}

#[test]
fn a_catastrophically_large_pattern_is_refused_with_file_and_line() {
    for pattern in [
        r"\w{1000}\w{1000}\w{1000}",
        r"(?:(?:(?:a{100}){100}){100})",
        &format!("{}x{}", "(".repeat(500), ")".repeat(500)),
    ] {
        let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
            + &rule(
                "huge",
                &format!("pattern = '''{pattern}'''\nreplacement = 'y'"),
            );
        refused(
            &[("a.toml", &text)],
            "a.toml",
            rule_line(&text, 1),
            "invalid pattern",
        );
    }
}

#[test]
fn a_path_through_a_file_is_an_error_naming_it() {
    let dir = temp();
    std::fs::write(dir.path().join("file.txt"), ARTIFACT).unwrap();
    let inner = Path::new("file.txt").join("story.txt");
    let inner = inner.to_str().unwrap();
    for args in [
        &["fix", inner][..],
        &["check", inner],
        &["fix", "--write", inner],
    ] {
        let output = mtscrub(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(&format!("{inner}: Not a directory")),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // A rule directory that is a file, or a path through one.
    for dir_arg in ["file.txt", inner] {
        let output = mtscrub_in(dir.path(), &["check", "--rules", dir_arg], b"text");
        assert_eq!(output.status.code(), Some(2), "{dir_arg}");
        assert!(stderr(&output).contains(dir_arg), "{}", stderr(&output));
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("file.txt")).unwrap(),
        ARTIFACT
    );
}

#[test]
fn a_missing_file_or_a_directory_where_a_file_is_needed_is_an_error() {
    let dir = temp();
    let output = mtscrub(dir.path(), &["fix", "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing.txt: No such file or directory"));
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let output = mtscrub(dir.path(), &["fix", "sub"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("sub: is a directory"),
        "{}",
        stderr(&output)
    );
}

/// Whether permission bits stop this process from reading: not for root, which this suite may
/// run as (it does in CI), so the tests that need them say so and check what they can.
fn permissions_apply(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    !readable
}

/// Runs `mtscrub ARGS` in `dir` as the unprivileged user `nobody` (uid and gid 65534) through
/// util-linux's `setpriv`, so that permission bits bind when the suite runs as root. `None`
/// where `setpriv` is missing or cannot switch users here.
fn as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    let setpriv = || {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_mtscrub"))
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    let works = setpriv()
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then(|| setpriv().args(args).output().expect("run mtscrub"))
}

/// Run as root (as in CI), the commands run as `nobody`, for whom permission bits bind.
#[test]
fn an_unreadable_file_or_directory_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    // Others may enter the test's directory, so `nobody` can reach what is in it.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let privileged = !permissions_apply(dir.path());
    let run = |args: &[&str]| {
        if privileged {
            as_nobody(dir.path(), args)
        } else {
            Some(mtscrub(dir.path(), args))
        }
    };
    if privileged && run(&["--version"]).is_none() {
        eprintln!(
            "notice: permission bits do not stop this user (root?) from reading, and setpriv \
             cannot run mtscrub as nobody, so an unreadable file cannot be made here; \
             a_path_through_a_file_is_an_error_naming_it covers the same error path"
        );
        return;
    }
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, ARTIFACT).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    for args in [
        &["fix", "--write", "locked.txt"][..],
        &["check", "locked.txt"],
    ] {
        let output = run(args).expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("locked.txt: Permission denied"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert!(output.stdout.is_empty(), "{}", stdout(&output));
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), ARTIFACT);

    let closed: PathBuf = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::write(closed.join("a.txt"), ARTIFACT).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let outputs = [
        run(&["check", "closed"]),
        run(&["fix", "--write", "closed"]),
    ];
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    for output in outputs {
        let output = output.expect("runs");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains("closed"), "{}", stderr(&output));
    }
    assert_eq!(
        std::fs::read_to_string(closed.join("a.txt")).unwrap(),
        ARTIFACT
    );
}

#[test]
fn a_rule_file_larger_than_the_limit_is_refused_where_it_passes_it() {
    use mtscrub::rules::MAX_FILE_BYTES;
    let valid = rule("small", "pattern = 'x'\nreplacement = 'y'");
    let comment = format!("# {}\n", "padding ".repeat(7));
    let mut text = valid.clone();
    while text.len() <= MAX_FILE_BYTES {
        text.push_str(&comment);
    }
    let line = text.as_bytes()[..MAX_FILE_BYTES]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    refused(&[("big.toml", &text)], "big.toml", line, "larger than");
    // One byte under the limit loads.
    let dir = temp();
    let mut under = valid;
    while under.len() + comment.len() <= MAX_FILE_BYTES {
        under.push_str(&comment);
    }
    std::fs::write(dir.path().join("ok.toml"), &under).unwrap();
    let output = mtscrub_in(dir.path(), &["check", "--rules", "."], b"plain");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_rule_file_with_too_many_rules_is_refused_at_the_first_too_many() {
    use mtscrub::rules::MAX_RULES_PER_FILE;
    let text: String = (0..=MAX_RULES_PER_FILE)
        .map(|i| rule(&format!("r{i}"), "pattern = 'x'\nreplacement = 'y'"))
        .collect();
    let line = rule_line(&text, MAX_RULES_PER_FILE);
    refused(
        &[("many.toml", &text)],
        "many.toml",
        line,
        "rules in one file",
    );
}

#[test]
fn a_rule_with_too_many_examples_is_refused() {
    use mtscrub::rules::MAX_EXAMPLES_PER_RULE;
    let good: Vec<String> = (0..MAX_EXAMPLES_PER_RULE)
        .map(|i| format!("\"g{i}\""))
        .collect();
    let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
        + &rule("chatty", "pattern = 'x'\nreplacement = 'y'")
            .replace("good = [\"zzz\"]", &format!("good = [{}]", good.join(", ")));
    refused(
        &[("a.toml", &text)],
        "a.toml",
        rule_line(&text, 1),
        "examples",
    );
}

#[test]
fn options_that_fill_a_pattern_past_the_limit_are_refused() {
    use mtscrub::rules::MAX_FILLED_BYTES;
    let option = "x".repeat(8 << 10);
    let uses = MAX_FILLED_BYTES / option.len() + 1;
    // The options table comes after the rule's own keys and examples.
    let text = rule(
        "blown",
        &format!("pattern = '{}'\nreplacement = 'y'", "{{word}}".repeat(uses)),
    ) + &format!("[rule.options]\nword = '{option}'\n");
    assert!(
        text.len() < MAX_FILLED_BYTES / 8,
        "the file itself is small"
    );
    refused(
        &[("a.toml", &text)],
        "a.toml",
        1,
        "with its options filled in",
    );
}

#[test]
fn rule_files_can_only_match_text() {
    let dir = temp();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    // A replacement that reads like a shell command is text, written as it is.
    let text = rule(
        "shell",
        "pattern = 'zq'\nreplacement = '$(touch pwned) `touch pwned` $$HOME'",
    );
    std::fs::write(rules.join("a.toml"), text).unwrap();
    let args = [
        "fix", "--rules", "rules", "--select", "shell", "--lang", "en",
    ];
    let output = mtscrub_in(dir.path(), &args, b"zq\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "$(touch pwned) `touch pwned` $HOME\n");
    assert!(!dir.path().join("pwned").exists());

    // Perl's code blocks, backreferences and lookaround are not regex syntax here; an analyzer
    // must be one built in.
    for (body, words) in [
        (
            "pattern = '(?{ system(\"touch pwned\") })'",
            "invalid pattern",
        ),
        ("pattern = '(a)\\1'", "invalid pattern"),
        ("pattern = '(?=a)'", "invalid pattern"),
        ("analyzer = 'shell.exec'", "unknown analyzer check"),
    ] {
        let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
            + &rule("evil", body).replace("fixed = \"y\"\n", "");
        refused(&[("a.toml", &text)], "a.toml", rule_line(&text, 1), words);
    }
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn a_rule_directory_with_too_many_rules_is_refused() {
    use mtscrub::rules::{MAX_RULES_PER_DIR, MAX_RULES_PER_FILE};
    let per_file = MAX_RULES_PER_FILE / 2;
    let files: Vec<(String, String)> = (0..MAX_RULES_PER_DIR / per_file + 1)
        .map(|f| {
            let text: String = (0..per_file)
                .map(|i| rule(&format!("f{f}-r{i}"), "pattern = 'x'\nreplacement = 'y'"))
                .collect();
            (format!("{f:02}.toml"), text)
        })
        .collect();
    let last = &files[MAX_RULES_PER_DIR / per_file];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let overflow = MAX_RULES_PER_DIR % per_file;
    refused(
        &refs,
        &last.0,
        rule_line(&last.1, overflow),
        "rules in one directory",
    );
}

#[test]
fn a_pattern_nested_past_the_limit_is_refused_with_file_and_line() {
    let nested = |depth: usize| format!("{}x{}", "(?:".repeat(depth), ")".repeat(depth));
    // 64 levels load.
    let dir = temp();
    std::fs::write(
        dir.path().join("ok.toml"),
        rule(
            "deep",
            &format!("pattern = '{}'\nreplacement = 'y'", nested(64)),
        ),
    )
    .unwrap();
    let output = mtscrub_in(dir.path(), &["check", "--rules", "."], b"plain");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 65 do not, for groups and for classes.
    for pattern in [nested(65), format!("{}a{}", "[".repeat(65), "]".repeat(65))] {
        let text = rule("good", "pattern = 'x'\nreplacement = 'y'")
            + &rule(
                "deeper",
                &format!("pattern = '''{pattern}'''\nreplacement = 'y'"),
            );
        refused(
            &[("a.toml", &text)],
            "a.toml",
            rule_line(&text, 1),
            "nested",
        );
    }
}

#[test]
fn invalid_utf8_leaves_stats_and_baseline_files_as_they_were() {
    let dir = temp();
    let bad = b"ab\xffcd".as_slice();
    std::fs::write(dir.path().join("bad.txt"), bad).unwrap();
    std::fs::write(dir.path().join("good.txt"), ARTIFACT).unwrap();
    let out = dir.path().join("out.json");
    let earlier = "{\"from\": \"an earlier run\"}\n";
    for output_flag in ["--stats-json", "--write-baseline"] {
        for (input, stdin) in [("bad.txt", &b""[..]), ("-", bad)] {
            let args = ["check", output_flag, "out.json", input];
            // An earlier run's file stays as it was, and none is made where there was none.
            for existed in [true, false] {
                if existed {
                    std::fs::write(&out, earlier).unwrap();
                } else {
                    let _ = std::fs::remove_file(&out);
                }
                let output = mtscrub_in(dir.path(), &args, stdin);
                assert_eq!(
                    output.status.code(),
                    Some(2),
                    "{args:?}: {}",
                    stderr(&output)
                );
                assert!(stderr(&output).contains("byte 2"), "{}", stderr(&output));
                assert!(
                    stderr(&output).contains("out.json not written"),
                    "{args:?}: {}",
                    stderr(&output)
                );
                if existed {
                    assert_eq!(std::fs::read_to_string(&out).unwrap(), earlier, "{args:?}");
                } else {
                    assert!(!out.exists(), "{args:?} made out.json");
                }
            }
        }
        // A bad file among good ones: nothing written either.
        std::fs::write(&out, earlier).unwrap();
        let output = mtscrub(
            dir.path(),
            &["check", output_flag, "out.json", "good.txt", "bad.txt"],
        );
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), earlier);
        // The same run over good input writes it.
        let output = mtscrub(dir.path(), &["check", output_flag, "out.json", "good.txt"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert!(written.get("findings").is_some(), "{written}");
    }
    // `fix` refuses before writing anything.
    std::fs::write(&out, earlier).unwrap();
    let output = mtscrub(dir.path(), &["fix", "--stats-json", "out.json", "bad.txt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), earlier);
}

#[test]
fn literal_text_past_the_fill_limit_is_refused() {
    use mtscrub::rules::MAX_FILLED_BYTES;
    // 300,000 bytes of literal text, in a pattern or a replacement, with no option in it.
    let long = "x".repeat(300_000);
    assert!(long.len() > MAX_FILLED_BYTES);
    for body in [
        format!("pattern = '{long}'\nreplacement = 'y'"),
        format!("pattern = 'x'\nreplacement = '{long}'"),
        format!("pattern = 'x'\nreplacement = '{{{{word}}}}{long}'"),
    ] {
        let mut text = rule("good", "pattern = 'x'\nreplacement = 'y'") + &rule("long", &body);
        if body.contains("{{word}}") {
            text.push_str("[rule.options]\nword = 'w'\n");
        }
        refused(
            &[("a.toml", &text)],
            "a.toml",
            rule_line(&text, 1),
            "longer than 256 KiB",
        );
    }
}

/// `n` rules `r0`, `r1`, … with `body`.
fn rules(n: usize, body: &str) -> String {
    (0..n).map(|i| rule(&format!("r{i}"), body)).collect()
}

/// What `pattern` takes compiled, as mtscrub measures it.
fn compiled_bytes(pattern: &str) -> usize {
    mtscrub::rules::PatternRule::new(pattern, Some("y"), &toml::Table::new())
        .expect("the pattern compiles on its own")
        .compiled_bytes()
}

#[test]
fn rule_files_whose_patterns_take_too_much_memory_together_are_refused() {
    use mtscrub::rules::{MAX_COMPILED_BYTES, MAX_RULES_PER_FILE};
    let started = std::time::Instant::now();
    // The audit's file: 256 rules of `x|\w{150}`, 42 KB, took 3.3 GB to load. Each pattern is
    // now past the limit for one pattern, so the first rule is refused.
    let text = rules(MAX_RULES_PER_FILE, r"pattern = 'x|\w{150}'");
    refused(&[("a.toml", &text)], "a.toml", 1, "exceeds size limit");

    // Patterns that load one by one, but not 256 together: Unicode classes (a large NFA), and
    // a one-pass pattern over every ASCII byte (a small NFA, but a large one-pass DFA). The
    // first rule that takes the sum past the budget is refused, in whichever file it is.
    let ascii: String = (0u8..128).map(|b| format!("\\x{b:02X}")).collect();
    for pattern in [r"x|\w{20}".to_string(), format!("(x){}", ascii.repeat(3))] {
        let each = compiled_bytes(&pattern);
        let first_over = MAX_COMPILED_BYTES / each;
        assert!(
            (20..MAX_RULES_PER_FILE).contains(&first_over),
            "{pattern}: {each} bytes"
        );
        let body = format!("pattern = '''{pattern}'''\nreplacement = 'y'");
        let text = rules(MAX_RULES_PER_FILE, &body);
        refused(
            &[("a.toml", &text)],
            "a.toml",
            rule_line(&text, first_over),
            "compiled patterns of the rule files would take more than 64 MiB",
        );
        // Split over two files of one directory: counted together.
        let (first, second): (String, String) = (
            (0..20).map(|i| rule(&format!("a{i}"), &body)).collect(),
            (20..MAX_RULES_PER_FILE)
                .map(|i| rule(&format!("b{i}"), &body))
                .collect(),
        );
        refused(
            &[("a.toml", &first), ("b.toml", &second)],
            "b.toml",
            rule_line(&second, first_over - 20),
            "more than 64 MiB",
        );
    }
    // Debug builds compile slowly; this still takes seconds, not minutes.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn overrides_that_take_the_patterns_past_the_budget_are_refused_at_their_line() {
    use mtscrub::rules::{MAX_COMPILED_BYTES, MAX_RULES_PER_FILE};
    // 256 small rules whose pattern is an option, then overrides that make each one large.
    let small = compiled_bytes("x");
    let large = compiled_bytes(r"x|\w{20}");
    let n = MAX_RULES_PER_FILE;
    let defined = rules(n, "pattern = '{{p}}'\nreplacement = 'y'").replace(
        "fixed = \"y\"\n",
        "fixed = \"y\"\n[rule.options]\np = 'x'\n",
    );
    let overrides: String = (0..n)
        .map(|i| format!("[[override]]\nrule = \"r{i}\"\noptions = {{ p = 'x|\\w{{20}}' }}\n"))
        .collect();
    // The rule a file defined is kept beside the overridden one, and counts too.
    let first_over = (MAX_COMPILED_BYTES - n * small) / large;
    assert!(first_over < n, "{small} {large}");
    let line = overrides
        .match_indices("[[override]]")
        .nth(first_over)
        .map(|(at, _)| overrides[..at].matches('\n').count() + 1)
        .unwrap();
    refused(
        &[("a.toml", &defined), ("b.toml", &overrides)],
        "b.toml",
        line,
        "override of",
    );
}

#[test]
fn the_built_in_rules_take_a_bounded_amount_of_memory() {
    let rules = mtscrub::rules::Ruleset::defaults().unwrap();
    let bytes = rules.compiled_bytes();
    assert!(bytes > 1 << 20 && bytes < 24 << 20, "{bytes}");
}
