//! Checks the data in `rules/tables/quote-locales.toml`, the table of
//! quotation-mark conventions that mtscrub's quote analyzers and repairs read.
//!
//! The table is parsed here with its own strict serde structs, independent of
//! the crate's loader, so a typo in a field name or a malformed pair fails
//! this test rather than silently dropping a locale.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Table {
    locale: Vec<Locale>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Locale {
    tag: String,
    languages: Vec<String>,
    primary: Pair,
    secondary: Pair,
    alternatives: Vec<Pair>,
    inner_space: String,
    apostrophe: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Pair {
    open: String,
    close: String,
}

impl std::fmt::Display for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}…{}", self.open, self.close)
    }
}

/// Every tag the mtscrub spec requires, with the `languages` list each must have.
const REQUIRED: &[(&str, &[&str])] = &[
    ("en-US", &["en"]),
    ("en-GB", &[]),
    ("de", &["de"]),
    ("de-CH", &[]),
    ("fr", &["fr"]),
    ("es", &["es"]),
    ("it", &["it"]),
    ("pt", &["pt"]),
    ("pt-BR", &[]),
    ("nl", &["nl"]),
    ("sv", &["sv"]),
    ("fi", &["fi"]),
    ("da", &["da"]),
    ("pl", &["pl"]),
    ("cs", &["cs"]),
    ("ru", &["ru"]),
    ("uk", &["uk"]),
    ("ko", &["ko"]),
    ("ja", &["ja"]),
    ("zh-Hans", &["zh"]),
    ("zh-Hant", &[]),
];

/// Characters allowed as an opening or closing quotation mark.
const QUOTE_CHARS: &[char] = &[
    '“', '”', '‘', '’', '„', '‚', '«', '»', '‹', '›', '「', '」', '『', '』', '"', '\'',
];

fn table_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/tables/quote-locales.toml")
}

fn load_table() -> Table {
    let path = table_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

fn find<'a>(table: &'a Table, tag: &str) -> &'a Locale {
    table
        .locale
        .iter()
        .find(|l| l.tag == tag)
        .unwrap_or_else(|| panic!("locale {tag}: missing from the table"))
}

fn pair(open: &str, close: &str) -> Pair {
    Pair {
        open: open.to_string(),
        close: close.to_string(),
    }
}

/// The named pairs of a locale, for error messages: ("primary", pair), ...
fn named_pairs(locale: &Locale) -> Vec<(String, &Pair)> {
    let mut out = vec![
        ("primary".to_string(), &locale.primary),
        ("secondary".to_string(), &locale.secondary),
    ];
    for (i, p) in locale.alternatives.iter().enumerate() {
        out.push((format!("alternatives[{i}]"), p));
    }
    out
}

#[test]
fn required_tags_present_and_unique() {
    let table = load_table();

    let mut seen = HashSet::new();
    for l in &table.locale {
        assert!(!l.tag.is_empty(), "a locale has an empty tag");
        assert!(
            seen.insert(l.tag.as_str()),
            "locale {}: tag appears more than once",
            l.tag
        );
    }

    for (tag, languages) in REQUIRED {
        let l = find(&table, tag);
        assert_eq!(
            l.languages, *languages,
            "locale {tag}: languages is {:?}, the spec requires {:?}",
            l.languages, languages
        );
    }

    // Norwegian: one entry must be the default for both `nb` and `no`, with « ».
    for code in ["nb", "no"] {
        let l = table
            .locale
            .iter()
            .find(|l| l.languages.iter().any(|c| c == code))
            .unwrap_or_else(|| panic!("language {code}: no locale lists it in `languages`"));
        assert_eq!(
            l.primary,
            pair("«", "»"),
            "locale {} (default for {code}): primary is {}, expected «…»",
            l.tag,
            l.primary
        );
    }
}

#[test]
fn language_codes_unique_and_well_formed() {
    let table = load_table();
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for l in &table.locale {
        for code in &l.languages {
            assert!(
                code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()),
                "locale {}: language code {code:?} is not a lowercase ISO 639-1 code",
                l.tag
            );
            if let Some(first) = owner.insert(code, &l.tag) {
                panic!(
                    "language {code}: listed by both locale {first} and locale {}",
                    l.tag
                );
            }
        }
        // A locale that is the default for a language should carry that
        // language as its primary subtag (e.g. zh-Hans for zh), except the
        // Norwegian macrolanguage grouping under nb.
        let primary_subtag = l.tag.split('-').next().unwrap_or("");
        for code in &l.languages {
            let related = code == primary_subtag
                || (primary_subtag == "nb" && (code == "no" || code == "nn"));
            assert!(
                related,
                "locale {}: is listed as default for language {code}, which is not its own",
                l.tag
            );
        }
    }
}

