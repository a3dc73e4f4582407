//! What the fuzz targets share: the engine, and what must hold for every input.
//!
//! A reader target takes any bytes. The first byte picks the options (a target language or
//! none, `--safe-only` or not); the rest is the input. Bytes that are not UTF-8 must be
//! refused with the offset of the first bad byte. Text must go through `check` and `fix`
//! without a panic; `fix` must converge, and fixing its output must change nothing; and when
//! one pass did all the work, the edits it reports must splice into the input to give its
//! output, without overlapping. An XML input may be refused as malformed; nothing else may
//! be refused.
//!
//! The rule-file target loads any bytes as a rule file: it must load or fail with an error
//! naming the file, and a file that loads must run its own examples without a panic.

use std::ops::Range;
use std::sync::LazyLock;

use mtscrub::ingest::{self, Format};
use mtscrub::rules::{examples, Ruleset};
use mtscrub::{Engine, Error, Options};

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Ruleset::defaults().expect("the default rules load")));

const LANGS: &[Option<&str>] = &[
    None,
    Some("en"),
    Some("en-GB"),
    Some("fr"),
    Some("de"),
    Some("de-CH"),
    Some("ko"),
    Some("ja"),
    Some("zh"),
    Some("ru"),
    Some("es"),
    Some("pt-BR"),
];

/// Runs the pipeline over `data` read as `format`.
pub fn reader(format: Format, data: &[u8]) {
    let Some((&choice, input)) = data.split_first() else {
        return;
    };
    let text = match ingest::decode(input) {
        Ok(text) => text,
        Err(Error::InvalidUtf8 { offset }) => {
            assert!(offset < input.len(), "offset {offset} past the input");
            assert!(std::str::from_utf8(&input[..offset]).is_ok());
            assert!(std::str::from_utf8(&input[offset..]).is_err());
            return;
        }
        Err(e) => panic!("decode failed with {e}"),
    };
    let options = Options {
        format,
        lang: LANGS[usize::from(choice & 0x7f) % LANGS.len()]
            .map(|code| mtscrub::language::parse(code).expect("a known language")),
        safe_only: choice & 0x80 != 0,
        ..Options::default()
    };
    let checked = ENGINE.check(text, &options);
    let outcome = match ENGINE.fix(text, &options) {
        Ok(outcome) => outcome,
        Err(Error::Xml { offset, .. }) if matches!(format, Format::Xliff | Format::Tmx) => {
            assert!(
                offset <= text.len(),
                "XML error offset {offset} past the input"
            );
            assert!(checked.is_err(), "check read what fix refused");
            return;
        }
        Err(e) => panic!("fix failed: {e}"),
    };
    assert!(checked.is_ok(), "fix read what check refused");

    let again = ENGINE
        .fix(&outcome.output, &options)
        .expect("the output reads");
    assert_eq!(again.output, outcome.output, "fix changed its own output");

    if outcome.passes <= 2 {
        let mut edits: Vec<(Range<usize>, &str)> = outcome
            .applied
            .iter()
            .map(|e| (e.range.clone(), e.replacement.as_str()))
            .collect();
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        for pair in edits.windows(2) {
            let (a, b) = (&pair[0].0, &pair[1].0);
            let touch = a.end == b.start && !(a.is_empty() && b.is_empty());
            assert!(a.end < b.start || touch, "edits overlap: {a:?} and {b:?}");
        }
        let mut out = String::new();
        let mut at = 0;
        for (range, replacement) in edits {
            out.push_str(&text[at..range.start]);
            out.push_str(replacement);
            at = range.end;
        }
        out.push_str(&text[at..]);
        assert_eq!(
            out, outcome.output,
            "the reported edits do not give the output"
        );
    }
}

/// Loads `data` as a rule file and, if it loads, runs its examples.
pub fn rule_file(data: &[u8]) {
    static DIR: LazyLock<tempfile::TempDir> =
        LazyLock::new(|| tempfile::tempdir().expect("a temporary directory"));
    let path = DIR.path().join("fuzz.toml");
    std::fs::write(&path, data).expect("write the rule file");
    match Ruleset::from_dir(DIR.path()) {
        Ok(rules) => {
            let _ = examples::test_all(&rules);
        }
        Err(Error::RuleFile { file, .. }) => {
            assert_eq!(
                file,
                path.display().to_string(),
                "the error names another file"
            );
        }
        Err(Error::RuleDir { path: named, .. }) => {
            assert_eq!(named, path, "the error names another path");
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}
