//! Ruling segments out before the rule automaton reads them, by the byte pairs every match
//! of a rule must hold.
//!
//! The automaton of [`super::Plan`] reads every byte of every segment with two dependent loads
//! (the byte's class, then the transition): about two nanoseconds a byte, a fifth of `fix`.
//! Yet most segments match no rule, and each pattern can only match where certain bytes stand
//! side by side: `spacing-repeated` needs two spaces, a credit an `=` before a space or a
//! capital, a rule for a CJK punctuation mark the last two bytes of that mark. This module
//! works out, from the syntax of each pattern as the automaton has it, a set of such *grams*
//! of which every match holds at least one. A segment holding no gram of any pattern is not
//! read by the automaton at all. The look-up is one load a byte from a bit table of the 65,536
//! byte pairs, independent of the byte before, so several bytes are looked up at once.
//!
//! A gram is a pair of bytes, and what may follow it when that matters: after a comma, a
//! letter of the Letterlike Symbols block starts with `E2 81`–`E2 BF`, while the closing
//! curly quote that follows a comma in every quotation is `E2 80`, so `,` `E2` counts only
//! when a byte from `81` to `BF` comes next.
//!
//! The sets are sound by construction: every match of a pattern holds one of its grams. Where
//! a pattern offers several sets (before its comma, after it, inside a repeated letter), the
//! one picked is the least common in a sample of prose ([`commonness`]); the model decides only
//! how many segments the automaton still reads, never what is found. A set with a common pair
//! is not taken even when what must follow the pair is rare, as the pair is looked up wherever
//! it occurs; a rule set with a pattern whose sets all have one (a pattern of plain words) gets
//! no prefilter.
//!
//! Building the prefilter takes about two milliseconds, so it is built for long inputs only
//! ([`super::Plan::expect_long_text`]): a plain text read in many pieces, a large JSON Lines
//! file. On 10 MB of English news it leaves 8,660 of 55,490 paragraphs to the automaton
//! (8,359 match a rule), its scan takes 4.7 ms against the automaton's 17 ms, and `fix` takes
//! 7–8% less time (BENCHMARKS.md).

use std::collections::BTreeMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look};
use regex_syntax::utf8::Utf8Sequences;

mod commonness;

use commonness::Commonness;

/// A set of bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const ALL: ByteSet = ByteSet([u64::MAX; 4]);

    fn of(bytes: &[u8]) -> ByteSet {
        let mut set = ByteSet::default();
        for &b in bytes {
            set.add_range(b, b);
        }
        set
    }

    fn range(start: u8, end: u8) -> ByteSet {
        let mut set = ByteSet::default();
        set.add_range(start, end);
        set
    }

    fn add_range(&mut self, start: u8, end: u8) {
        for b in start..=end {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn union(self, other: ByteSet) -> ByteSet {
        ByteSet(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }

    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn complement(self) -> ByteSet {
        ByteSet(self.0.map(|w| !w))
    }

    fn intersection(self, other: ByteSet) -> ByteSet {
        ByteSet(std::array::from_fn(|i| self.0[i] & other.0[i]))
    }

    /// The bytes in order.
    fn iter(self) -> impl Iterator<Item = u8> {
        (0..4usize).flat_map(move |i| {
            let mut word = self.0[i];
            std::iter::from_fn(move || {
                let bit = word.trailing_zeros();
                (word != 0).then(|| {
                    word &= word - 1;
                    (i * 64) as u8 + bit as u8
                })
            })
        })
    }
}

/// Grams: every byte of `firsts` followed by every byte of `seconds`, then by a byte of
/// `then` ([`ByteSet::ALL`]: any byte, or none). A pattern's set of grams is a list of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Grams {
    firsts: ByteSet,
    seconds: ByteSet,
    then: ByteSet,
}

impl Grams {
    fn len(&self) -> usize {
        self.firsts.len() * self.seconds.len()
    }

    /// Every gram, as its two bytes.
    fn pairs(&self) -> impl Iterator<Item = (u8, u8)> + '_ {
        self.firsts
            .iter()
            .flat_map(|a| self.seconds.iter().map(move |b| (a, b)))
    }
}

