//! Properties of the pipeline over generated input: the promises of SECURITY.md, checked on
//! texts no one wrote by hand.
//!
//! The texts mix scripts (Latin, Cyrillic, Hangul, kana, Han), quotation marks of every
//! convention, markup and character references, every kind of whitespace and line break, and
//! the artifacts mtscrub repairs (the bad examples of the default rules). Each property runs
//! a fixed number of cases from a fixed seed, so a run is repeatable and a failure shrinks to a
//! small input that can become a test in `tests/regression.rs`.
//!
//! What is checked, for every format and with and without `--lang`:
//! - `check` and `fix` never panic, and `fix` converges;
//! - `fix` is idempotent;
//! - the edits `fix` reports reproduce its output: the first pass's edits, spliced into the
//!   original, give the text the second pass read, and fixing that text gives the same output
//!   in one pass fewer, whose first-pass edits are the original's second-pass edits, and so on;
//! - the edits of one pass never overlap, and every byte outside them is unchanged;
//! - a `safe` edit never changes a letter or a digit (as read, escapes decoded);
//! - after `fix`, `check` reports no finding that `fix` could still apply;
//! - in JSON Lines, a record that was JSON stays JSON and one that was not is untouched.

use std::ops::Range;
use std::sync::LazyLock;

use mtscrub::detect::Finding;
use mtscrub::ingest::Format;
use mtscrub::pipeline::{AppliedEdit, FixOutcome};
use mtscrub::repair::Safety;
use mtscrub::rules::examples::ExampleKind;
use mtscrub::rules::Ruleset;
use mtscrub::{Engine, Error, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use unicode_normalization::UnicodeNormalization;

/// The default rules, as `mtscrub` runs them.
static DEFAULTS: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Ruleset::defaults().expect("default rules load")));

/// Every default rule, those off by default included.
static EVERY_RULE: LazyLock<Engine> = LazyLock::new(|| {
    let rules = Ruleset::defaults().expect("default rules load");
    let ids: Vec<String> = rules.iter().map(|r| r.meta.id.clone()).collect();
    Engine::new(rules.filter(&ids, &[]).expect("known ids"))
});

/// The texts the default rules repair: their bad examples, read as plain text.
static ARTIFACTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let rules = Ruleset::defaults().expect("default rules load");
    let artifacts: Vec<String> = rules
        .iter()
        .flat_map(|r| r.examples.iter())
        .filter(|e| e.kind == ExampleKind::Bad && e.format == Format::Text)
        .map(|e| e.text.clone())
        .collect();
    assert!(artifacts.len() > 20, "the rules have bad examples");
    artifacts
});

/// Cases per property: enough to meet every kind of atom many times, few enough for CI.
/// `PROPTEST_CASES=N` multiplies them by N / 64 for a deeper run by hand, from the same seed.
const CASES: u32 = 64;

