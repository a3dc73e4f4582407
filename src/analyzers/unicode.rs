//! The Unicode analyzer: characters a reader cannot see or cannot tell apart, which a pattern
//! cannot judge without knowing where a segment sits or what a word is made of.
//!
//! - `not-nfc`: decomposed text (`e` + U+0301 for `é`). The normalize stage already built each
//!   segment's NFC view and knows which chunks it changed; each chunk whose source is not NFC
//!   is reported with its composed form as the repair, so the source ends up as the rules read
//!   it. (Chunks that only decode an escape such as `&eacute;` are how the format writes text.)
//! - `bom-inside`: a byte order mark (U+FEFF) anywhere but at the very start of the document,
//!   where it belongs; elsewhere it is a zero-width no-break space left by pasting files
//!   together. Whether a mark is at the start is a question about the document, not the text
//!   a pattern sees.
//! - `mixed-script`: a word whose letters come from Latin and Cyrillic or Greek, where the
//!   letters of the smaller script all look like letters of the larger (`SENSЕ` with a Cyrillic
//!   `Е`). Spell-checkers, search and readers' eyes disagree about such words; which letter was
//!   meant is for a person to decide, so there is no repair. Words such as `IL2RγcKO`, whose
//!   Greek letter looks like no Latin one, are scientific notation and are left alone.

use std::ops::Range;

use unicode_normalization::is_nfc;

use crate::analyzers::{AnalyzerInput, Checks, Hit};
use crate::ingest::SegmentKind;

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &["not-nfc", "bom-inside", "mixed-script"];

/// Cyrillic and Greek letters that look like Latin ones.
const LIKE_LATIN: &str = "АВЕЅІЈКМНОРСТУХаеѕіјорсухԁһӏӀΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρ";
/// Latin letters that look like Cyrillic or Greek ones.
const LIKE_OTHERS: &str = "ABCEHIJKMNOPSTXYZabceijkopsvxy";

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    let nfc = checks.is_enabled("not-nfc");
    let bom = checks.is_enabled("bom-inside");
    let mixed = checks.is_enabled("mixed-script");
    for (segment, view) in input.views.iter().enumerate() {
        if input.doc.segments[segment].kind == SegmentKind::Markup || view.text.is_ascii() {
            continue;
        }
        if nfc && view.is_changed() {
            // Chunks changed by decoding an escape (`&eacute;`) are written as they should be.
            for (range, source) in view.changed_ranges() {
                if is_nfc(&input.doc.source[source]) {
                    continue;
                }
                let composed = view.text[range.clone()].to_string();
                out.push(Hit::replacing("not-nfc", segment, range, Some(composed)));
            }
        }
        if bom {
            let at_document_start = input.doc.segments[segment].range.start == 0;
            for at in byte_order_marks(&view.text) {
                if !(at == 0 && at_document_start) {
                    out.push(Hit::replacing(
                        "bom-inside",
                        segment,
                        at..at + '\u{feff}'.len_utf8(),
                        Some(String::new()),
                    ));
                }
            }
        }
        if mixed {
            for range in mixed_script_words(&view.text) {
                out.push(Hit::replacing("mixed-script", segment, range, None));
            }
        }
    }
}

/// Where `text` holds U+FEFF (EF BB BF in UTF-8).
///
/// Its first byte only ever starts a character, so each one found and followed by the other
/// two is a mark at a character boundary. The search runs on every paragraph that is not all
/// ASCII; memchr's vectorised loop reads a short paragraph for less than the standard
/// library's search for a `char`.
fn byte_order_marks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xEF, bytes).filter(move |&at| bytes[at + 1..].starts_with(&[0xBB, 0xBF]))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        _ => Script::Other,
    }
}

/// Byte ranges of the words that mix look-alike letters of Latin, Greek and Cyrillic.
fn mixed_script_words(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if !has_greek_or_cyrillic(text) {
        return found;
    }
    let mut word: Option<usize> = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphabetic(), word) {
            (true, None) => word = Some(at),
            (false, Some(start)) => {
                if is_mixed(&text[start..at]) {
                    found.push(start..at);
                }
                word = None;
            }
            _ => {}
        }
    }
    found
}

