//! Numbers as values, so that a translation's numbers can be compared with its source's.
//!
//! A translation rewrites how a number is written but must keep its value: `1,000` in English
//! is `1.000` in German and `1 000` in French, `3.5` becomes `3,5`, and a Korean `3만` (3 ×
//! 10,000) or `1억 2천만` is `30,000` or `120 million` in English. So numbers are read with
//! their digit grouping, decimal mark and magnitude words (만, 億, million, Milliarde) into
//! values, and values are compared. A grouping that could be either (`1.000`, `1,000`) is read
//! as thousands on both sides, which keeps the comparison symmetric. Dotted sequences
//! (`2024.10.26`) are separate numbers.
//!
//! Translations also write small numbers and months as words (`3명` → `three people`,
//! `10월 26일` → `Oct. 26`), and sources write them in Han numerals or native Korean
//! numerals. Such words are read as values too, but only to account for a number on the other
//! side: a word is never reported as missing or extra.

use std::ops::Range;

use super::script::{self, Script};
use crate::language::{primary, Lang};

/// A number in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub range: Range<usize>,
    pub value: f64,
    /// Written as a word (`three`, `October`, `三`), not in digits.
    pub word: bool,
}

/// Magnitude characters of Korean, Japanese and Chinese.
const CJK_UNITS: &[(char, f64)] = &[
    ('십', 10.0),
    ('백', 100.0),
    ('천', 1e3),
    ('만', 1e4),
    ('억', 1e8),
    ('조', 1e12),
    ('十', 10.0),
    ('百', 100.0),
    ('千', 1e3),
    ('万', 1e4),
    ('萬', 1e4),
    ('億', 1e8),
    ('亿', 1e8),
    ('兆', 1e12),
];

/// Magnitude words written after a number, lower case. `billion` is 10^9 except in German,
/// where `Billion` is 10^12 (see [`scale_word`]).
const SCALE_WORDS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("thousands", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mn", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("trillions", 1e12),
    ("tn", 1e12),
    ("tausend", 1e3),
    ("millionen", 1e6),
    ("mio", 1e6),
    ("milliarde", 1e9),
    ("milliarden", 1e9),
    ("mrd", 1e9),
    ("milliard", 1e9),
    ("milliards", 1e9),
    ("billionen", 1e12),
];

/// Number words, lower case, of the languages translations are most often checked in.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("dozen", 12.0),
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("eins", 1.0),
    ("ein", 1.0),
    ("eine", 1.0),
    ("zwei", 2.0),
    ("drei", 3.0),
    ("vier", 4.0),
    ("fünf", 5.0),
    ("sechs", 6.0),
    ("sieben", 7.0),
    ("acht", 8.0),
    ("neun", 9.0),
    ("zehn", 10.0),
    ("elf", 11.0),
    ("zwölf", 12.0),
    ("un", 1.0),
    ("une", 1.0),
    ("deux", 2.0),
    ("trois", 3.0),
    ("quatre", 4.0),
    ("cinq", 5.0),
    ("dix", 10.0),
    ("uno", 1.0),
    ("una", 1.0),
    ("dos", 2.0),
    ("tres", 3.0),
    ("cuatro", 4.0),
    ("cinco", 5.0),
    ("diez", 10.0),
    // Native Korean numerals, as written before a counter (`세 명`, three people).
    ("한", 1.0),
    ("두", 2.0),
    ("세", 3.0),
    ("네", 4.0),
    ("다섯", 5.0),
    ("여섯", 6.0),
    ("일곱", 7.0),
    ("여덟", 8.0),
    ("아홉", 9.0),
    ("열", 10.0),
];

