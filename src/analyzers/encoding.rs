//! The encoding analyzer: text that went through the wrong character decoding on its way to
//! the desk, and the characters it was meant to be.
//!
//! Two kinds of damage reach translated wire copy:
//! - `utf8-mojibake`: UTF-8 read as Windows-1252 or Latin-1, so that `“` arrives as `â€œ` and
//!   `é` as `Ã©`. Every character of such damage stands for one byte, so the analyzer takes
//!   each maximal run of characters that do (the Latin-1 upper half, the C1 controls and the
//!   Windows-1252 extras), turns the run back into its bytes and decodes them as UTF-8. A
//!   list of known sequences would miss the ones nobody listed; decoding finds them all, and a
//!   run that is not valid UTF-8 is left alone.
//! - `cp949-punctuation`: Korean copy in CP949 (EUC-KR) read as Latin-1, so that `“…”` arrives
//!   as `¡°…¡±`. In otherwise English text only the punctuation survives this way, so a small
//!   table of the byte pairs is enough. A quotation's two marks are one repair.
//!
//! Valid UTF-8 is not proof: real text holds such runs too (`ZZAJÉ’s` decodes to `ZZAJɒs`,
//! `SELKÄ` and a no-break space to `SELKĠ`). A run is repaired only when what it decodes to is
//! plausible: letters of the Latin alphabets, Greek, Cyrillic, Hebrew or Arabic; CJK, Hangul,
//! Thai or Devanagari letters only in words of two or more; general punctuation, symbols and
//! emoji. Two more rules keep it from reading ordinary text as damage:
//! - a letter pair whose second character is typed punctuation (`Ã’`, `Å™`, `Ã“`) could be a
//!   letter followed by that punctuation; it is repaired only inside a word of its own case
//!   (`HÃ”TEL`, `RÄ«ga`) or when the paragraph has unmistakable damage elsewhere;
//! - a paragraph that also holds genuine punctuation or symbols of the same range (a real `–`
//!   or `©` standing alone) came through the right decoding, at least in part: there, only the
//!   sequences of three or four bytes, which no language writes, are repaired. Quotation
//!   marks and no-break spaces do not count, because editors and publishing systems add them
//!   after the damage is done.

use crate::analyzers::{AnalyzerInput, Checks, Hit, HitEdit};
use crate::ingest::SegmentKind;

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &["utf8-mojibake", "cp949-punctuation"];

/// Windows-1252 characters of the range 0x80–0x9F, by byte (0x81, 0x8D, 0x8F, 0x90 and 0x9D are
/// unassigned and arrive as the C1 control of the same number).
const CP1252_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// Punctuation a writer types right after a letter: as the second character of a pair it may
/// be just that, not half of a damaged letter.
const TYPED_PUNCTUATION: &[char] = &[
    '‚', '„', '…', '†', '‡', '‰', '‹', '‘', '’', '“', '”', '•', '–', '—', '™', '›', '«', '»',
];

/// Genuine characters that say nothing about how a paragraph was decoded, because they are
/// added after the fact (quotation marks curled by an editor, `&nbsp;`).
const ADDED_LATER: &[char] = &['‘', '’', '“', '”', '„', '‚', '«', '»', '‹', '›', '\u{a0}'];

/// CP949 punctuation as read in Latin-1: the second character after `¡`, and what the pair
/// was meant to be.
const CP949_PAIRS: &[(char, char)] = &[
    ('°', '“'),
    ('±', '”'),
    ('®', '‘'),
    ('¯', '’'),
    ('¦', '…'),
    ('¤', '·'),
];

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    let utf8 = checks.is_enabled("utf8-mojibake");
    let cp949 = checks.is_enabled("cp949-punctuation");
    for (segment, view) in input.views.iter().enumerate() {
        if input.doc.segments[segment].kind == SegmentKind::Markup {
            continue;
        }
        let text: &str = &view.text;
        if !might_be_damaged(text) {
            continue;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
        let cp949_found = cp949_repairs(&chars);
        if cp949 {
            for repair in &cp949_found {
                let edits: Vec<HitEdit> = repair
                    .marks
                    .iter()
                    .map(|&(i, mark)| HitEdit {
                        segment,
                        range: chars[i].0..end_of(i + 2),
                        text: mark.to_string(),
                    })
                    .collect();
                let range = edits[0].range.start..edits[edits.len() - 1].range.end;
                out.push(Hit {
                    check: "cp949-punctuation",
                    segment,
                    range,
                    edits: Some(edits),
                });
            }
        }
        let pairs: Vec<usize> = cp949_found
            .iter()
            .flat_map(|r| r.marks.iter().map(|&(i, _)| i))
            .collect();
        if utf8 {
            for repair in utf8_repairs(&chars, &pairs) {
                out.push(Hit::replacing(
                    "utf8-mojibake",
                    segment,
                    chars[repair.start].0..end_of(repair.end),
                    Some(repair.text),
                ));
            }
        }
    }
}