/// Most grams one set may hold: a set larger than this says little and costs much to build.
const MAX_GRAMS: usize = 4096;
/// Most ranges a class may have for the pairs inside its characters to be worked out: the
/// pairs of a class of many ranges are better taken from around it.
const MAX_CLASS_RANGES: usize = 16;
/// Share of the byte positions of prose from which a pair is too common to be looked up even
/// when what follows it decides: `t` and a space, which end many English words.
const COMMON_PAIR: f64 = 1.0 / 512.0;

fn size(set: &[Grams]) -> usize {
    set.iter().map(Grams::len).sum()
}

/// The first bytes of a pattern's non-empty matches, and for each of them that starts a
/// multi-byte character the bytes that may follow it (absent: any).
#[derive(Clone, Debug, Default)]
struct Starts {
    bytes: ByteSet,
    after_lead: BTreeMap<u8, ByteSet>,
}

impl Starts {
    fn union(mut self, other: &Starts) -> Starts {
        for (&lead, &next) in &other.after_lead {
            let known = self.bytes.contains(lead);
            match self.after_lead.get_mut(&lead) {
                Some(set) => *set = set.union(next),
                // Already a first byte with any next byte: stays so.
                None if known => {}
                None => {
                    self.after_lead.insert(lead, next);
                }
            }
        }
        for lead in other.bytes.iter() {
            if self.bytes.contains(lead) && !other.after_lead.contains_key(&lead) {
                self.after_lead.remove(&lead);
            }
        }
        self.bytes = self.bytes.union(other.bytes);
        self
    }
}

/// What the grams of a pattern (or part of one) are worked out from.
#[derive(Clone, Debug)]
struct Info {
    /// Whether it matches the empty string.
    empty: bool,
    /// The first bytes of its non-empty matches.
    first: Starts,
    /// The last bytes of its non-empty matches.
    last: ByteSet,
    /// Grams every match holds one of, when some are known.
    need: Option<Need>,
}

impl Info {
    fn empty() -> Info {
        Info {
            empty: true,
            first: Starts::default(),
            last: ByteSet::default(),
            need: None,
        }
    }
}

/// A set of grams every match holds one of, and how common they are ([`commonness`]).
#[derive(Clone, Debug)]
struct Need {
    grams: Vec<Grams>,
    commonness: f64,
}

impl Need {
    /// `None` for a set too large (or empty) to be worth its look-ups, or with a common pair:
    /// a pair is looked up wherever it occurs, whatever must follow it.
    fn new(grams: Vec<Grams>) -> Option<Need> {
        let size = size(&grams);
        if size == 0 || size > MAX_GRAMS {
            return None;
        }
        let model = Commonness::of_prose();
        let mut commonness = 0.0;
        for grams in &grams {
            let pairs = Grams {
                then: ByteSet::ALL,
                ..*grams
            };
            if model.per_byte(model.of_grams(&pairs).1) >= COMMON_PAIR {
                return None;
            }
            commonness += model.of_grams(grams).0;
        }
        Some(Need { grams, commonness })
    }
}

/// The least common of some sets of grams, any of which every match holds.
fn least_common(sets: impl IntoIterator<Item = Option<Need>>) -> Option<Need> {
    sets.into_iter()
        .flatten()
        .min_by(|a, b| a.commonness.total_cmp(&b.commonness))
}

/// Grams of a byte from `before` followed by the start of `after`: what every match holds
/// where a part that ends in `before` is followed by one that starts with `after`.
fn across(before: ByteSet, after: &Starts) -> Option<Need> {
    if before.len() * after.bytes.len() > MAX_GRAMS {
        return None;
    }
    let mut set = Vec::new();
    let mut any_next = after.bytes;
    for (&lead, &next) in &after.after_lead {
        if after.bytes.contains(lead) {
            any_next = any_next.intersection(ByteSet::of(&[lead]).complement());
            set.push(Grams {
                firsts: before,
                seconds: ByteSet::of(&[lead]),
                then: next,
            });
        }
    }
    set.push(Grams {
        firsts: before,
        seconds: any_next,
        then: ByteSet::ALL,
    });
    set.retain(|grams| grams.len() > 0);
    Need::new(set)
}