fn config(cases: u32) -> Config {
    let scale = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(1.0, |n| f64::from(n) / f64::from(CASES));
    Config {
        cases: ((f64::from(cases) * scale) as u32).max(1),
        rng_seed: RngSeed::Fixed(0x6d74_7363_7275_6231),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

const WORDS: &[&str] = &[
    // Latin
    "He",
    "said",
    "the",
    "prices",
    "rose",
    "Seoul",
    "Kim",
    "Min-ji",
    "we",
    "will",
    "win",
    "it’s",
    "students’",
    "’90s",
    "6'2\"",
    "étude",
    "naïve",
    "Zürich",
    "1,200",
    "2024",
    "10",
    "3.5%",
    "Reporter",
    "Correspondent",
    "Photo",
    "AP",
    "Yonhap",
    "Er",
    "sagte",
    "Ja",
    "Il",
    "a",
    "dit",
    "Oui",
    "hong@donga.com",
    "a.m.",
    "KST", // Cyrillic
    "Он",
    "сказал",
    "цены",
    "Москва", // Hangul
    "그는",
    "말했다",
    "서울",
    "기자",
    "연합뉴스", // kana
    "これは",
    "カタカナ",
    "ニュース", // Han
    "北京",
    "中国人",
    "東京",
    "記者",
];

const QUOTES: &[&str] = &[
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "„",
    "‚",
    "«",
    "»",
    "‹",
    "›",
    "「",
    "」",
    "『",
    "』",
    "``",
    "''",
    "« ",
    " »",
    "\u{a0}»",
    "«\u{202f}",
];

const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<br>",
    "<div class=\"x\">",
    "</div>",
    "<img src=\"a.jpg\" alt=\"Seoul”/>",
    "<img alt=“Seoul” src=a.jpg>",
    "<a title=\"A “title”\" href=\"/x\">",
    "</a>",
    "<meta name=\"description\" content=\"“x\">",
    "&ldquo;",
    "&rdquo;",
    "&#8220;",
    "&#8221;",
    "&#x201C;",
    "&amp;",
    "&lt;",
    "&quot;",
    "&nbsp;",
    "&",
    "<",
    ">",
    "<!-- “c -->",
    "<script>var q = \"“\";</script>",
    "<pre>“p</pre>",
    "<code>",
    "</code>",
    "<p",
    "<!--",
];

const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "* ",
    "- ",
    "1. ",
    "> ",
    "`",
    "```\n",
    "*",
    "_",
    "**",
    "[",
    "](",
    ")",
    "](https://example.com/“x”)",
    "<https://x.y/“z”>",
    "\\\"",
    "\\*",
    "---\n",
    "| a | b |\n",
    "|---|---|\n",
    "![",
    "    ",
];

const SPACES: &[&str] = &[
    " ", " ", " ", "\u{a0}", "\u{202f}", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n", "\u{3000}",
    "\u{200b}", "\u{feff}", "  ",
];

const PUNCTUATION: &[&str] = &[
    ".", ",", ":", ";", "?", "!", "—", "–", "…", "(", ")", "[", "]", "=", " = ", "/", "@", "%",
    "，", "。", "：", "？", "（", "）", "ⓒ ", "\u{fffd}", "â€œ", "Ã©", "\\", "-", "*",
];

const LANGS: &[&str] = &[
    "en", "en-GB", "fr", "de", "de-CH", "es", "it", "pt-BR", "ru", "ko", "ja", "zh", "zh-Hant",
];

/// One piece of a generated text.
fn atom(markup: bool, markdown: bool) -> BoxedStrategy<String> {
    let pick = |list: &'static [&'static str]| prop::sample::select(list).prop_map(str::to_string);
    let artifact = (0..ARTIFACTS.len()).prop_map(|i| ARTIFACTS[i].clone());
    let mut choices: Vec<(u32, BoxedStrategy<String>)> = vec![
        (6, pick(WORDS).boxed()),
        (5, pick(QUOTES).boxed()),
        (5, pick(SPACES).boxed()),
        (3, pick(PUNCTUATION).boxed()),
        (3, artifact.boxed()),
        (1, any::<char>().prop_map(String::from).boxed()),
        (
            1,
            prop::char::ranges(
                vec![
                    'a'..='z',
                    '\u{400}'..='\u{44f}',
                    '\u{ac00}'..='\u{d7a3}',
                    '\u{3041}'..='\u{30ff}',
                    '\u{4e00}'..='\u{9fff}',
                ]
                .into(),
            )
            .prop_map(String::from)
            .boxed(),
        ),
    ];
    if markup {
        choices.push((3, pick(MARKUP).boxed()));
    }
    if markdown {
        choices.push((3, pick(MARKDOWN).boxed()));
    }
    prop::strategy::Union::new_weighted(choices).boxed()
}

fn text_of(markup: bool, markdown: bool, max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(atom(markup, markdown), 0..max)
        .prop_map(|atoms| atoms.concat())
        .boxed()
}