/// Month names, as written (capitalized; abbreviations without their period).
const MONTHS: &[(&str, f64)] = &[
    ("January", 1.0),
    ("Jan", 1.0),
    ("February", 2.0),
    ("Feb", 2.0),
    ("March", 3.0),
    ("Mar", 3.0),
    ("April", 4.0),
    ("Apr", 4.0),
    ("May", 5.0),
    ("June", 6.0),
    ("Jun", 6.0),
    ("July", 7.0),
    ("Jul", 7.0),
    ("August", 8.0),
    ("Aug", 8.0),
    ("September", 9.0),
    ("Sept", 9.0),
    ("Sep", 9.0),
    ("October", 10.0),
    ("Oct", 10.0),
    ("November", 11.0),
    ("Nov", 11.0),
    ("December", 12.0),
    ("Dec", 12.0),
    ("Januar", 1.0),
    ("Februar", 2.0),
    ("März", 3.0),
    ("Mai", 5.0),
    ("Juni", 6.0),
    ("Juli", 7.0),
    ("Oktober", 10.0),
    ("Dezember", 12.0),
];

/// Han numerals, read one character at a time.
const HAN_NUMERALS: &[(char, f64)] = &[
    ('一', 1.0),
    ('二', 2.0),
    ('三', 3.0),
    ('四', 4.0),
    ('五', 5.0),
    ('六', 6.0),
    ('七', 7.0),
    ('八', 8.0),
    ('九', 9.0),
    ('十', 10.0),
    ('两', 2.0),
];

/// Separators that may group thousands: `1,000`, `1.000`, `1 000`, `1'000`.
fn groups_thousands(c: char) -> bool {
    matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - 0xFF10) as u8),
        _ => None,
    }
}

