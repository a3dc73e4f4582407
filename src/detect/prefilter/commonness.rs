//! How common a gram is in prose: the model that picks, among the sets of grams a pattern
//! offers, the one the fewest segments hold.
//!
//! It counts the byte pairs and triples of a sample of news prose written for it
//! (`prose.txt`: English, with some French and German, typographic quotes and dashes), each
//! count smoothed by a rough prior by byte class, so that what the sample lacks (Hangul, CJK
//! punctuation, two spaces in a row) counts as rare rather than as never. The model decides
//! only how many segments the automaton still reads, never what is found.
//!
//! The sample is news as wires write it, not only its sentences: agencies cited (`Reuters
//! reported`, `Yonhap News Agency`), datelines and credit lines, titles (`Correspondents`,
//! `Staff`), paragraphs that start with any capital. What it lacks the model takes for rare:
//! with only the first 2.4 KB, the pairs of agencies' names looked rarer than the `=` of a
//! `Place = Agency` credit, and the automaton read twice the paragraphs it needs to.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{ByteSet, Grams};

/// The sample the counts are taken from.
const PROSE: &str = include_str!("prose.txt");

/// Byte pairs and triples of the sample, counted.
pub(super) struct Commonness {
    /// How often each pair (first byte × 256 + second) occurs.
    pairs: Vec<u32>,
    /// For each second byte, the first bytes of the pairs that occur.
    seen_before: Vec<Vec<u8>>,
    /// For each pair that occurs, the bytes that follow it and how often.
    followers: HashMap<u16, Vec<(u8, u32)>>,
    /// Bytes in the sample.
    bytes: f64,
}

impl Commonness {
    /// The counts of the built-in sample, taken once.
    pub(super) fn of_prose() -> &'static Commonness {
        static MODEL: OnceLock<Commonness> = OnceLock::new();
        MODEL.get_or_init(|| Commonness::of(PROSE.as_bytes()))
    }

    fn of(sample: &[u8]) -> Commonness {
        let mut pairs = vec![0u32; 1 << 16];
        let mut followers: HashMap<u16, Vec<(u8, u32)>> = HashMap::new();
        for (i, pair) in sample.windows(2).enumerate() {
            let index = u16::from(pair[0]) << 8 | u16::from(pair[1]);
            pairs[usize::from(index)] += 1;
            if let Some(&next) = sample.get(i + 2) {
                let after = followers.entry(index).or_default();
                match after.iter_mut().find(|(b, _)| *b == next) {
                    Some((_, n)) => *n += 1,
                    None => after.push((next, 1)),
                }
            }
        }
        let mut seen_before = vec![Vec::new(); 256];
        for (index, &n) in pairs.iter().enumerate() {
            if n > 0 {
                seen_before[index & 0xFF].push((index >> 8) as u8);
            }
        }
        Commonness {
            pairs,
            seen_before,
            followers,
            bytes: sample.len() as f64,
        }
    }

    /// About how often `a` `b`, followed by a byte of `then`, occurs in the sample; `share` is
    /// the prior share of what follows `b` that `then` allows ([`prior_share`]).
    fn of_gram_sharing(&self, a: u8, b: u8, then: ByteSet, share: f64) -> f64 {
        let index = u16::from(a) << 8 | u16::from(b);
        let seen = self.pairs[usize::from(index)];
        let pair = f64::from(seen) + prior(a, b);
        if then == ByteSet::ALL {
            return pair;
        }
        let followed: f64 = match seen {
            0 => 0.0,
            _ => self.followers.get(&index).map_or(0.0, |after| {
                after
                    .iter()
                    .filter(|(t, _)| then.contains(*t))
                    .map(|(_, n)| f64::from(*n))
                    .sum()
            }),
        };
        pair * (followed + share) / (f64::from(seen) + 1.0)
    }

    /// The commonness of every gram of `grams`, added up, and the greatest.
    ///
    /// A pair the sample lacks has its prior, the same for every first byte of a class but a
    /// few; so the priors of a second byte's pairs are added up by class, and only the pairs
    /// the sample has are looked at one by one.
    pub(super) fn of_grams(&self, grams: &Grams) -> (f64, f64) {
        let (mut sum, mut most) = (0.0, 0.0f64);
        for b in grams.seconds.iter() {
            let share = if grams.then == ByteSet::ALL {
                1.0
            } else {
                prior_share(b, grams.then)
            };
            let (priors, greatest) = priors_before(grams.firsts, b);
            sum += priors * share;
            most = most.max(greatest * share);
            for &a in &self.seen_before[usize::from(b)] {
                if grams.firsts.contains(a) {
                    let one = self.of_gram_sharing(a, b, grams.then, share);
                    sum += one - prior(a, b) * share;
                    most = most.max(one);
                }
            }
        }
        (sum, most)
    }

    /// `commonness` (of [`Commonness::of_grams`]) as a share of the sample's byte positions.
    pub(super) fn per_byte(&self, commonness: f64) -> f64 {
        commonness / self.bytes
    }
}