/// Whether `text` holds a character that can start damage: one of `Â`…`ô` (the UTF-8 lead
/// bytes, encoded as C3 82–C3 B4) or `¡` (C2 A1, the CP949 punctuation row). Most text,
/// curly quotes and all, is passed over by this byte scan.
fn might_be_damaged(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xC3, 0xC2, bytes).any(|i| match (bytes[i], bytes.get(i + 1)) {
        (0xC3, Some(next)) => (0x82..=0xB4).contains(next),
        (_, next) => next == Some(&0xA1),
    })
}

/// The lowest and highest code points of the Windows-1252 extras ([`CP1252_HIGH`]).
const CP1252_HIGH_SPAN: (u32, u32) = {
    let (mut lowest, mut highest) = (u32::MAX, 0);
    let mut i = 0;
    while i < CP1252_HIGH.len() {
        let code = CP1252_HIGH[i].0 as u32;
        if code < lowest {
            lowest = code;
        }
        if code > highest {
            highest = code;
        }
        i += 1;
    }
    (lowest, highest)
};

/// The byte a character stands for when UTF-8 was read as Windows-1252 or Latin-1.
///
/// A paragraph that may be damaged is read character by character, most of them ASCII; only
/// characters within the span of the Windows-1252 extras are looked up in their table.
fn byte_of(c: char) -> Option<u8> {
    match c as u32 {
        code @ 0x80..=0xFF => Some(code as u8),
        code if (CP1252_HIGH_SPAN.0..=CP1252_HIGH_SPAN.1).contains(&code) => {
            CP1252_HIGH.iter().find(|(k, _)| *k == c).map(|&(_, b)| b)
        }
        _ => None,
    }
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// A CP949 repair: the pairs (index of `¡`, intended mark) it replaces, two for a quotation
/// whose marks are repaired together, one otherwise.
#[derive(Debug)]
struct Cp949Repair {
    marks: Vec<(usize, char)>,
}

/// The CP949 pairs to repair. A quotation mark counts with its partner: `¡°…¡±` and `¡®…¡¯`
/// are repaired as one quotation; a lone `¡¯` between letters is an apostrophe
/// (`Korea¡¯s`). Lone marks, ellipses and middle dots count only beside a quotation repaired
/// in the same paragraph.
fn cp949_repairs(chars: &[(usize, char)]) -> Vec<Cp949Repair> {
    let found: Vec<(usize, char)> = chars
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].1 == '¡')
        .filter_map(|(i, w)| {
            CP949_PAIRS
                .iter()
                .find(|(second, _)| *second == w[1].1)
                .map(|&(_, mark)| (i, mark))
        })
        .collect();
    let mut repairs = Vec::new();
    let mut lone = Vec::new();
    let mut open: [Option<(usize, char)>; 2] = [None, None];
    for &(i, mark) in &found {
        let kind = usize::from(matches!(mark, '‘' | '’'));
        match mark {
            '“' | '‘' => {
                lone.extend(open[kind].replace((i, mark)));
            }
            '”' | '’' => match open[kind].take() {
                Some(opener) => repairs.push(Cp949Repair {
                    marks: vec![opener, (i, mark)],
                }),
                None => lone.push((i, mark)),
            },
            _ => lone.push((i, mark)),
        }
    }
    lone.extend(open.into_iter().flatten());
    let is_letter = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_alphabetic());
    let quoted = !repairs.is_empty();
    for (i, mark) in lone {
        let apostrophe = mark == '’' && i > 0 && is_letter(i - 1) && is_letter(i + 2);
        if quoted || apostrophe {
            repairs.push(Cp949Repair {
                marks: vec![(i, mark)],
            });
        }
    }
    repairs.sort_by_key(|r| r.marks[0].0);
    repairs
}

/// A repair: chars `start..end` (indexes into the segment's chars) become `text`.
#[derive(Debug)]
struct Repair {
    start: usize,
    end: usize,
    text: String,
}

/// A run that decodes to something plausible, before the paragraph-wide rules.
struct Candidate {
    start: usize,
    end: usize,
    decoded: Vec<Decoded>,
}

