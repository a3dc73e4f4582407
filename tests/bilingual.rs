//! Bilingual inputs from translation tools (XLIFF 1.2 and 2.0, TMX, TSV corpora): only the
//! target text is repaired, every other byte comes back unchanged, inline tags survive, and
//! the findings only a comparison with the source can give are reported.
//!
//! Fixtures are in `tests/fixtures/bilingual/`: machine translations of Korean, Japanese and
//! Chinese news, each with the output a desk wants beside it (`NAME.expected.EXT`, written by
//! hand).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const XLIFF_1_2: &str = "donga-nk-troops.xlf";
const XLIFF_2_0: &str = "kyodo-missile.xliff";
const TMX: &str = "xinhua-briefing.tmx";
const TSV: &str = "donga-corpus.tsv";

/// A rule with nothing to find in any fixture, for runs that must change nothing.
const SILENT_RULE: &str = "bilingual-link-extra";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bilingual")
        .join(name)
}

/// `NAME.expected.EXT` for `NAME.EXT`.
fn expected(name: &str) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    fixture(&format!("{stem}.expected.{ext}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn mtscrub(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run(None, args, stdin.unwrap_or_default())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every tag of an XML text, in order.
fn tags(xml: &str) -> Vec<&str> {
    xml.match_indices('<')
        .map(|(start, _)| {
            let end = start + xml[start..].find('>').expect("tags close");
            &xml[start..=end]
        })
        .collect()
}

/// `fix` gives the expected file byte for byte and keeps every tag; `fix` on the expected file
/// changes nothing; a run whose only rule finds nothing gives the input back byte for byte.
fn check_fixture(name: &str) {
    let input = fixture(name);
    let input_path = input.to_str().unwrap();
    let want = read(&expected(name));

    let output = mtscrub(&["fix", input_path], None);
    let fixed = text(&output.stdout);
    assert_eq!(fixed, want, "{name}: {}", text(&output.stderr));
    // Findings only a desk can resolve remain, so `fix` reports them.
    assert_eq!(output.status.code(), Some(1), "{name}");
    assert_eq!(tags(&fixed), tags(&read(&input)), "{name}: tags kept");

    let again = mtscrub(&["fix", expected(name).to_str().unwrap()], None);
    assert_eq!(text(&again.stdout), want, "{name}: the fix is stable");

    let untouched = mtscrub(&["fix", input_path, "--select", SILENT_RULE], None);
    assert_eq!(untouched.status.code(), Some(0), "{name}");
    assert_eq!(untouched.stdout, std::fs::read(&input).unwrap(), "{name}");
}

/// The findings of the `bilingual-` rules as (line, rule), in order, with the JSON records.
fn bilingual_findings(name: &str) -> Vec<(usize, String, serde_json::Value)> {
    let output = mtscrub(
        &[
            "check",
            "--output-format",
            "json",
            fixture(name).to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    records
        .into_iter()
        .filter(|r| r["rule"].as_str().unwrap().starts_with("bilingual-"))
        .map(|r| {
            (
                r["line"].as_u64().unwrap() as usize,
                r["rule"].as_str().unwrap().to_string(),
                r,
            )
        })
        .collect()
}

/// The 1-based number of the last line of `name` holding `needle` (a target follows its
/// source, which may read the same).
fn line_of(name: &str, needle: &str) -> usize {
    read(&fixture(name))
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or_else(|| panic!("{needle:?} is in {name}"))
}

fn assert_findings(name: &str, want: &[(&str, &str)]) {
    let found: Vec<(usize, String)> = bilingual_findings(name)
        .into_iter()
        .map(|(line, rule, _)| (line, rule))
        .collect();
    let want: Vec<(usize, String)> = want
        .iter()
        .map(|(needle, rule)| (line_of(name, needle), rule.to_string()))
        .collect();
    assert_eq!(found, want, "{name}");
}

#[test]
fn xliff_1_2_targets_are_repaired_and_nothing_else() {
    check_fixture(XLIFF_1_2);
    let input = read(&fixture(XLIFF_1_2));
    let fixed = read(&expected(XLIFF_1_2));
    // The stray opener after the inline tag's quotation is gone, the tag pair is whole.
    assert!(fixed.contains(
        "<g id=\"1\" ctype=\"bold\">“Satellite photos are serious</g>, and if the photos \
         exist, it means something. There is no doubt"
    ));
    // An alternative translation and a unit marked `translate="no"` are not the target.
    let alternative = "<target xml:lang=\"en-US\">“North Korean friends. “We also have";
    assert!(input.contains(alternative) && fixed.contains(alternative));
    assert!(fixed.contains("<target>동아일보</target>"));
    // Sources are never touched.
    for (a, b) in input.lines().zip(fixed.lines()) {
        if a.trim_start().starts_with("<source>") {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn xliff_1_2_source_aware_findings() {
    assert_findings(
        XLIFF_1_2,
        &[
            ("I do not feel the need", "bilingual-quotation-count"),
            (
                "<target state=\"needs-review-translation\">한편",
                "bilingual-untranslated",
            ),
            ("later this week", "bilingual-number-missing"),
        ],
    );
}

#[test]
fn xliff_2_0_targets_are_repaired_and_nothing_else() {
    check_fixture(XLIFF_2_0);
    let fixed = read(&expected(XLIFF_2_0));
    assert!(fixed.contains(
        "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">“We will do our utmost to ensure \
         the safety of the people.”</pc>"
    ));
    assert!(fixed.contains("<target>“This is absolutely unacceptable.”</target>"));
}

#[test]
fn xliff_2_0_source_aware_findings() {
    let found = bilingual_findings(XLIFF_2_0);
    // The quotation running across the two segments of one unit is not a count mismatch.
    assert!(
        !found
            .iter()
            .any(|(line, _, _)| *line == line_of(XLIFF_2_0, "a grave threat")),
        "{found:?}"
    );
    assert_findings(
        XLIFF_2_0,
        &[
            (
                "<target>This is absolutely unacceptable.”",
                "bilingual-quotation-lost-opener",
            ),
            (
                "latest ballistic missile launch",
                "bilingual-number-missing",
            ),
            ("We had detected signs", "bilingual-quotation-count"),
            ("Last updated", "bilingual-placeholder-missing"),
        ],
    );
    let opener = found
        .iter()
        .find(|(_, rule, _)| rule == "bilingual-quotation-lost-opener")
        .map(|(_, _, record)| record)
        .unwrap();
    assert_eq!(opener["replacement"], "“This is absolutely unacceptable.”");
    assert_eq!(opener["safety"], "safe");
}

#[test]
fn tmx_every_target_language_is_repaired_in_its_own_conventions() {
    check_fixture(TMX);
    let fixed = read(&expected(TMX));
    // German gets German marks; the Chinese source keeps its own.
    assert!(fixed.contains("sagte am 30.: „China hat sich"));
    assert!(fixed.contains("<seg>外交部发言人林剑30日表示：“中方一贯主张"));
    assert!(fixed.contains(
        "“<bpt i=\"1\">&lt;b&gt;</bpt>China is ready to work with all parties\
         <ept i=\"1\">&lt;/b&gt;</ept>. We will continue"
    ));
}

#[test]
fn tmx_source_aware_findings() {
    assert_findings(
        TMX,
        &[
            (
                "“China expresses serious concern",
                "bilingual-quotation-count",
            ),
            ("China’s gross domestic product", "bilingual-number-missing"),
            ("<seg>新华社北京10月30日电</seg>", "bilingual-untranslated"),
        ],
    );
}

#[test]
fn tsv_targets_are_repaired_and_sources_kept() {
    check_fixture(TSV);
    let input = read(&fixture(TSV));
    let fixed = read(&expected(TSV));
    for (a, b) in input.lines().zip(fixed.lines()) {
        assert_eq!(
            a.split('\t').next(),
            b.split('\t').next(),
            "source column kept"
        );
    }
}

#[test]
fn tsv_source_aware_findings() {
    assert_findings(
        TSV,
        &[
            ("some North Korean troops", "bilingual-number-missing"),
            ("\t북한 외무성은", "bilingual-untranslated"),
            ("Secretary Austin said", "bilingual-quotation-count"),
            (
                "\tWe will not back down.”",
                "bilingual-quotation-lost-opener",
            ),
            ("posted on Telegram.", "bilingual-edge-whitespace"),
            ("\tComments", "bilingual-placeholder-missing"),
        ],
    );
}

#[test]
fn formats_are_chosen_by_name_for_standard_input() {
    let tsv = "“물러서지 않겠다.”\tWe will not back down.”\n";
    let output = mtscrub(&["fix", "--input-format", "tsv"], Some(tsv.as_bytes()));
    assert_eq!(
        text(&output.stdout),
        "“물러서지 않겠다.”\t“We will not back down.”\n"
    );
    // Read as plain text, the same line has no source to compare with.
    let output = mtscrub(
        &["check", "--select", "bilingual-quotation-lost-opener"],
        Some(tsv.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));

    let xliff = read(&fixture(XLIFF_2_0));
    let output = mtscrub(&["fix", "--input-format", "xliff"], Some(xliff.as_bytes()));
    assert_eq!(text(&output.stdout), read(&expected(XLIFF_2_0)));
}

#[test]
fn malformed_xml_is_an_error_naming_the_byte() {
    // (fixture, text, its broken form, where in the broken form reading fails)
    for (name, from, to, bad) in [
        (
            XLIFF_1_2,
            "“Satellite photos are serious</g>",
            "“Satellite photos are serious</b>",
            "</b>",
        ),
        (TMX, "<seg>“China expresses", "<seg>& “China expresses", "&"),
    ] {
        let broken = read(&fixture(name)).replacen(from, to, 1);
        let offset = broken.find(to).unwrap() + to.find(bad).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &broken).unwrap();
        for command in ["check", "fix"] {
            let output = mtscrub(&[command, path.to_str().unwrap()], None);
            assert_eq!(output.status.code(), Some(2), "{name} {command}");
            assert!(output.stdout.is_empty(), "{name}: nothing printed");
            let stderr = text(&output.stderr);
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.contains(&format!("malformed XML at byte {offset}:")),
                "{name}: {stderr}"
            );
            assert!(stderr.contains(path.to_str().unwrap()), "{stderr}");
        }
    }
}