/// A JSON Lines document: records with prose in `text` (a string or a list of strings),
/// other fields, and lines that are not JSON.
fn jsonl() -> BoxedStrategy<String> {
    let record = prop_oneof![
        4 => text_of(true, false, 16).prop_map(|t| serde_json::json!({ "id": 1, "text": t }).to_string()),
        1 => prop::collection::vec(text_of(false, false, 8), 0..3)
            .prop_map(|ts| serde_json::json!({ "text": ts, "n": null }).to_string()),
        1 => text_of(true, false, 8),
        1 => Just("{\"text\": \"unterminated".to_string()),
        1 => text_of(false, false, 8).prop_map(|t| {
            // Non-ASCII written as \u escapes, as some exporters do.
            let mut escaped = String::from("{\"text\":\"");
            for c in t.chars() {
                match c {
                    '"' | '\\' => escaped.push_str(&format!("\\{c}")),
                    c if c.is_ascii() && !c.is_ascii_control() => escaped.push(c),
                    c => {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            escaped.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                }
            }
            escaped + "\"}"
        }),
    ];
    (
        prop::collection::vec(record, 0..5),
        prop::sample::select(&["\n", "\r\n"][..]),
    )
        .prop_map(|(records, end)| records.join(end))
        .boxed()
}

/// A TSV document: `source<TAB>target` lines.
fn tsv() -> BoxedStrategy<String> {
    prop::collection::vec((text_of(false, false, 6), text_of(false, false, 10)), 0..4)
        .prop_map(|pairs| {
            pairs
                .iter()
                .map(|(s, t)| format!("{}\t{}", s.replace(['\n', '\t'], " "), t.replace('\n', " ")))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .boxed()
}

/// Escapes text for XML content, leaving some references as they were generated.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An XLIFF 1.2 or TMX document around generated text (escaped, so well-formed).
fn xml_document(format: Format) -> BoxedStrategy<String> {
    prop::collection::vec((text_of(false, false, 6), text_of(false, false, 10)), 0..3)
        .prop_map(move |pairs| {
            let mut out = String::new();
            if format == Format::Xliff {
                out.push_str("<xliff version=\"1.2\"><file source-language=\"ko\" target-language=\"en\"><body>\n");
                for (i, (s, t)) in pairs.iter().enumerate() {
                    out.push_str(&format!(
                        "<trans-unit id=\"{i}\"><source>{}</source><target>{}<x id=\"1\"/></target></trans-unit>\n",
                        xml_escape(s),
                        xml_escape(t)
                    ));
                }
                out.push_str("</body></file></xliff>\n");
            } else {
                out.push_str("<tmx version=\"1.4\"><header srclang=\"ko\"/><body>\n");
                for (s, t) in &pairs {
                    out.push_str(&format!(
                        "<tu><tuv xml:lang=\"ko\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>\n",
                        xml_escape(s),
                        xml_escape(t)
                    ));
                }
                out.push_str("</body></tmx>\n");
            }
            out
        })
        .boxed()
}

/// Generated input of one format.
fn document(format: Format) -> BoxedStrategy<String> {
    match format {
        Format::Text => text_of(false, false, 48),
        Format::Html => text_of(true, false, 48),
        Format::Markdown => text_of(false, true, 48),
        Format::Jsonl => jsonl(),
        Format::Tsv => tsv(),
        Format::Xliff | Format::Tmx => xml_document(format),
    }
}

/// A run's options: the format, a language or none, and whether only safe repairs apply.
fn options(format: Format) -> impl Strategy<Value = Options> {
    (
        prop::option::of(prop::sample::select(LANGS)),
        prop::bool::weighted(0.2),
    )
        .prop_map(move |(lang, safe_only)| Options {
            format,
            lang: lang.map(|code| mtscrub::language::parse(code).expect("known language")),
            safe_only,
            ..Options::default()
        })
}

/// A generated case: input, options, and which rule set runs.
fn case(format: Format) -> impl Strategy<Value = (String, Options, bool)> {
    (document(format), options(format), prop::bool::weighted(0.3))
}

fn engine(every_rule: bool) -> &'static Engine {
    if every_rule {
        &EVERY_RULE
    } else {
        &DEFAULTS
    }
}

/// `fix`, which must not fail on input it could read: an input that repairs do not settle on
/// is a bug in the rules.
fn fix(
    engine: &Engine,
    text: &str,
    options: &Options,
) -> Result<Option<FixOutcome>, TestCaseError> {
    match engine.fix(text, options) {
        Ok(outcome) => Ok(Some(outcome)),
        Err(e @ Error::NoConvergence { .. }) => Err(TestCaseError::fail(format!("{e}"))),
        // Malformed XML is reported, not repaired; every other format reads any text.
        Err(Error::Xml { .. }) if matches!(options.format, Format::Xliff | Format::Tmx) => Ok(None),
        Err(e) => Err(TestCaseError::fail(format!("fix failed: {e}"))),
    }
}

/// Whether `fix` with these options would apply the finding's repair to `text`.
fn applicable(finding: &Finding, text: &str, options: &Options) -> bool {
    finding.fix.as_ref().is_some_and(|fix| {
        let allowed = match fix.safety {
            Safety::Safe => true,
            Safety::Review => !options.safe_only,
            Safety::Suggest => false,
        };
        allowed && !fix.is_noop(text)
    })
}

/// Two edits overlap when they share a byte, insert at the same point, or one inserts
/// strictly inside the other.
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// The edits of one pass, checked to fit `text` and not to overlap, spliced into it.
fn splice(text: &str, edits: &[&AppliedEdit]) -> Result<String, TestCaseError> {
    let mut sorted: Vec<&AppliedEdit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    for edit in &sorted {
        prop_assert!(
            edit.range.end <= text.len()
                && text.is_char_boundary(edit.range.start)
                && text.is_char_boundary(edit.range.end),
            "edit {:?} of {} does not fit the text",
            edit.range,
            edit.rule.id
        );
    }
    for pair in sorted.windows(2) {
        prop_assert!(
            !overlap(&pair[0].range, &pair[1].range),
            "edits overlap: {} at {:?} → {:?} and {} at {:?} → {:?} in {:?}",
            pair[0].rule.id,
            pair[0].range,
            pair[0].replacement,
            pair[1].rule.id,
            pair[1].range,
            pair[1].replacement,
            text
        );
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// The text as a reader sees it, in the syntax of `format`: references and JSON escapes
/// decoded, composed (NFC), for comparing what edits did to letters and digits.
fn as_read(text: &str, format: Format) -> String {
    let decoded = match format {
        Format::Text | Format::Tsv => text.to_string(),
        Format::Html | Format::Markdown | Format::Xliff | Format::Tmx => {
            htmlize::unescape(text).into_owned()
        }
        Format::Jsonl => serde_json::from_str::<String>(&format!("\"{text}\""))
            .unwrap_or_else(|_| text.to_string()),
    };
    decoded.nfc().collect()
}

fn letters_and_digits(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Every property that one input and its repair must satisfy.
fn check_properties(
    source: &str,
    options: &Options,
    every_rule: bool,
) -> Result<(), TestCaseError> {
    let engine = engine(every_rule);
    // `check` never fails on input that `fix` can read, and never panics.
    let checked = engine.check(source, options);
    let Some(outcome) = fix(engine, source, options)? else {
        return Ok(());
    };
    prop_assert!(checked.is_ok(), "check failed where fix did not");

    // Idempotent: the output has nothing left to repair.
    let again = fix(engine, &outcome.output, options)?.expect("the output reads as the input did");
    prop_assert_eq!(&again.output, &outcome.output, "fix changed its own output");
    prop_assert!(again.applied.is_empty());

    // After fix, check reports nothing that fix could still apply.
    let after = engine
        .check(&outcome.output, options)
        .map_err(|e| TestCaseError::fail(format!("check of the output failed: {e}")))?;
    for finding in &after.findings {
        prop_assert!(
            !applicable(finding, &outcome.output, options),
            "{} still applies at {:?} after fix",
            finding.rule.id,
            finding.range
        );
    }

    // Pass by pass: the reported edits reproduce the output.
    let last_pass = outcome.applied.iter().map(|e| e.pass).max().unwrap_or(0);
    prop_assert_eq!(
        outcome.passes,
        last_pass + 1,
        "passes counts the final, empty one"
    );
    let all_ranges: Vec<Range<usize>> = outcome.applied.iter().map(|e| e.range.clone()).collect();
    let mut text = source.to_string();
    let mut current = outcome;
    let mut original_edits: Vec<AppliedEdit> = current.applied.clone();
    let final_output = current.output.clone();
    let mut pass = 1;
    loop {
        let first: Vec<&AppliedEdit> = current.applied.iter().filter(|e| e.pass == 1).collect();
        // The edits this run reports for its first pass are the original run's edits of this
        // pass (same rules, replacements and tiers; ranges in this pass's text).
        let mut reported: Vec<(&str, &str, Safety)> = original_edits
            .iter()
            .filter(|e| e.pass == pass)
            .map(|e| (e.rule.id.as_str(), e.replacement.as_str(), e.safety))
            .collect();
        let mut here: Vec<(&str, &str, Safety)> = first
            .iter()
            .map(|e| (e.rule.id.as_str(), e.replacement.as_str(), e.safety))
            .collect();
        reported.sort();
        here.sort();
        prop_assert_eq!(reported, here, "pass {} edits differ when rerun", pass);
        if first.is_empty() {
            prop_assert_eq!(
                &text,
                &final_output,
                "no edits left, yet the output differs"
            );
            break;
        }
        for edit in &first {
            if edit.safety == Safety::Safe {
                let before =
                    letters_and_digits(&as_read(&text[edit.range.clone()], options.format));
                let after = letters_and_digits(&as_read(&edit.replacement, options.format));
                prop_assert_eq!(
                    before,
                    after,
                    "safe edit of {} changed letters or digits: {:?} → {:?}",
                    &edit.rule.id,
                    &text[edit.range.clone()],
                    &edit.replacement
                );
            }
        }
        let next = splice(&text, &first)?;
        // Bytes outside the edits are unchanged: splice copied them, and the next pass reads
        // exactly that text.
        let rerun = fix(engine, &next, options)?.expect("repaired text reads");
        prop_assert_eq!(
            &rerun.output,
            &final_output,
            "fixing pass {}'s text gives another output",
            pass
        );
        prop_assert_eq!(rerun.passes + 1, current.passes);
        text = next;
        current = rerun;
        original_edits.retain(|e| e.pass > pass);
        pass += 1;
    }

    // Later passes' edits point into the original: each range lies inside it, on character
    // boundaries, and everything outside the union of all ranges comes through unchanged.
    let mut ranges = all_ranges;
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        prop_assert!(
            range.end <= source.len()
                && source.is_char_boundary(range.start)
                && source.is_char_boundary(range.end)
        );
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let mut rest = final_output.as_str();
    let mut at = 0;
    for (i, region) in merged.iter().enumerate() {
        let gap = &source[at..region.start];
        if i == 0 {
            prop_assert!(rest.starts_with(gap), "bytes before the first edit changed");
            rest = &rest[gap.len()..];
        } else {
            let found = rest.find(gap);
            prop_assert!(found.is_some(), "bytes between edits changed: {:?}", gap);
            rest = &rest[found.expect("checked") + gap.len()..];
        }
        at = region.end;
    }
    let tail = &source[at..];
    if merged.is_empty() {
        prop_assert_eq!(rest, tail, "no edits, yet the text changed");
    } else {
        prop_assert!(rest.ends_with(tail), "bytes after the last edit changed");
    }
    Ok(())
}

/// JSON Lines: records stay JSON, lines that were not are untouched, and the line count holds.
fn check_jsonl_records(
    source: &str,
    options: &Options,
    every_rule: bool,
) -> Result<(), TestCaseError> {
    let Some(outcome) = fix(engine(every_rule), source, options)? else {
        return Ok(());
    };
    let before: Vec<&str> = source.split('\n').collect();
    let after: Vec<&str> = outcome.output.split('\n').collect();
    prop_assert_eq!(before.len(), after.len(), "fix changed the number of lines");
    for (old, new) in before.iter().zip(&after) {
        let was_json =
            serde_json::from_str::<serde_json::Value>(old.trim_end_matches('\r')).is_ok();
        if was_json {
            prop_assert!(
                serde_json::from_str::<serde_json::Value>(new.trim_end_matches('\r')).is_ok(),
                "a record is no longer JSON: {:?} → {:?}",
                old,
                new
            );
        } else if !old.trim().is_empty() {
            prop_assert_eq!(old, new, "a line that is not JSON was changed");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn text_repairs_behave((source, options, every) in case(Format::Text)) {
        check_properties(&source, &options, every)?;
    }

    #[test]
    fn html_repairs_behave((source, options, every) in case(Format::Html)) {
        check_properties(&source, &options, every)?;
    }

    #[test]
    fn markdown_repairs_behave((source, options, every) in case(Format::Markdown)) {
        check_properties(&source, &options, every)?;
    }

    #[test]
    fn jsonl_repairs_behave((source, options, every) in case(Format::Jsonl)) {
        check_properties(&source, &options, every)?;
        check_jsonl_records(&source, &options, every)?;
    }
}

proptest! {
    #![proptest_config(config(CASES / 2))]

    #[test]
    fn tsv_repairs_behave((source, options, every) in case(Format::Tsv)) {
        check_properties(&source, &options, every)?;
    }

    #[test]
    fn xliff_repairs_behave((source, options, every) in case(Format::Xliff)) {
        check_properties(&source, &options, every)?;
    }

    #[test]
    fn tmx_repairs_behave((source, options, every) in case(Format::Tmx)) {
        check_properties(&source, &options, every)?;
    }

    /// Any text read in any format: nothing panics, and `fix` either repairs and converges or
    /// reports the input as unreadable.
    #[test]
    fn any_text_in_any_format_is_handled(
        source in text_of(true, true, 40),
        format in prop::sample::select(&[Format::Text, Format::Html, Format::Markdown, Format::Jsonl, Format::Tsv, Format::Xliff, Format::Tmx][..]),
        options in options(Format::Text),
    ) {
        let options = Options { format, ..options };
        let _ = DEFAULTS.check(&source, &options);
        fix(&DEFAULTS, &source, &options)?;
    }
}

/// The properties above are only as strong as the cases they meet: a generator that stopped
/// producing artifacts, or a reader that refused every generated document, would let them pass
/// without checking anything. From the same seed, most generated documents of every format
/// must be read, a quarter repaired, and an eighth given a `safe` repair.
#[test]
fn generated_cases_reach_the_repairs() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    for format in [
        Format::Text,
        Format::Html,
        Format::Markdown,
        Format::Jsonl,
        Format::Tsv,
        Format::Xliff,
        Format::Tmx,
    ] {
        let mut runner = TestRunner::new(config(CASES / 2));
        let strategy = case(format);
        let total = 32;
        let (mut read, mut repaired, mut safe) = (0, 0, 0);
        for _ in 0..total {
            let (source, options, every) =
                strategy.new_tree(&mut runner).expect("a case").current();
            let Ok(outcome) = engine(every).fix(&source, &options) else {
                continue;
            };
            read += 1;
            repaired += usize::from(!outcome.applied.is_empty());
            safe += usize::from(outcome.applied.iter().any(|e| e.safety == Safety::Safe));
        }
        eprintln!("{format:?}: read {read}, repaired {repaired}, safe {safe} of {total}");
        assert!(read * 10 >= total * 9, "{format:?}: {read} of {total} read");
        assert!(
            repaired * 4 >= total,
            "{format:?}: {repaired} of {total} repaired"
        );
        assert!(
            safe * 8 >= total,
            "{format:?}: {safe} of {total} with a safe repair"
        );
    }
}