#[test]
fn marks_are_single_quote_characters() {
    let table = load_table();
    for l in &table.locale {
        for (name, p) in named_pairs(l) {
            for (side, value) in [("open", &p.open), ("close", &p.close)] {
                let mut chars = value.chars();
                let c = chars.next();
                assert!(
                    c.is_some() && chars.next().is_none(),
                    "locale {}: {name}.{side} is {value:?}, expected exactly one character",
                    l.tag
                );
                let c = c.unwrap();
                assert!(
                    QUOTE_CHARS.contains(&c),
                    "locale {}: {name}.{side} is {value:?} (U+{:04X}), not a quotation-mark character",
                    l.tag,
                    c as u32
                );
            }
        }
        for (i, alt) in l.alternatives.iter().enumerate() {
            assert!(
                *alt != l.primary,
                "locale {}: alternatives[{i}] {alt} repeats the primary pair",
                l.tag
            );
        }
        assert!(
            l.apostrophe == "’" || l.apostrophe == "'",
            "locale {}: apostrophe is {:?}, expected \"’\" or \"'\"",
            l.tag,
            l.apostrophe
        );
        if let Some(note) = &l.note {
            assert!(!note.trim().is_empty(), "locale {}: note is empty", l.tag);
        }
    }
}

#[test]
fn inner_space_values() {
    let table = load_table();
    for l in &table.locale {
        assert!(
            l.inner_space == "none" || l.inner_space == "nbsp",
            "locale {}: inner-space is {:?}, expected \"none\" or \"nbsp\"",
            l.tag,
            l.inner_space
        );
    }
    let fr = find(&table, "fr");
    assert_eq!(
        fr.inner_space, "nbsp",
        "locale fr: inner-space is {:?}, French needs \"nbsp\" inside « »",
        fr.inner_space
    );
}

#[test]
fn spec_conventions() {
    let table = load_table();
    // (tag, which pair, expected open, expected close, why)
    let expected: &[(&str, &str, &str, &str, &str)] = &[
        (
            "de",
            "primary",
            "„",
            "“",
            "German opens low „ and closes with “ (U+201C)",
        ),
        ("de", "secondary", "‚", "‘", "German single quotes are ‚…‘"),
        (
            "de-CH",
            "primary",
            "«",
            "»",
            "Swiss German uses « » guillemets",
        ),
        ("sv", "primary", "”", "”", "Swedish uses ” on both sides"),
        (
            "sv",
            "secondary",
            "’",
            "’",
            "Swedish secondary is ’ on both sides",
        ),
        ("fi", "primary", "”", "”", "Finnish uses ” on both sides"),
        (
            "fi",
            "secondary",
            "’",
            "’",
            "Finnish secondary is ’ on both sides",
        ),
        ("da", "primary", "»", "«", "Danish primary is »…«"),
        ("da", "secondary", "›", "‹", "Danish secondary is ›…‹"),
        ("fr", "primary", "«", "»", "French primary is « »"),
        (
            "fr",
            "secondary",
            "“",
            "”",
            "French secondary chosen as “ ”",
        ),
        ("pl", "primary", "„", "”", "Polish closes „ with ” (U+201D)"),
        ("pl", "secondary", "«", "»", "Polish secondary is « »"),
        ("cs", "primary", "„", "“", "Czech primary is „…“"),
        ("cs", "secondary", "‚", "‘", "Czech secondary is ‚…‘"),
        ("ru", "primary", "«", "»", "Russian primary is « »"),
        ("ru", "secondary", "„", "“", "Russian secondary is „…“"),
        ("uk", "primary", "«", "»", "Ukrainian primary is « »"),
        ("uk", "secondary", "„", "“", "Ukrainian secondary is „…“"),
        (
            "pt",
            "primary",
            "«",
            "»",
            "European Portuguese primary is « »",
        ),
        (
            "pt-BR",
            "primary",
            "“",
            "”",
            "Brazilian Portuguese primary is “ ”",
        ),
        ("ko", "primary", "“", "”", "Korean primary is “ ”"),
        ("ko", "secondary", "‘", "’", "Korean secondary is ‘ ’"),
        ("ja", "primary", "「", "」", "Japanese primary is 「 」"),
        ("ja", "secondary", "『", "』", "Japanese secondary is 『 』"),
        (
            "zh-Hans",
            "primary",
            "“",
            "”",
            "Simplified Chinese primary is “ ”",
        ),
        (
            "zh-Hans",
            "secondary",
            "‘",
            "’",
            "Simplified Chinese secondary is ‘ ’",
        ),
        (
            "zh-Hant",
            "primary",
            "「",
            "」",
            "Traditional Chinese primary is 「 」",
        ),
        (
            "zh-Hant",
            "secondary",
            "『",
            "』",
            "Traditional Chinese secondary is 『 』",
        ),
        (
            "en-US",
            "primary",
            "“",
            "”",
            "American English primary is “ ”",
        ),
        (
            "en-US",
            "secondary",
            "‘",
            "’",
            "American English secondary is ‘ ’",
        ),
    ];
    for (tag, which, open, close, why) in expected {
        let l = find(&table, tag);
        let got = match *which {
            "primary" => &l.primary,
            "secondary" => &l.secondary,
            other => unreachable!("bad pair name {other}"),
        };
        assert_eq!(
            *got,
            pair(open, close),
            "locale {tag}: {which} is {got}, expected {open}…{close} ({why})"
        );
    }

    let de_ch = find(&table, "de-CH");
    assert_eq!(
        de_ch.inner_space, "none",
        "locale de-CH: inner-space is {:?}, Swiss guillemets take no spaces",
        de_ch.inner_space
    );

    let da = find(&table, "da");
    assert!(
        da.alternatives.contains(&pair("„", "“")),
        "locale da: alternatives {:?} lack „…“",
        da.alternatives
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    );

    // 「」 and 『』 in Korean or Simplified Chinese news copy are leftovers of Japanese or
    // Traditional-script sources, repaired to the locale's marks: they must not be accepted.
    for tag in ["ko", "zh-Hans"] {
        let locale = find(&table, tag);
        for (open, close) in [("「", "」"), ("『", "』")] {
            assert!(
                !locale.alternatives.contains(&pair(open, close)),
                "locale {tag}: {open}…{close} must not be an accepted alternative"
            );
        }
    }

    let fr = find(&table, "fr");
    assert!(
        fr.note.as_deref().is_some_and(|n| !n.trim().is_empty()),
        "locale fr: needs a note stating the choice of secondary quotes"
    );
}