/// One character a run decodes to.
#[derive(Clone, Copy)]
struct Decoded {
    ch: char,
    /// How many bytes (and so characters of the run) it took.
    len: usize,
    kind: Kind,
    /// Whether the run's character for its second byte is typed punctuation (`Ã’`, `Å™`), so
    /// that the pair may be a letter followed by that punctuation.
    typed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A Latin letter.
    Latin,
    /// A letter of the Latin Extended Additional block (Vietnamese), which must touch a letter.
    LatinExtended,
    /// Punctuation, a symbol, a space or an emoji.
    Symbol,
    /// A spacing modifier (`˛`, `ˆ`): only beside unmistakable damage in the same run.
    Modifier,
    /// A C1 control from `Â` and a byte 0x80–0x9F: text damaged twice (`Ã¢â‚¬Â\u{9d}`), which
    /// is accepted only when what it decodes to decodes again.
    Layered,
    /// A letter of another script: Greek and Cyrillic as Latin, the others only in words of
    /// two or more letters of that script.
    Script(Script),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Devanagari,
    Thai,
    Han,
    Kana,
    Hangul,
}

/// The runs to repair in one paragraph.
fn utf8_repairs(chars: &[(usize, char)], pairs: &[usize]) -> Vec<Repair> {
    let in_pair = |i: usize| pairs.iter().any(|&p| p == i || p + 1 == i);
    let byte = |i: usize| byte_of(chars[i].1).filter(|_| !in_pair(i));

    let mut candidates = Vec::new();
    // Characters of the range that are not part of a candidate: genuine text.
    let mut genuine: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if byte(i).is_none() {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && byte(end).is_some() {
            end += 1;
        }
        let mut start = i;
        // A continuation byte cannot start a character: leading ones are genuine (`’Ã©`).
        while start < end && byte(start).is_some_and(is_continuation) {
            genuine.push(start);
            start += 1;
        }
        match decode_run(chars, start, end, &byte) {
            Some(candidate) => {
                genuine.extend(candidate.end..end);
                candidates.push(candidate);
            }
            None => genuine.extend(start..end),
        }
        i = end;
    }

    // Unmistakable damage anywhere in the paragraph vouches for ambiguous pairs.
    let unmistakable = candidates
        .iter()
        .any(|c| c.decoded.iter().any(|d| d.len >= 3));
    let mut repairs = Vec::new();
    let mut kept = Vec::new();
    for candidate in candidates {
        if unmistakable || ambiguities_resolve(chars, &candidate) {
            kept.push(candidate);
        } else {
            genuine.extend(candidate.start..candidate.end);
        }
    }
    let mixed = genuine.iter().any(|&g| {
        let c = chars[g].1;
        !c.is_alphabetic() && !ADDED_LATER.contains(&c)
    });
    for candidate in kept {
        if mixed && candidate.decoded.iter().all(|d| d.len == 2) {
            continue;
        }
        repairs.push(Repair {
            start: candidate.start,
            end: candidate.end,
            text: candidate.decoded.iter().map(|d| d.ch).collect(),
        });
    }
    repairs
}

/// Decodes chars `start..end` as the bytes they stand for. Trailing characters that cannot
/// continue what precedes them are left out when they are continuation bytes (genuine
/// punctuation after a damaged letter); any other failure rejects the run.
fn decode_run(
    chars: &[(usize, char)],
    start: usize,
    end: usize,
    byte: &impl Fn(usize) -> Option<u8>,
) -> Option<Candidate> {
    if start == end {
        return None;
    }
    let bytes: Vec<u8> = (start..end).filter_map(byte).collect();
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(e) => {
            let rest = &bytes[e.valid_up_to()..];
            if !rest.iter().all(|&b| is_continuation(b)) {
                return None;
            }
            e.valid_up_to()
        }
    };
    if valid == 0 {
        return None;
    }
    let text = std::str::from_utf8(&bytes[..valid]).ok()?;
    let mut decoded = Vec::new();
    let mut at = 0;
    for ch in text.chars() {
        let len = ch.len_utf8();
        let kind = classify(ch, &bytes[at..at + len])?;
        let typed = TYPED_PUNCTUATION.contains(&chars[start + at + 1].1);
        decoded.push(Decoded {
            ch,
            len,
            kind,
            typed,
        });
        at += len;
    }
    let candidate = Candidate {
        start,
        end: start + valid,
        decoded,
    };
    plausible(chars, &candidate).then_some(candidate)
}