/// The numbers of `text` outside the `masked` ranges (links and placeholders, compared on
/// their own), digits and words, in order. `lang` is the text's language where known.
pub fn numbers(text: &str, masked: &[Range<usize>], lang: Option<Lang>) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let is_masked = |pos: usize| masked.iter().any(|m| m.contains(&pos));
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if is_masked(pos) {
            i += 1;
            continue;
        }
        if digit(c).is_some() {
            let read = read_digits(&chars, i);
            i = read.end;
            for (start, end, value) in read.numbers {
                let mut number = Number {
                    range: at(start)..at(end),
                    value,
                    word: false,
                };
                if read.magnitude {
                    i = scale(&chars, text, end, lang, &mut number).max(i);
                }
                out.push(number);
            }
            if let Some(last) = out.last_mut() {
                i = compound(&chars, text, i, last).max(i);
            }
            continue;
        }
        if let Some(&(_, value)) = HAN_NUMERALS.iter().find(|(n, _)| *n == c) {
            out.push(Number {
                range: pos..pos + c.len_utf8(),
                value,
                word: true,
            });
            i += 1;
            continue;
        }
        if c.is_alphabetic() {
            // Han and kana are written without spaces: no word boundaries to read there.
            let spaced = |c: char| c.is_alphabetic() && script::of(c) != Some(Script::Cjk);
            if !spaced(c) {
                i += 1;
                continue;
            }
            while i < chars.len() && spaced(chars[i].1) {
                i += 1;
            }
            let word = &text[pos..at(i)];
            if let Some(value) = word_value(word) {
                out.push(Number {
                    range: pos..at(i),
                    value,
                    word: true,
                });
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The value of a number word or month name.
fn word_value(word: &str) -> Option<f64> {
    if let Some(&(_, value)) = MONTHS.iter().find(|(m, _)| *m == word) {
        return Some(value);
    }
    let lower = word.to_lowercase();
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|&(_, value)| value)
}

/// Numbers read from a run of digits: their char index ranges and values.
struct Read {
    numbers: Vec<(usize, usize, f64)>,
    /// The run may take a magnitude word (it is one number, not a dotted sequence).
    magnitude: bool,
    /// Char index after the run.
    end: usize,
}

/// Reads the digits at char `i` with their grouping and decimal part.
fn read_digits(chars: &[(usize, char)], i: usize) -> Read {
    let run = |from: usize| -> (String, usize) {
        let mut digits = String::new();
        let mut j = from;
        while let Some(d) = chars.get(j).and_then(|c| digit(c.1)) {
            digits.push((b'0' + d) as char);
            j += 1;
        }
        (digits, j)
    };
    let (first, mut j) = run(i);
    let mut integer = first.clone();
    let mut fraction = String::new();
    let mut thousands: Option<char> = None;
    while let Some(&(_, sep)) = chars.get(j) {
        let (group, after) = run(j + 1);
        if group.is_empty() || !(groups_thousands(sep) || sep == '.' || sep == ',') {
            break;
        }
        let next_continues = chars.get(after).is_some_and(|c| c.1 == sep)
            && chars.get(after + 1).is_some_and(|c| digit(c.1).is_some());
        if groups_thousands(sep)
            && group.len() == 3
            && first.len() <= 3
            && thousands.is_none_or(|t| t == sep)
        {
            integer.push_str(&group);
            thousands = Some(sep);
            j = after;
            continue;
        }
        if matches!(sep, '.' | ',') && thousands != Some(sep) {
            if next_continues && thousands.is_none() {
                // A dotted sequence: a date, a version, a score.
                return dotted(chars, i, sep);
            }
            fraction = group;
            j = after;
        }
        break;
    }
    let value = format!("{integer}.{fraction}0").parse().unwrap_or(0.0);
    Read {
        numbers: vec![(i, j, value)],
        magnitude: true,
        end: j,
    }
}

/// Each part of a dotted sequence (`2024.10.26`) as a number of its own.
fn dotted(chars: &[(usize, char)], i: usize, sep: char) -> Read {
    let mut numbers = Vec::new();
    let mut j = i;
    loop {
        let start = j;
        let mut value = 0f64;
        while let Some(d) = chars.get(j).and_then(|c| digit(c.1)) {
            value = value * 10.0 + f64::from(d);
            j += 1;
        }
        numbers.push((start, j, value));
        let more = chars.get(j).is_some_and(|c| c.1 == sep)
            && chars.get(j + 1).is_some_and(|c| digit(c.1).is_some());
        if !more {
            break;
        }
        j += 1;
    }
    Read {
        numbers,
        magnitude: false,
        end: j,
    }
}

/// Applies magnitude characters or a magnitude word after the number ending at char `end`;
/// returns the char index after what was read.
fn scale(
    chars: &[(usize, char)],
    text: &str,
    end: usize,
    lang: Option<Lang>,
    n: &mut Number,
) -> usize {
    let unit_at = |j: usize| {
        chars
            .get(j)
            .and_then(|c| CJK_UNITS.iter().find(|(u, _)| *u == c.1))
            .map(|&(_, v)| v)
    };
    let mut j = end;
    if unit_at(j).is_some() {
        while let Some(unit) = unit_at(j) {
            n.value *= unit;
            j += 1;
        }
        n.range.end = chars.get(j).map_or(text.len(), |c| c.0);
        return j;
    }
    // A word, directly after the number (`3.5bn`) or after one space (`1.2 million`).
    let start = match chars.get(j) {
        Some((_, ' ' | '\u{a0}')) => j + 1,
        _ => j,
    };
    let mut k = start;
    while chars.get(k).is_some_and(|c| c.1.is_alphabetic()) {
        k += 1;
    }
    if k == start || chars.get(k).is_some_and(|c| c.1.is_alphanumeric()) {
        return end;
    }
    let word_end = chars.get(k).map_or(text.len(), |c| c.0);
    let word = text[chars[start].0..word_end].to_lowercase();
    let german = lang.is_some_and(|l| primary(l) == "de");
    let factor = match word.as_str() {
        "billion" if german => Some(1e12),
        _ => SCALE_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|&(_, v)| v),
    };
    match factor {
        Some(factor) => {
            n.value *= factor;
            n.range.end = word_end;
            k
        }
        None => end,
    }
}

/// Joins the parts of a number written in descending magnitudes (`1억 2천만`, `3만5000`)
/// into `n`, from char `i`; returns the char index after what was joined.
fn compound(chars: &[(usize, char)], text: &str, mut i: usize, n: &mut Number) -> usize {
    let ends_in_unit = |n: &Number| {
        text[..n.range.end]
            .chars()
            .next_back()
            .and_then(|c| CJK_UNITS.iter().find(|(u, _)| *u == c))
            .map(|&(_, v)| v)
    };
    while let Some(unit) = ends_in_unit(n).filter(|u| *u >= 1e4) {
        let start = match chars.get(i) {
            Some((_, ' ')) => i + 1,
            _ => i,
        };
        if chars.get(start).is_none_or(|c| digit(c.1).is_none()) {
            break;
        }
        let read = read_digits(chars, start);
        let [(_, end, value)] = read.numbers[..] else {
            break;
        };
        let mut part = Number {
            range: chars[start].0..chars.get(end).map_or(text.len(), |c| c.0),
            value,
            word: false,
        };
        let next = scale(chars, text, end, None, &mut part).max(end);
        if part.value >= unit {
            break;
        }
        n.value += part.value;
        n.range.end = part.range.end;
        i = next;
    }
    i
}