/// Grams inside a run of byte ranges (one UTF-8 sequence of a class, or a literal): the least
/// common pair of neighbours, with the range after the pair as what follows.
fn inside(ranges: &[ByteSet]) -> Option<Need> {
    least_common((0..ranges.len().saturating_sub(1)).map(|i| {
        Need::new(vec![Grams {
            firsts: ranges[i],
            seconds: ranges[i + 1],
            then: ranges.get(i + 2).copied().unwrap_or(ByteSet::ALL),
        }])
    }))
}

/// Every set in `sets` joined: what every match holds one of when each match is a match of
/// one of the alternatives. `None` when one alternative has no set.
fn joined(sets: impl IntoIterator<Item = Option<Need>>) -> Option<Need> {
    let mut all = Need {
        grams: Vec::new(),
        commonness: 0.0,
    };
    for set in sets {
        let set = set?;
        all.grams.extend(set.grams);
        all.commonness += set.commonness;
        if size(&all.grams) > MAX_GRAMS {
            return None;
        }
    }
    Some(all)
}

/// What the matches of `hir` start and end with, whether one may be empty, and the least
/// common set of grams every one holds, worked out from its parts.
fn info(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::empty(),
        HirKind::Literal(literal) => {
            let bytes = &literal.0;
            let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
                return Info::empty();
            };
            let mut starts = Starts {
                bytes: ByteSet::of(&[first]),
                after_lead: BTreeMap::new(),
            };
            if let (0xC0..=0xFF, Some(&next)) = (first, bytes.get(1)) {
                starts.after_lead.insert(first, ByteSet::of(&[next]));
            }
            let ranges: Vec<ByteSet> = bytes.iter().map(|&b| ByteSet::of(&[b])).collect();
            Info {
                empty: false,
                first: starts,
                last: ByteSet::of(&[last]),
                need: inside(&ranges),
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut set = ByteSet::default();
            for range in class.ranges() {
                set.add_range(range.start(), range.end());
            }
            Info {
                empty: false,
                first: Starts {
                    bytes: set,
                    after_lead: BTreeMap::new(),
                },
                last: set,
                need: None,
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut first = Starts::default();
            let mut last = ByteSet::default();
            // A class with an ASCII character holds no pair inside its characters, and one of
            // many ranges is better met by the grams around it.
            let mut need = (class
                .ranges()
                .first()
                .is_some_and(|r| !r.start().is_ascii())
                && class.ranges().len() <= MAX_CLASS_RANGES)
                .then(|| Need {
                    grams: Vec::new(),
                    commonness: 0.0,
                });
            for range in class.ranges() {
                for sequence in Utf8Sequences::new(range.start(), range.end()) {
                    let ranges: Vec<ByteSet> = sequence
                        .as_slice()
                        .iter()
                        .map(|r| ByteSet::range(r.start, r.end))
                        .collect();
                    let lead = ranges[0];
                    if let Some(&next) = ranges.get(1) {
                        for b in lead.iter() {
                            let merged = first.after_lead.get(&b).map_or(next, |s| s.union(next));
                            first.after_lead.insert(b, merged);
                        }
                    }
                    first.bytes = first.bytes.union(lead);
                    last = last.union(ranges[ranges.len() - 1]);
                    if need.is_some() {
                        need = joined([need, inside(&ranges)]);
                    }
                }
            }
            Info {
                empty: false,
                first,
                last,
                need,
            }
        }
        HirKind::Capture(capture) => info(&capture.sub),
        HirKind::Repetition(repetition) => {
            let sub = info(&repetition.sub);
            if repetition.min == 0 {
                return Info {
                    empty: true,
                    need: None,
                    ..sub
                };
            }
            // Twice or more: the end of one match of the part meets the start of the next.
            let twice = (repetition.min >= 2 && !sub.empty)
                .then(|| across(sub.last, &sub.first))
                .flatten();
            Info {
                need: least_common([sub.need.clone(), twice]),
                ..sub
            }
        }
        HirKind::Concat(parts) => {
            let mut whole = Info::empty();
            // The last bytes of the last part that cannot be empty, and the first bytes of
            // the parts after it that can: whatever follows that part's end starts with one
            // of these or with the next part that cannot be empty.
            let mut anchor: Option<ByteSet> = None;
            let mut between = Starts::default();
            for part in parts {
                if let HirKind::Look(look) = part.kind() {
                    // A match of the rest starts at a line's start: after `\n` (`\r` too for
                    // CRLF), or at the segment's, which the scan reads as after `\n`.
                    let line_start = match look {
                        Look::Start | Look::StartLF => Some(ByteSet::of(b"\n")),
                        Look::StartCRLF => Some(ByteSet::of(b"\n\r")),
                        _ => None,
                    };
                    if let Some(before) = line_start {
                        anchor = Some(before);
                        between = Starts::default();
                    }
                    continue;
                }
                let part = info(part);
                let mut met = None;
                if part.empty {
                    between = between.union(&part.first);
                } else {
                    if let Some(before) = anchor {
                        met = across(before, &between.clone().union(&part.first));
                    }
                    anchor = Some(part.last);
                    between = Starts::default();
                }
                whole = Info {
                    empty: whole.empty && part.empty,
                    first: if whole.empty {
                        whole.first.union(&part.first)
                    } else {
                        whole.first
                    },
                    last: if part.empty {
                        whole.last.union(part.last)
                    } else {
                        part.last
                    },
                    need: least_common([whole.need, part.need, met]),
                };
            }
            whole
        }
        HirKind::Alternation(alternatives) => {
            let infos: Vec<Info> = alternatives.iter().map(info).collect();
            Info {
                empty: infos.iter().any(|i| i.empty),
                first: infos
                    .iter()
                    .fold(Starts::default(), |all, i| all.union(&i.first)),
                last: infos
                    .iter()
                    .fold(ByteSet::default(), |all, i| all.union(i.last)),
                need: joined(infos.iter().map(|i| i.need.clone())),
            }
        }
    }
}