/// Whether `text` may hold a Greek or Cyrillic letter: a byte that starts U+0340–U+053F, or
/// Greek Extended (U+1F00–U+1FFF, E1 BC–BF). Without one no word can mix scripts, and the
/// word-by-word reading is skipped.
fn has_greek_or_cyrillic(text: &str) -> bool {
    // Candidates through a table, sixteen bytes at a time (a loop without an early exit, which
    // the compiler vectorizes); a chunk with one is read byte by byte.
    const LEADS: [bool; 256] = {
        let mut leads = [false; 256];
        let mut b = 0xCD;
        while b <= 0xD4 {
            leads[b] = true;
            b += 1;
        }
        leads[0xE1] = true;
        leads
    };
    let bytes = text.as_bytes();
    let at = |i: usize| {
        let b = bytes[i];
        (0xCD..=0xD4).contains(&b) || (b == 0xE1 && matches!(bytes.get(i + 1), Some(0xBC..=0xBF)))
    };
    let mut chunks = bytes.chunks_exact(16);
    for (n, chunk) in chunks.by_ref().enumerate() {
        if chunk
            .iter()
            .fold(false, |any, &b| any | LEADS[usize::from(b)])
            && (n * 16..n * 16 + 16).any(at)
        {
            return true;
        }
    }
    (bytes.len() - chunks.remainder().len()..bytes.len()).any(at)
}

/// Whether a word mixes scripts, with the letters of the smaller script (either one, when
/// they are as many) all looking like letters of the larger.
fn is_mixed(word: &str) -> bool {
    if word.is_ascii() {
        return false;
    }
    let mut counts = [0usize; 3];
    let mut all_alike = [true; 3];
    for c in word.chars() {
        let (index, alike) = match script_of(c) {
            Script::Latin => (0, LIKE_OTHERS.contains(c)),
            Script::Greek => (1, LIKE_LATIN.contains(c)),
            Script::Cyrillic => (2, LIKE_LATIN.contains(c)),
            Script::Other => return false,
        };
        counts[index] += 1;
        all_alike[index] &= alike;
    }
    let present: Vec<usize> = (0..3).filter(|&i| counts[i] > 0).collect();
    if present.len() < 2 {
        return false;
    }
    let fewest = present.iter().map(|&i| counts[i]).min().unwrap_or(0);
    present.iter().any(|&i| counts[i] == fewest && all_alike[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(9),
            failure_persistence: None,
            ..Default::default()
        })]

        /// The chunked scan finds a Greek or Cyrillic lead byte wherever it is.
        #[test]
        fn the_scan_finds_greek_and_cyrillic_anywhere(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', ' ', 'é', '“', '한', 'ж', 'Ω', 'ἀ', 'ḁ', '\u{1e00}', '\u{340}', 'x', 'y', 'z',
            ]),
            0..70,
        )) {
            let text: String = chars.into_iter().collect();
            let bytes = text.as_bytes();
            let expected = bytes.iter().enumerate().any(|(i, &b)| {
                (0xCD..=0xD4).contains(&b)
                    || (b == 0xE1 && matches!(bytes.get(i + 1), Some(0xBC..=0xBF)))
            });
            proptest::prop_assert_eq!(has_greek_or_cyrillic(&text), expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(10),
            failure_persistence: None,
            ..Default::default()
        })]

        /// The byte search finds the marks `match_indices` finds, among characters that share
        /// their bytes (EF lead bytes, BB and BF continuations).
        #[test]
        fn byte_order_marks_are_found_as_by_match_indices(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', ' ', '\u{feff}', '\u{fefe}', '\u{ff1f}', '（', '\u{ef}', '\u{bb}', '\u{bf}',
                '\u{3bf}', '\u{fbbf}', '\u{efbb}', '日', '“',
            ]),
            0..70,
        )) {
            let text: String = chars.into_iter().collect();
            let expected: Vec<usize> = text.match_indices('\u{feff}').map(|(at, _)| at).collect();
            proptest::prop_assert_eq!(byte_order_marks(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn look_alikes_inside_a_word_are_found() {
        assert_eq!(mixed_script_words("SENSЕ - Oleg"), vec![0..6]);
        assert_eq!(mixed_script_words("Москвa river").len(), 1);
        assert_eq!(mixed_script_words("Ρaris"), vec![0..6]);
    }

    #[test]
    fn real_words_and_notation_are_not() {
        for text in [
            "IL2RγcKO mice",
            "5 μm thick",
            "Москва and Athens (Αθήνα)",
            "café naïve Ærø",
            "β-blocker",
        ] {
            assert!(mixed_script_words(text).is_empty(), "{text}");
        }
    }
}