/// What a decoded character is, or `None` when no plausible text holds it.
fn classify(ch: char, bytes: &[u8]) -> Option<Kind> {
    let code = ch as u32;
    match bytes.len() {
        2 if bytes[0] == 0xC2 => match code {
            0xA0..=0xBF => Some(Kind::Symbol),
            _ => Some(Kind::Layered),
        },
        2 if is_latin_letter(ch) => {
            // `Ã` and a no-break space is `à`; after other letters the space is real.
            (bytes[1] != 0xA0 || bytes[0] == 0xC3).then_some(Kind::Latin)
        }
        2 => match code {
            0x386..=0x3CE if ch.is_alphabetic() => Some(Kind::Script(Script::Greek)),
            0x400..=0x45F => Some(Kind::Script(Script::Cyrillic)),
            0x2C6..=0x2DD => Some(Kind::Modifier),
            0x5D0..=0x5EA => Some(Kind::Script(Script::Hebrew)),
            0x621..=0x64A => Some(Kind::Script(Script::Arabic)),
            _ => None,
        },
        3 => match code {
            0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x20A0..=0x20BF
            | 0x2100..=0x214F
            | 0x2190..=0x23FF
            | 0x2500..=0x27BF
            | 0x3000..=0x303F
            | 0xFF01..=0xFF60
            | 0xFFFD => Some(Kind::Symbol),
            0x1E00..=0x1EFF => Some(Kind::LatinExtended),
            0x900..=0x97F => Some(Kind::Script(Script::Devanagari)),
            0xE01..=0xE5B => Some(Kind::Script(Script::Thai)),
            0x3041..=0x30FF => Some(Kind::Script(Script::Kana)),
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(Kind::Script(Script::Han)),
            0xAC00..=0xD7A3 => Some(Kind::Script(Script::Hangul)),
            _ => None,
        },
        4 => (0x1F000..=0x1FAFF).contains(&code).then_some(Kind::Symbol),
        _ => None,
    }
}

/// Latin letters of Latin-1, Latin Extended-A, and the Romanian comma letters.
fn is_latin_letter(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x17F | 0x218..=0x21B) && c != '×' && c != '÷'
}

/// Letters of other scripts come in words; Vietnamese letters touch other letters; modifiers
/// and twice-damaged controls need more damage beside them.
fn plausible(chars: &[(usize, char)], candidate: &Candidate) -> bool {
    let decoded = &candidate.decoded;
    let unmistakable = decoded.iter().any(|d| d.len >= 3);
    decoded.iter().enumerate().all(|(k, d)| match d.kind {
        Kind::Script(script) => {
            let alphabetic = matches!(script, Script::Greek | Script::Cyrillic) && !d.typed;
            alphabetic || decoded.iter().filter(|o| o.kind == d.kind).count() >= 2
        }
        Kind::LatinExtended => {
            let (before, after) = neighbours(chars, candidate, k);
            before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic)
        }
        Kind::Modifier => unmistakable,
        Kind::Layered => unmistakable && decodes_again(decoded),
        Kind::Latin | Kind::Symbol => true,
    })
}

/// Whether a run's decoded text is itself a run that decodes completely and plausibly.
fn decodes_again(decoded: &[Decoded]) -> bool {
    let inner: Vec<(usize, char)> = decoded.iter().enumerate().map(|(i, d)| (i, d.ch)).collect();
    inner.iter().all(|&(_, c)| byte_of(c).is_some())
        && decode_run(&inner, 0, inner.len(), &|i| byte_of(inner[i].1))
            .is_some_and(|again| again.end == inner.len())
}

/// An ambiguous letter stands inside a word of its own case: a capital after a capital
/// (`HÃ”TEL`), a small letter before a small letter (`RÄ«ga`).
fn ambiguities_resolve(chars: &[(usize, char)], candidate: &Candidate) -> bool {
    candidate.decoded.iter().enumerate().all(|(k, d)| {
        if d.kind != Kind::Latin || !d.typed {
            return true;
        }
        let (before, after) = neighbours(chars, candidate, k);
        if d.ch.is_uppercase() {
            before.is_some_and(char::is_uppercase)
        } else {
            after.is_some_and(char::is_lowercase)
        }
    })
}