/// The peer typograf data: locale -> (primary, secondary) taken from the first
/// two characters of its `left` and `right` strings.
fn load_typograf(path: &Path) -> Option<BTreeMap<String, (Pair, Pair)>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let raw: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for (loc, v) in raw {
        let side = |key: &str| -> Vec<char> {
            let s = v
                .get(key)
                .and_then(|s| s.as_str())
                .unwrap_or_else(|| panic!("typograf locale {loc}: no string field {key:?}"));
            let chars: Vec<char> = s.chars().collect();
            assert!(
                chars.len() >= 2,
                "typograf locale {loc}: {key} {s:?} has fewer than two characters"
            );
            chars
        };
        let left = side("left");
        let right = side("right");
        out.insert(
            loc,
            (
                pair(&left[0].to_string(), &right[0].to_string()),
                pair(&left[1].to_string(), &right[1].to_string()),
            ),
        );
    }
    Some(out)
}

#[test]
fn agrees_with_typograf_peer_data() {
    let rel = "../shared/peers/typograf/locale_quotes.json";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let Some(peer) = load_typograf(&path) else {
        eprintln!("skipped: {rel} not found");
        return;
    };

    let table = load_table();
    let mut compared = 0usize;
    let mut documented = Vec::new();
    let mut failures = Vec::new();

    for l in &table.locale {
        // Match on the full tag first, then on the tag's language subtag,
        // then on any language code the entry is the default for.
        let primary_subtag = l.tag.split('-').next().unwrap_or(&l.tag).to_string();
        let candidates = std::iter::once(l.tag.clone())
            .chain(std::iter::once(primary_subtag))
            .chain(l.languages.iter().cloned());
        let Some((key, (p_primary, p_secondary))) = candidates
            .into_iter()
            .find_map(|k| peer.get(&k).map(|v| (k, v)))
        else {
            continue;
        };
        compared += 1;

        let mut diffs = Vec::new();
        if l.primary != *p_primary {
            diffs.push(format!(
                "primary {} vs typograf {key} {}",
                l.primary, p_primary
            ));
        }
        if l.secondary != *p_secondary {
            diffs.push(format!(
                "secondary {} vs typograf {key} {}",
                l.secondary, p_secondary
            ));
        }
        if diffs.is_empty() {
            continue;
        }
        let explained = l
            .note
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains("typograf"));
        if explained {
            documented.push(format!("{}: {}", l.tag, diffs.join("; ")));
        } else {
            failures.push(format!(
                "locale {}: {} (add a note mentioning typograf if deliberate)",
                l.tag,
                diffs.join("; ")
            ));
        }
    }

    eprintln!("compared {compared} locales with typograf");
    for d in &documented {
        eprintln!("documented difference: {d}");
    }
    assert!(
        failures.is_empty(),
        "undocumented differences from typograf:\n{}",
        failures.join("\n")
    );
    assert!(
        compared > 0,
        "no locale of the table matched typograf's {rel}; the lookup is broken"
    );
}