/// Numbers of the source the target lacks, and numbers of the target the source lacks (as
/// indexes). A word on one side accounts for a digit number on the other but is never
/// reported itself.
pub fn compare(source: &[Number], target: &[Number]) -> (Vec<usize>, Vec<usize>) {
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mut source_used = vec![false; source.len()];
    let mut target_used = vec![false; target.len()];
    let take = |from: &Number, words: bool, used: &mut [bool], side: &[Number]| {
        let found = side
            .iter()
            .enumerate()
            .position(|(k, n)| !used[k] && n.word == words && same(n.value, from.value));
        if let Some(k) = found {
            used[k] = true;
        }
        found.is_some()
    };
    // Digits against digits first, then what is left against words.
    for (k, n) in source.iter().enumerate().filter(|(_, n)| !n.word) {
        if take(n, false, &mut target_used, target) {
            source_used[k] = true;
        }
    }
    let mut missing = Vec::new();
    for (k, n) in source.iter().enumerate() {
        if !n.word && !source_used[k] && !take(n, true, &mut target_used, target) {
            missing.push(k);
        }
    }
    let mut extra = Vec::new();
    for (k, n) in target.iter().enumerate() {
        if !n.word && !target_used[k] && !take(n, true, &mut source_used, source) {
            extra.push(k);
        }
    }
    (missing, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        numbers(text, &[], Some("en"))
            .into_iter()
            .filter(|n| !n.word)
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn grouping_and_decimal_marks() {
        assert_eq!(values("1,000 and 1.000 and 1 000"), [1000.0; 3]);
        assert_eq!(values("3.5% or 3,5 %"), [3.5, 3.5]);
        assert_eq!(values("1,234,567.89"), [1234567.89]);
        assert_eq!(values("2024.10.26"), [2024.0, 10.0, 26.0]);
        assert_eq!(values("on 2024. Then 10:30"), [2024.0, 10.0, 30.0]);
        assert_eq!(values("１０月"), [10.0]);
    }

    #[test]
    fn magnitudes() {
        assert_eq!(values("3만 명"), [30000.0]);
        assert_eq!(values("1억 2천만 원"), [1.2e8]);
        assert_eq!(values("3만5000명"), [35000.0]);
        assert_eq!(values("3조5000억 원"), [3.5e12]);
        assert_eq!(values("120 million won, $3.5bn"), [1.2e8, 3.5e9]);
        assert_eq!(values("5万人"), [50000.0]);
        assert_eq!(values("총3만명"), [30000.0]);
        assert_eq!(values("G7 summit"), [7.0]);
    }

    #[test]
    fn words_account_for_digits_but_are_never_reported() {
        let source = numbers("10월 26일 3명이 2024년", &[], None);
        let target = numbers("Three people on Oct. 26, 2024, one said", &[], Some("en"));
        assert_eq!(compare(&source, &target), (vec![], vec![]));

        let source = numbers("1,000명 중 30명", &[], None);
        let target = numbers("30 of 100 people", &[], Some("en"));
        let (missing, extra) = compare(&source, &target);
        assert_eq!(missing.len(), 1);
        assert_eq!(source[missing[0]].value, 1000.0);
        assert_eq!(extra.len(), 1);
        assert_eq!(target[extra[0]].value, 100.0);
    }

    #[test]
    fn masked_ranges_are_skipped() {
        let text = "see {0} at 2";
        let found: Vec<f64> = numbers(text, std::slice::from_ref(&(4..7)), None)
            .iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(found, [2.0]);
    }
}