/// The characters around decoded character `k` as the repaired text will have them.
fn neighbours(
    chars: &[(usize, char)],
    candidate: &Candidate,
    k: usize,
) -> (Option<char>, Option<char>) {
    let before = match k {
        0 => candidate
            .start
            .checked_sub(1)
            .and_then(|i| chars.get(i))
            .map(|&(_, c)| c),
        _ => Some(candidate.decoded[k - 1].ch),
    };
    let after = match candidate.decoded.get(k + 1) {
        Some(d) => Some(d.ch),
        None => chars.get(candidate.end).map(|&(_, c)| c),
    };
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `byte_of` as it was before it skipped characters outside the extras' span: a search
    /// of the table for every character outside the Latin-1 upper half.
    fn byte_of_reference(c: char) -> Option<u8> {
        match c as u32 {
            code @ 0x80..=0xFF => Some(code as u8),
            _ => CP1252_HIGH.iter().find(|(k, _)| *k == c).map(|&(_, b)| b),
        }
    }

    #[test]
    fn byte_of_agrees_with_the_table_search_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(byte_of(c), byte_of_reference(c), "{c:?}");
        }
    }

    #[test]
    fn the_byte_scan_finds_every_possible_start_of_damage() {
        let by_pairs = |text: &str| {
            text.as_bytes().windows(2).any(|w| {
                (w[0] == 0xC3 && (0x82..=0xB4).contains(&w[1])) || (w[0] == 0xC2 && w[1] == 0xA1)
            })
        };
        let texts = [
            "plain",
            "â€œquotedâ€\u{9d}",
            "caf\u{e9}",
            "¡°Korea¡±",
            "À la",
            "Ã",
            "Â",
            "ÿ",
            "õ",
            "ô",
            "¢",
            "“curly” — dash",
            "",
            "\u{a0}x",
            "Ã\u{a1}",
        ];
        for text in texts {
            assert_eq!(might_be_damaged(text), by_pairs(text), "{text:?}");
        }
        assert!(might_be_damaged("â€œ"));
        assert!(!might_be_damaged("“curly” — dash"));
    }

    fn repair(text: &str) -> String {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let cp949 = cp949_repairs(&chars);
        let pairs: Vec<usize> = cp949
            .iter()
            .flat_map(|r| r.marks.iter().map(|&(i, _)| i))
            .collect();
        let mut edits: Vec<(usize, usize, String)> = cp949
            .iter()
            .flat_map(|r| {
                r.marks
                    .iter()
                    .map(|&(i, mark)| (i, i + 2, mark.to_string()))
            })
            .chain(
                utf8_repairs(&chars, &pairs)
                    .into_iter()
                    .map(|r| (r.start, r.end, r.text)),
            )
            .collect();
        edits.sort();
        let mut out = String::new();
        let mut at = 0;
        for (start, end, text) in edits {
            out.extend(chars[at..start].iter().map(|&(_, c)| c));
            out.push_str(&text);
            at = end;
        }
        out.extend(chars[at..].iter().map(|&(_, c)| c));
        out
    }

    #[test]
    fn windows_1252_damage_is_decoded() {
        assert_eq!(
            repair("He said â€œyesâ€\u{9d} and left"),
            "He said “yes” and left"
        );
        assert_eq!(repair("Koreaâ€™s"), "Korea’s");
        assert_eq!(repair("PokÃ©mon"), "Pokémon");
        assert_eq!(repair("HÃ”TEL"), "HÔTEL");
        assert_eq!(repair("í•œêµ\u{ad}ì–´"), "한국어");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "Join ZZAJÉ’s Official Fan List",
            "SELKÄ\u{a0}EDELLÄ",
            "There are a lot of Ã’s in mojibake text",
            "AHÅ™, the new sofa",
            "Charlotte Brontë…”",
            "Bremer/Mccoy – DrÃ¥ber",
            "5×£35",
            "café “été”",
        ] {
            assert_eq!(repair(text), text);
        }
    }

    #[test]
    fn cp949_quotes_need_their_partner() {
        assert_eq!(repair("¡°Yes,¡± he said"), "“Yes,” he said");
        assert_eq!(repair("North Korea¡¯s army"), "North Korea’s army");
        assert_eq!(repair("Only ¡° here"), "Only ¡° here");
        assert_eq!(repair("¡®No¡¯ and ¡¦ more"), "‘No’ and … more");
        assert_eq!(repair("¡Hola! ¿Qué tal?"), "¡Hola! ¿Qué tal?");
    }

    #[test]
    fn only_candidates_trigger_the_scan() {
        assert!(!might_be_damaged("“Curly” quotes — Zürich"));
        assert!(might_be_damaged("cafÃ©"));
        assert!(might_be_damaged("¡°x"));
    }
}