/// The grams of a set of patterns, looked up in a segment before the automaton reads it.
#[derive(Debug)]
pub(super) struct Prefilter {
    /// A bit for each byte pair (first byte × 256 + second) of a gram.
    grams: Box<[u64; 1024]>,
    /// For each pair, 0 when it is a gram whatever follows, or `k` when it is one only before
    /// the bytes of `followed[k - 1]`. (The sets are few: the continuation bytes of a range of
    /// characters, one byte of a word.)
    slots: Box<[u8]>,
    followed: Vec<ByteSet>,
}

impl Prefilter {
    /// The prefilter of `patterns` (parsed, as the automaton has them): `None` when a pattern
    /// has no grams every match holds, or only common ones.
    pub(super) fn new(patterns: &[Hir]) -> Option<Prefilter> {
        let mut whole = BTreeMap::<u16, ByteSet>::new();
        for pattern in patterns {
            for grams in info(pattern).need?.grams {
                for (a, b) in grams.pairs() {
                    let next = whole.entry(u16::from(a) << 8 | u16::from(b)).or_default();
                    *next = next.union(grams.then);
                }
            }
        }
        let mut prefilter = Prefilter {
            grams: Box::new([0; 1024]),
            slots: vec![0; 1 << 16].into_boxed_slice(),
            followed: Vec::new(),
        };
        for (pair, next) in whole {
            prefilter.grams[usize::from(pair >> 6)] |= 1 << (pair & 63);
            if next == ByteSet::ALL {
                continue;
            }
            // Pairs share the sets of what may follow them. Past the slots there are, a pair
            // counts whatever follows: more often, never less.
            let slot = match prefilter.followed.iter().position(|set| *set == next) {
                Some(i) => i + 1,
                None if prefilter.followed.len() < usize::from(u8::MAX) => {
                    prefilter.followed.push(next);
                    prefilter.followed.len()
                }
                None => continue,
            };
            prefilter.slots[usize::from(pair)] = slot as u8;
        }
        Some(prefilter)
    }