/// The prior of a pair, at most 1 (one occurrence in the sample): letters and spaces are
/// common, capitals and digits less so, punctuation is followed by a space rather than a
/// letter, and a space not by another; General Punctuation (`E2 80`: curly quotes, dashes)
/// fills translated text, while other multi-byte characters, told by their last two bytes,
/// are rare.
fn prior(a: u8, b: u8) -> f64 {
    let weight = match (class(a), class(b)) {
        (Class::Continuation, Class::Continuation) if a == 0x80 => 16.0,
        (Class::Continuation, Class::Continuation) => 1.0,
        (Class::Lead, Class::Continuation) if (a, b) == (0xE2, 0x80) || a == 0xC3 => 64.0,
        (Class::Lead, Class::Continuation) => 2.0,
        (Class::Closing, _) if b.is_ascii_alphabetic() => 1.0,
        _ if (a, b) == (b' ', b' ') => 1.0,
        (x, y) => x.weight() * y.weight(),
    };
    weight / 64.0
}

/// The first bytes whose prior with a second byte is not that of their class.
const OWN_PRIORS: [u8; 4] = [b' ', 0x80, 0xC3, 0xE2];

/// The priors of every byte of `firsts` before `b`, added up, and the greatest.
fn priors_before(firsts: ByteSet, b: u8) -> (f64, f64) {
    let (mut sum, mut most) = (0.0, 0.0f64);
    let own = ByteSet::of(&OWN_PRIORS);
    for c in CLASSES {
        let members = firsts
            .intersection(class_bytes(c))
            .intersection(own.complement());
        if let Some(member) = members.iter().next() {
            let each = prior(member, b);
            sum += members.len() as f64 * each;
            most = most.max(each);
        }
    }
    for a in OWN_PRIORS.into_iter().filter(|&a| firsts.contains(a)) {
        sum += prior(a, b);
        most = most.max(prior(a, b));
    }
    (sum, most)
}

/// The prior share of the bytes that follow `b` that `then` allows.
fn prior_share(b: u8, then: ByteSet) -> f64 {
    let weight = |set: ByteSet| -> f64 {
        let by_class = |set: ByteSet| -> f64 {
            CLASSES
                .iter()
                .map(|&c| set.intersection(class_bytes(c)).len() as f64 * c.weight())
                .sum()
        };
        match class(b) {
            // A lead byte is followed by a continuation byte; after `E2`, mostly by `80`.
            Class::Lead => {
                let continuing = set.intersection(class_bytes(Class::Continuation));
                let punctuation = if b == 0xE2 && continuing.contains(0x80) {
                    39.0
                } else {
                    0.0
                };
                continuing.len() as f64 + punctuation
            }
            // After `E2 80`: mostly a curly quote or a dash.
            Class::Continuation if b == 0x80 => {
                by_class(set) + 39.0 * set.intersection(ByteSet::of(&PUNCTUATION_ENDS)).len() as f64
            }
            _ => by_class(set),
        }
    };
    weight(then) / weight(ByteSet::ALL)
}

/// The last bytes of the commonest characters of General Punctuation (`E2 80` and one of
/// these): dashes, curly quotes, the ellipsis.
const PUNCTUATION_ENDS: [u8; 7] = [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6];

/// Byte classes of the priors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Lower-case ASCII letters and the space.
    Common,
    /// Capitals and digits.
    Medium,
    /// Punctuation that a space follows: `,` `.` `;` `:` `!` `?` `)`.
    Closing,
    /// Other ASCII.
    Rare,
    /// A byte that starts a multi-byte character.
    Lead,
    /// A byte inside a multi-byte character.
    Continuation,
}

const CLASSES: [Class; 6] = [
    Class::Common,
    Class::Medium,
    Class::Closing,
    Class::Rare,
    Class::Lead,
    Class::Continuation,
];

impl Class {
    fn weight(self) -> f64 {
        match self {
            Class::Common => 8.0,
            Class::Medium | Class::Closing => 3.0,
            Class::Lead => 2.0,
            Class::Rare | Class::Continuation => 1.0,
        }
    }
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b' ' => Class::Common,
        b'A'..=b'Z' | b'0'..=b'9' => Class::Medium,
        b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' => Class::Closing,
        0x80..=0xBF => Class::Continuation,
        0xC0..=0xFF => Class::Lead,
        _ => Class::Rare,
    }
}

/// The bytes of a class.
fn class_bytes(of: Class) -> ByteSet {
    static SETS: OnceLock<[ByteSet; 6]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        CLASSES.map(|c| {
            let bytes: Vec<u8> = (0..=255u8).filter(|&b| class(b) == c).collect();
            ByteSet::of(&bytes)
        })
    });
    sets[CLASSES.iter().position(|&c| c == of).unwrap_or_default()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_pairs_are_common_and_artifacts_rare() {
        let model = Commonness::of_prose();
        let all = ByteSet::ALL;
        let gram = |a: u8, b: u8, then: ByteSet| {
            model
                .of_grams(&Grams {
                    firsts: ByteSet::of(&[a]),
                    seconds: ByteSet::of(&[b]),
                    then,
                })
                .0
        };
        // A letter before a space, a closing curly quote: in every paragraph.
        assert!(gram(b'e', b' ', all) > 20.0);
        assert!(gram(0xE2, 0x80, all) > 10.0);
        // Two spaces, a space before a comma, a comma before a letter: artifacts.
        for (a, b) in [(b' ', b' '), (b' ', b','), (b',', b'a')] {
            assert!(gram(a, b, all) <= 1.0, "{a} {b}");
        }
        // A comma then a character of the Letterlike Symbols block (`E2 81`–`E2 BF`), not the
        // closing quote (`E2 80`) every quotation has after its comma.
        let letterlike = ByteSet::range(0x81, 0xBF);
        assert!(gram(b',', 0xE2, letterlike) < 0.25 * gram(b',', 0xE2, all));
    }
}