    /// Whether `text` holds a gram: `false` means no pattern matches in it.
    ///
    /// The pairs are looked up eight at a time with no branch between them, and only eight
    /// bytes with a pair of a gram are read again one by one, to check what follows.
    pub(super) fn may_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        // The segment's start reads as a line's.
        let mut before = b'\n';
        let mut at = 0;
        while let Some(chunk) = bytes.get(at..at + 8) {
            let mut any = self.bit(before, chunk[0]);
            for i in 1..8 {
                any |= self.bit(chunk[i - 1], chunk[i]);
            }
            if any != 0 && self.holds_in(bytes, at, before, 8) {
                return true;
            }
            before = chunk[7];
            at += 8;
        }
        self.holds_in(bytes, at, before, bytes.len() - at)
    }

    /// Whether a gram starts in the `len` pairs ending at bytes `at`, `at + 1`, …, the first
    /// after `before`.
    fn holds_in(&self, bytes: &[u8], at: usize, mut before: u8, len: usize) -> bool {
        for i in at..at + len {
            let b = bytes[i];
            if self.bit(before, b) != 0 && self.holds(before, b, bytes.get(i + 1).copied()) {
                return true;
            }
            before = b;
        }
        false
    }

    /// 1 when `before` `b` is the pair of a gram, 0 when it is not.
    fn bit(&self, before: u8, b: u8) -> u64 {
        let pair = usize::from(before) << 8 | usize::from(b);
        self.grams[pair >> 6] >> (pair & 63) & 1
    }

    /// Whether `before` `b`, the pair of a gram, is a gram followed by `next`.
    fn holds(&self, before: u8, b: u8, next: Option<u8>) -> bool {
        match self.slots[usize::from(before) << 8 | usize::from(b)] {
            0 => true,
            slot => next.is_some_and(|next| self.followed[usize::from(slot) - 1].contains(next)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefilter(patterns: &[&str]) -> Option<Prefilter> {
        let parsed: Vec<Hir> = patterns
            .iter()
            .map(|p| regex_syntax::parse(p).expect("parses"))
            .collect();
        Prefilter::new(&parsed)
    }

    #[test]
    fn what_follows_a_lead_byte_decides() {
        // `,` then a Letterlike Symbol (`E2 84 82`), not the curly quote (`E2 80 9D`) that
        // follows the comma of every quotation.
        let p = prefilter(&[",[ℂℍℕ]"]).expect("a prefilter");
        assert!(p.may_match("a,ℂb"));
        assert!(p.may_match(",ℕ"));
        assert!(!p.may_match("“Yes,” she said."));
        assert!(!p.may_match("a, b"));
    }

    #[test]
    fn alternatives_need_one_of_their_grams() {
        let p = prefilter(&["==|\u{FFFD}"]).expect("a prefilter");
        assert!(p.may_match("a == b"));
        assert!(p.may_match("caf\u{FFFD}"));
        assert!(!p.may_match("a = b"));
        assert!(!p.may_match(""));
    }

    #[test]
    fn a_line_start_is_read_before_the_first_byte() {
        // The only pairs: a line break, or the segment's start, before the bracket.
        let p = prefilter(&["(?m)^[(\\[]"]).expect("a prefilter");
        assert!(p.may_match("(Seoul"));
        assert!(p.may_match("text\n[Seoul"));
        assert!(!p.may_match("text (Seoul)"));
    }

    #[test]
    fn what_may_be_empty_or_is_common_gets_no_prefilter() {
        // A match may hold no pair at all.
        assert!(prefilter(&["x?"]).is_none());
        assert!(prefilter(&["(?:ab)*"]).is_none());
        assert!(prefilter(&["[a-z]"]).is_none());
        // Every pair of a plain word is common in prose.
        assert!(prefilter(&["the"]).is_none());
        // One pattern without grams leaves the others without a prefilter too.
        assert!(prefilter(&["==", "the"]).is_none());
        assert!(prefilter(&["=="]).is_some());
    }

    #[test]
    fn a_rare_mark_is_preferred_to_the_names_news_prose_is_full_of() {
        // A credit in the `Place = Agency` form: `=` before the agency, rather than the
        // agencies' own letters, which news prose cites in every other paragraph.
        let p =
            prefilter(&["\\p{Lu}\\p{L}* ?= ?(?:Reuters|AFP|Yonhap|Kyodo)"]).expect("a prefilter");
        assert!(p.may_match("Seoul = Yonhap"));
        assert!(p.may_match("Tokyo=Kyodo"));
        assert!(!p.may_match("Yonhap reported that Reuters and AFP had the figures first."));
    }

    #[test]
    fn repeated_parts_meet_themselves() {
        // Two or more of a class: its last byte before its first.
        let p = prefilter(&["[=%]{2,}"]).expect("a prefilter");
        assert!(p.may_match("a %= b"));
        assert!(!p.may_match("a = % b"));
    }
}
