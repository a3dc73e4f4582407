//! A vote of function words: the fast first opinion on a Latin-script paragraph's language.
//!
//! Articles, conjunctions and prepositions make up a large share of any news sentence, and
//! each language has its own. Counting them is a hash lookup per short word, several times
//! faster than trigram statistics, and it is steadier on short text: a two-line English
//! paragraph full of names can read as Danish to trigrams but still has its `the`, `of` and
//! `said`. The vote answers only when one language clearly leads; otherwise the caller asks
//! whatlang. Words shared by several languages count for each of them.

use super::{prefix, Lang};
use crate::bytes::HIGH_BITS;

/// The languages of the table, in bit order.
pub(super) const LANGUAGES: &[Lang] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "tr", "hu", "ro",
];

/// Frequent function words and the languages they are common in.
const WORDS: &[(&str, &[Lang])] = &[
    // English
    ("the", &["en"]),
    ("and", &["en"]),
    ("of", &["en"]),
    ("to", &["en", "pl", "cs"]),
    ("is", &["en", "nl"]),
    ("was", &["en", "nl"]),
    ("that", &["en"]),
    ("for", &["en", "da", "nb"]),
    ("with", &["en"]),
    ("said", &["en"]),
    ("from", &["en"]),
    ("by", &["en", "cs"]),
    ("are", &["en"]),
    ("were", &["en"]),
    ("has", &["en"]),
    ("have", &["en"]),
    ("had", &["en"]),
    ("it", &["en"]),
    ("its", &["en"]),
    ("this", &["en"]),
    ("which", &["en"]),
    ("would", &["en"]),
    ("will", &["en"]),
    ("not", &["en"]),
    ("but", &["en"]),
    ("on", &["en", "fi", "fr"]),
    ("at", &["en", "da", "nb"]),
    ("as", &["en", "pt"]),
    ("be", &["en"]),
    ("been", &["en"]),
    ("their", &["en"]),
    ("they", &["en"]),
    ("he", &["en"]),
    ("she", &["en"]),
    ("his", &["en"]),
    ("her", &["en"]),
    ("an", &["en", "de"]),
    ("who", &["en"]),
    ("after", &["en"]),
    ("more", &["en"]),
    ("than", &["en"]),
    ("also", &["en"]),
    ("into", &["en"]),
    ("about", &["en"]),
    ("over", &["en", "nl", "da", "nb"]),
    // German
    ("der", &["de"]),
    ("die", &["de", "nl"]),
    ("das", &["de", "pt"]),
    ("und", &["de"]),
    ("ist", &["de"]),
    ("nicht", &["de"]),
    ("mit", &["de"]),
    ("sich", &["de"]),
    ("des", &["de", "fr"]),
    ("dem", &["de"]),
    ("den", &["de", "sv", "da", "nb"]),
    ("ein", &["de"]),
    ("eine", &["de"]),
    ("einen", &["de"]),
    ("auf", &["de"]),
    ("für", &["de"]),
    ("von", &["de"]),
    ("zu", &["de"]),
    ("im", &["de"]),
    ("auch", &["de"]),
    ("nach", &["de"]),
    ("wird", &["de"]),
    ("wurde", &["de"]),
    ("werden", &["de"]),
    ("sind", &["de"]),
    ("hat", &["de"]),
    ("bei", &["de"]),
    ("aus", &["de"]),
    ("dass", &["de"]),
    ("sie", &["de"]),
    ("es", &["de", "es"]),
    ("er", &["de", "nl", "da", "nb"]),
    ("wie", &["de"]),
    ("oder", &["de"]),
    ("aber", &["de"]),
    ("noch", &["de"]),
    ("vor", &["de"]),
    ("über", &["de"]),
    ("zum", &["de"]),
    ("zur", &["de"]),
    ("um", &["de", "pt"]),
    ("als", &["de", "nl"]),
    // French
    ("le", &["fr", "it"]),
    ("la", &["fr", "es", "it", "ro"]),
    ("les", &["fr"]),
    ("et", &["fr", "da", "nb"]),
    ("est", &["fr"]),
    ("une", &["fr"]),
    ("du", &["fr"]),
    ("que", &["fr", "es", "pt"]),
    ("qui", &["fr"]),
    ("dans", &["fr"]),
    ("pour", &["fr"]),
    ("pas", &["fr"]),
    ("sur", &["fr"]),
    ("au", &["fr", "ro"]),
    ("aux", &["fr"]),
    ("avec", &["fr"]),
    ("ce", &["fr", "ro"]),
    ("cette", &["fr"]),
    ("il", &["fr", "it"]),
    ("elle", &["fr"]),
    ("sont", &["fr"]),
    ("ont", &["fr"]),
    ("par", &["fr"]),
    ("plus", &["fr"]),
    ("ne", &["fr", "it"]),
    ("son", &["fr", "es"]),
    ("ses", &["fr"]),
    ("été", &["fr"]),
    ("être", &["fr"]),
    ("mais", &["fr", "pt"]),
    ("ou", &["fr", "pt"]),
    ("leur", &["fr"]),
    // Spanish
    ("el", &["es"]),
    ("los", &["es"]),
    ("las", &["es"]),
    ("del", &["es", "it"]),
    ("y", &["es"]),
    ("en", &["fr", "es", "nl", "sv", "da", "nb"]),
    ("por", &["es", "pt"]),
    ("con", &["es", "it"]),
    ("para", &["es", "pt"]),
    ("una", &["es", "it"]),
    ("su", &["es", "it"]),
    ("sus", &["es"]),
    ("al", &["es", "it"]),
    ("lo", &["es", "it"]),
    ("como", &["es", "pt"]),
    ("más", &["es"]),
    ("pero", &["es"]),
    ("fue", &["es"]),
    ("este", &["es", "pt", "ro"]),
    ("esta", &["es", "pt"]),
    ("entre", &["es", "pt", "fr"]),
    ("sobre", &["es", "pt"]),
    ("también", &["es"]),
    ("sin", &["es"]),
    // Italian
    ("di", &["it"]),
    ("che", &["it"]),
    ("della", &["it"]),
    ("delle", &["it"]),
    ("dei", &["it"]),
    ("degli", &["it"]),
    ("per", &["it"]),
    ("non", &["it", "fr"]),
    ("sono", &["it"]),
    ("nel", &["it"]),
    ("nella", &["it"]),
    ("alla", &["it"]),
    ("anche", &["it"]),
    ("come", &["it"]),
    ("gli", &["it"]),
    ("è", &["it"]),
    ("ha", &["es", "it"]),
    ("più", &["it"]),
    ("ma", &["it"]),
    ("un", &["fr", "es", "it", "ro"]),
    ("uno", &["it"]),
    ("questo", &["it"]),
    ("stato", &["it"]),
    ("dal", &["it"]),
    ("dalla", &["it"]),
    ("sul", &["it"]),
    // Portuguese
    ("o", &["pt"]),
    ("os", &["pt"]),
    ("do", &["pt", "pl", "cs"]),
    ("da", &["pt", "it"]),
    ("dos", &["pt"]),
    ("em", &["pt"]),
    ("não", &["pt"]),
    ("uma", &["pt"]),
    ("com", &["pt"]),
    ("foi", &["pt"]),
    ("ao", &["pt"]),
    ("na", &["pt", "pl", "cs"]),
    ("no", &["pt", "es"]),
    ("pelo", &["pt"]),
    ("pela", &["pt"]),
    ("é", &["pt"]),
    ("são", &["pt"]),
    ("está", &["pt", "es"]),
    ("seu", &["pt"]),
    ("sua", &["pt"]),
    // Dutch
    ("de", &["fr", "es", "pt", "nl", "sv", "da", "nb", "ro"]),
    ("het", &["nl"]),
    ("een", &["nl"]),
    ("van", &["nl", "hu"]),
    ("dat", &["nl"]),
    ("op", &["nl"]),
    ("te", &["nl"]),
    ("niet", &["nl"]),
    ("met", &["nl"]),
    ("zijn", &["nl"]),
    ("voor", &["nl"]),
    ("aan", &["nl"]),
    ("ook", &["nl"]),
    ("bij", &["nl"]),
    ("naar", &["nl"]),
    ("werd", &["nl"]),
    ("wordt", &["nl"]),
    ("heeft", &["nl"]),
    ("maar", &["nl"]),
    ("tot", &["nl"]),
    ("uit", &["nl"]),
    // Swedish, Danish, Norwegian Bokmål
    ("och", &["sv"]),
    ("att", &["sv"]),
    ("det", &["sv", "da", "nb"]),
    ("som", &["sv", "da", "nb"]),
    ("på", &["sv", "da", "nb"]),
    ("är", &["sv"]),
    ("av", &["sv", "nb"]),
    ("för", &["sv"]),
    ("med", &["sv", "da", "nb"]),
    ("till", &["sv"]),
    ("har", &["sv", "da", "nb"]),
    ("inte", &["sv"]),
    ("om", &["nl", "sv", "da", "nb"]),
    ("ett", &["sv"]),
    ("var", &["sv", "da", "nb"]),
    ("från", &["sv"]),
    ("också", &["sv"]),
    ("og", &["da", "nb"]),
    ("af", &["da"]),
    ("ikke", &["da", "nb"]),
    ("til", &["da", "nb"]),
    ("fra", &["da", "nb"]),
    ("også", &["da", "nb"]),
    ("blev", &["da"]),
    ("være", &["da", "nb"]),
    ("efter", &["sv", "da"]),
    ("seg", &["nb"]),
    ("etter", &["nb"]),
    ("ble", &["nb"]),
    // Finnish
    ("ja", &["fi"]),
    ("ei", &["fi"]),
    ("oli", &["fi"]),
    ("että", &["fi"]),
    ("hän", &["fi"]),
    ("mutta", &["fi"]),
    ("kun", &["fi"]),
    ("myös", &["fi"]),
    ("ovat", &["fi"]),
    ("tai", &["fi"]),
    ("joka", &["fi"]),
    ("mukaan", &["fi"]),
    ("kuin", &["fi"]),
    // Polish
    ("i", &["pl"]),
    ("w", &["pl"]),
    ("z", &["pl", "cs"]),
    ("się", &["pl"]),
    ("nie", &["pl"]),
    ("że", &["pl"]),
    ("jest", &["pl"]),
    ("od", &["pl", "cs"]),
    ("jak", &["pl", "cs"]),
    ("ale", &["pl", "cs"]),
    ("za", &["pl", "cs"]),
    ("przez", &["pl"]),
    ("oraz", &["pl"]),
    ("dla", &["pl"]),
    ("został", &["pl"]),
    // Czech
    ("je", &["cs"]),
    ("v", &["cs"]),
    ("že", &["cs"]),
    ("s", &["cs"]),
    ("k", &["cs"]),
    ("jako", &["cs"]),
    ("jsou", &["cs"]),
    ("byl", &["cs"]),
    ("také", &["cs"]),
    ("pro", &["cs"]),
    ("podle", &["cs"]),
    ("při", &["cs"]),
    // Turkish
    ("ve", &["tr"]),
    ("bir", &["tr"]),
    ("bu", &["tr"]),
    ("için", &["tr"]),
    ("ile", &["tr"]),
    ("olarak", &["tr"]),
    ("olan", &["tr"]),
    ("çok", &["tr"]),
    ("daha", &["tr"]),
    ("gibi", &["tr"]),
    ("sonra", &["tr"]),
    ("kadar", &["tr"]),
    // Hungarian
    ("az", &["hu"]),
    ("és", &["hu"]),
    ("hogy", &["hu"]),
    ("egy", &["hu"]),
    ("meg", &["hu"]),
    ("volt", &["hu"]),
    ("csak", &["hu"]),
    ("már", &["hu"]),
    ("mint", &["hu"]),
    ("szerint", &["hu"]),
    ("azt", &["hu"]),
    // Romanian
    ("și", &["ro"]),
    ("în", &["ro"]),
    ("cu", &["ro"]),
    ("care", &["ro"]),
    ("pe", &["ro"]),
    ("din", &["ro"]),
    ("nu", &["ro"]),
    ("să", &["ro"]),
    ("pentru", &["ro"]),
    ("fost", &["ro"]),
    ("sau", &["ro"]),
    ("mai", &["ro"]),
];

/// Longest word in the table, in bytes: longer words are not looked up.
const LONGEST: usize = 8;
/// Bytes of a text the vote reads: a paragraph's first few sentences are enough.
const SAMPLE_BYTES: usize = 600;
/// Votes of a paragraph's own words (outside quotations) after which a language at least four
/// times ahead of any other wins at once. Six (the runner-up at one at most) settle an English
/// news paragraph about halfway through the bytes eight took, and decided every paragraph of
/// the generated corpora as eight did.
const LANDSLIDE: u32 = 6;
/// Votes a leading language needs of its own (for it alone) to account for a vote whose other
/// languages have none ([`FunctionWords::accounts_for_all`]): two, so that one word the table
/// gives to one of two close languages (Danish and Norwegian) does not decide between them.
const OWN_VOTES: u32 = 2;
/// Fewest votes the leading language needs.
const MIN_VOTES: u32 = 3;

/// What the function words of a text say.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Vote {
    /// One language clearly leads.
    Clear(Lang),
    /// Enough function words, but of several languages, none clearly ahead: the languages
    /// (bits in the order of [`LANGUAGES`]) that had any.
    Unclear { voted: u32 },
    /// Fewer than [`MIN_VOTES`] function words of any one language: names, numbers, an
    /// address, a credit line. Not prose, so its own letters say little of its language.
    Silent,
}

/// What a byte is to the vote's reading of words. Non-ASCII bytes start characters that are
/// decoded and asked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// ASCII whitespace (as `char::is_whitespace` has it): ends a token.
    Space,
    /// An ASCII letter or apostrophe: inside a word.
    Inside,
    /// `@` or `/`: the token is an address.
    Address,
    /// Any other ASCII: ends a word.
    Outside,
    NonAscii,
}

const BYTES: [Byte; 256] = {
    let mut table = [Byte::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => Byte::Space,
            b'a'..=b'z' | b'A'..=b'Z' | b'\'' => Byte::Inside,
            b'@' | b'/' => Byte::Address,
            _ => Byte::Outside,
        };
        b += 1;
    }
    table
};

/// One word of a text, as [`each_word`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Word<'t> {
    /// The index of the whitespace-separated token it is in.
    token: usize,
    /// The text the word is in, and where in it the word is: the word's own text is sliced
    /// out (checking both ends are character boundaries) only when asked for, as most words
    /// are judged by their length and key alone.
    whole: &'t str,
    start: usize,
    end: usize,
    /// Whether it is all ASCII lower case.
    lowercase: bool,
    /// For an ASCII word of at most [`LONGEST`] bytes, its [`packed`] key folded to lower case
    /// (built as the word is read, so that no byte is read twice).
    folded: Option<u64>,
}

impl<'t> Word<'t> {
    fn text(&self) -> &'t str {
        &self.whole[self.start..self.end]
    }

    /// Its length in bytes.
    fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it starts with a capital. An ASCII first letter answers without decoding it.
    fn is_capitalized(&self) -> bool {
        match self.whole.as_bytes().get(self.start) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.text().starts_with(char::is_uppercase),
        }
    }
}

/// Bit 0x20 of every byte of a word of eight: set in ASCII lower case, clear in capitals.
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// Whether a non-ASCII character belongs inside a word: a letter, or the typographic
/// apostrophe.
fn is_word_char(c: char) -> bool {
    super::is_letter(c) || c == '’'
}

/// The run of ASCII letters that eight bytes (one little-endian word) begin with: its length
/// (eight when all are letters), and whether it is all lower case. A byte is a letter when,
/// folded to lower case, it is at least `a` and below `{`, as in [`super::ascii_letters`]; its
/// top bit is cleared before adding, so that no carry crosses a byte, and a non-ASCII byte is
/// not taken for a letter. Apostrophes, rare, end the run and are seen to by the caller.
fn letter_run(chunk: u64) -> (usize, bool) {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let lower = (chunk | CASE_BITS) & (0x7F * EACH);
    let letters = (lower + 0x1F * EACH) & !(lower + 0x05 * EACH) & !chunk & HIGH_BITS;
    // The top bit of the first byte that is not a letter, none when all eight are.
    let stop = !letters & HIGH_BITS;
    let len = stop.trailing_zeros() as usize / 8;
    // A capital is a letter with bit 0x20 clear: shifted up by two, that bit is the top one.
    // Less one, `stop` keeps the letters before its first byte (all of them when it is zero).
    let capitals = letters & !(chunk << 2) & stop.wrapping_sub(1);
    (len, capitals == 0)
}

/// The character that starts at byte `at` of `text`.
fn non_ascii_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or_default()
}

/// The eight bytes of `bytes` from `at` on, as one little-endian word, with zeros past the
/// end of the text: a zero byte is not inside a word, so a word read from them ends where the
/// text does, and the last words of a text are read eight bytes at a time like the others.
fn eight_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            let mut padded = [0u8; 8];
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// The end of the token that goes on at byte `at` of `text`, and whether an address character
/// (`@` or `/`) comes before it.
fn rest_of_token(text: &str, mut at: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut address = false;
    while let Some(&b) = bytes.get(at) {
        match BYTES[usize::from(b)] {
            Byte::Space => break,
            Byte::Address => {
                address = true;
                at += 1;
            }
            Byte::NonAscii => {
                let c = non_ascii_at(text, at);
                if c.is_whitespace() {
                    break;
                }
                at += c.len_utf8();
            }
            _ => at += 1,
        }
    }
    (at, address)
}

/// Calls `each` with every word of `text`, in order, while `each` returns true. A word is a
/// run of letters; an apostrophe stays inside its word, so the `s` of `club’s` is not Czech.
/// Tokens (whitespace-separated) with `@` or `/` are passed over: addresses are made of names,
/// not words. The words are those of splitting on whitespace, then on other characters (a
/// test keeps the two equal), read in one pass: the bytes between words by a byte table, the
/// words eight bytes at a time. Only non-ASCII characters are decoded, and only a token with a
/// word ended by something other than whitespace (`said,`, `U.S.`) is looked ahead in for an
/// address: a word ended by whitespace has had every byte of its token before it read.
fn each_word<'t>(text: &'t str, mut each: impl FnMut(Word<'t>) -> bool) {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Tokens begun so far: the current one is the last of them.
    let mut tokens = 0;
    // Whether whitespace (or the start of the text) came last, so that the next other byte
    // begins a token. One loop reads the bytes between words, whitespace or not, so that the
    // first byte of a token is classed once.
    let mut in_space = true;
    // The last token (as `tokens` counts, from one) looked ahead in and found to hold no
    // address; zero for none.
    let mut checked = 0;
    loop {
        // Up to the next word.
        loop {
            let Some(&b) = bytes.get(at) else {
                return;
            };
            // Most often the first letter of a word: asked first, with no jump through a
            // table.
            if b.is_ascii_alphabetic() {
                break;
            }
            let len = match BYTES[usize::from(b)] {
                Byte::Inside => break,
                Byte::Space => {
                    in_space = true;
                    at += 1;
                    continue;
                }
                Byte::Outside => 1,
                Byte::Address => {
                    // The token is passed over; whitespace or the end of the text follows.
                    let end = rest_of_token(text, at).0;
                    end - at
                }
                Byte::NonAscii => {
                    let c = non_ascii_at(text, at);
                    if c.is_whitespace() {
                        in_space = true;
                        at += c.len_utf8();
                        continue;
                    }
                    if is_word_char(c) {
                        break;
                    }
                    c.len_utf8()
                }
            };
            tokens += usize::from(in_space);
            in_space = false;
            at += len;
        }
        tokens += usize::from(in_space);
        in_space = false;
        // The word, eight bytes at a time: a run of ASCII letters ends at a byte of something
        // else, and the word goes on after it only when that is an apostrophe or a non-ASCII
        // letter.
        let start = at;
        let first = eight_at(bytes, at);
        let (len, mut lowercase) = letter_run(first);
        at += len;
        let mut run = len;
        let mut ascii = true;
        // The whitespace after the word (none at the end of the text), or none when something
        // else in the same token follows.
        let space_after = loop {
            if run < 8 {
                let Some(&b) = bytes.get(at) else {
                    break Some(0);
                };
                if b == b'\'' {
                    lowercase = false;
                    at += 1;
                } else if b.is_ascii() {
                    break (BYTES[usize::from(b)] == Byte::Space).then_some(1);
                } else {
                    let c = non_ascii_at(text, at);
                    if !is_word_char(c) {
                        break c.is_whitespace().then(|| c.len_utf8());
                    }
                    ascii = false;
                    lowercase = false;
                    at += c.len_utf8();
                }
            }
            let (len, lower) = letter_run(eight_at(bytes, at));
            lowercase &= lower;
            at += len;
            run = len;
        };
        let end = at;
        match space_after {
            Some(len) => {
                in_space = true;
                at += len;
            }
            None if checked != tokens => {
                checked = tokens;
                let (token_end, address) = rest_of_token(text, at);
                if address {
                    at = token_end;
                    continue;
                }
            }
            None => {}
        }
        let word = Word {
            token: tokens - 1,
            whole: text,
            start,
            end,
            lowercase,
            // The first eight bytes hold all of an ASCII word of up to eight (and a word has
            // at least one).
            folded: (ascii && end - start <= LONGEST).then(|| {
                let mask = u64::MAX >> (8 * (LONGEST - (end - start)));
                (first | CASE_BITS) & mask
            }),
        };
        if !each(word) {
            return;
        }
    }
}

/// A word of at most [`LONGEST`] bytes as one number, its bytes in order and zeros after:
/// words hold no zero byte, so no two words share a number.
fn packed(word: &str) -> u64 {
    let len = word.len().min(8);
    let mut bytes = [0u8; 8];
    bytes[..len].copy_from_slice(&word.as_bytes()[..len]);
    u64::from_le_bytes(bytes)
}

/// The leading language's index (the first of any tied for the lead) and the most votes of
/// any other, in one pass over the votes.
fn standings(votes: &[u32; LANGUAGES.len()]) -> (usize, u32) {
    let (mut best, mut top, mut runner_up) = (0, votes[0], 0);
    for (i, &v) in votes.iter().enumerate().skip(1) {
        if v > top {
            runner_up = top;
            (best, top) = (i, v);
        } else {
            runner_up = runner_up.max(v);
        }
    }
    (best, runner_up)
}

/// The table, as a map from word to a bit set of [`LANGUAGES`].
pub(super) struct FunctionWords {
    words: WordTable,
}

impl Default for FunctionWords {
    fn default() -> Self {
        let mut words = WordTable::default();
        for (word, langs) in WORDS {
            let bits = langs.iter().fold(0u32, |bits, lang| {
                let index = LANGUAGES
                    .iter()
                    .position(|l| l == lang)
                    .expect("function words name table languages");
                bits | 1 << index
            });
            words.add(packed(word), bits);
        }
        FunctionWords { words }
    }
}

/// Slots of the word table: a power of two, about four times the words, so that a look-up
/// of a word not in it (most of them) ends at the first or second slot.
const TABLE_SLOTS: usize = 2048;

/// [`packed`] words and their language bits, in open addressing: a word's slot is picked by
/// multiplying its key (Fibonacci hashing) and taking the top bits; a taken slot passes on to
/// the next. No word packs to zero, so zero marks an empty slot. A look-up is a multiply and a
/// compare or two, for a few hundred fixed words. The keys are apart from the bits, so that
/// the look-up of a word not in the table (most words) reads 16 KB of keys, not 32 KB of
/// padded pairs, and the table stays in the fastest cache.
struct WordTable {
    keys: Box<[u64]>,
    bits: Box<[u32]>,
}

impl Default for WordTable {
    fn default() -> Self {
        WordTable {
            keys: vec![0; TABLE_SLOTS].into_boxed_slice(),
            bits: vec![0; TABLE_SLOTS].into_boxed_slice(),
        }
    }
}

impl WordTable {
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_SLOTS.trailing_zeros())) as usize
    }

    /// Adds `bits` to those of `key`.
    fn add(&mut self, key: u64, bits: u32) {
        let mut i = Self::slot(key);
        loop {
            if self.keys[i] == key || self.keys[i] == 0 {
                self.keys[i] = key;
                self.bits[i] |= bits;
                return;
            }
            i = (i + 1) % TABLE_SLOTS;
        }
    }

    fn get(&self, key: u64) -> Option<u32> {
        let mut i = Self::slot(key);
        loop {
            let k = self.keys[i];
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(self.bits[i]);
            }
            i = (i + 1) % TABLE_SLOTS;
        }
    }
}

impl FunctionWords {
    /// The languages (bits in the order of [`LANGUAGES`]) whose function word `word` is, if it
    /// is one and votes: not longer than any in the table, and not a capitalised word inside
    /// the text, which starts a name (`Han`, `Do-yun`) far more often than a sentence.
    fn languages_of(&self, word: Word) -> Option<u32> {
        if word.len() > LONGEST {
            return None;
        }
        if !word.lowercase && word.token > 0 && word.is_capitalized() {
            return None;
        }
        let key = match word.folded {
            Some(key) => key,
            None => {
                let lower: String = word.text().chars().flat_map(char::to_lowercase).collect();
                if lower.len() > LONGEST {
                    return None;
                }
                packed(&lower)
            }
        };
        self.words.get(key)
    }

    /// Whether the language `lead` accounts for every function word of `sample`: each one
    /// that votes for another language votes for it too, and [`OWN_VOTES`] at least vote for
    /// it alone. The other languages' votes are then no evidence of their own: `to` is Polish
    /// and Czech as well as English, but a paragraph whose only Polish or Czech word is `to`
    /// is not Polish or Czech, however many times it says `to`. Asked only of a vote without
    /// a clear lead, so the sample is read a second time only then.
    fn accounts_for_all(&self, sample: &str, lead: usize) -> bool {
        let lead = 1u32 << lead;
        let mut own = 0;
        let mut all = true;
        each_word(sample, |word| {
            if let Some(bits) = self.languages_of(word) {
                all = bits & lead != 0;
                own += u32::from(bits == lead);
            }
            all
        });
        all && own >= OWN_VOTES
    }

    /// The language whose function words clearly lead in `text`: at least [`MIN_VOTES`], and
    /// at least twice the votes of any other language, or the only language with votes of its
    /// own ([`FunctionWords::accounts_for_all`]).
    ///
    /// The words outside quotations are counted apart and asked first: a paragraph is in the
    /// language of its own words, not of what it quotes (`Die Regierung plant … „We will not
    /// give in to the pressure of the markets“, sagte der Minister`). Only when they do not
    /// clearly lead (a paragraph that is mostly quotation) do all words decide.
    pub(super) fn vote(&self, text: &str) -> Vote {
        let mut votes = [0u32; LANGUAGES.len()];
        let mut outside = [0u32; LANGUAGES.len()];
        let mut landslide = None;
        let sample = prefix(text, SAMPLE_BYTES);
        let bytes = sample.as_bytes();
        let mut quoted = false;
        // Where the last word read ends: the marks between it and the next word open or close
        // quotations.
        let mut after = 0;
        each_word(sample, |word| {
            quoted ^= double_quotation_marks(&bytes[after..word.start]) % 2 == 1;
            after = word.end;
            let Some(mut bits) = self.languages_of(word) else {
                return true;
            };
            let mut most = 0;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                votes[i] += 1;
                if !quoted {
                    outside[i] += 1;
                    most = most.max(outside[i]);
                }
                bits &= bits - 1;
            }
            // A landslide of the paragraph's own words needs no more counting.
            if most >= LANDSLIDE {
                let (top, runner_up) = standings(&outside);
                if runner_up * 4 <= outside[top] {
                    landslide = Some(LANGUAGES[top]);
                    return false;
                }
            }
            true
        });
        if let Some(lang) = landslide {
            return Vote::Clear(lang);
        }
        let (best, runner_up) = standings(&outside);
        if outside[best] >= MIN_VOTES && outside[best] >= 2 * runner_up {
            return Vote::Clear(LANGUAGES[best]);
        }
        let (best, runner_up) = standings(&votes);
        let top = votes[best];
        if top < MIN_VOTES {
            return Vote::Silent;
        }
        if top >= 2 * runner_up || self.accounts_for_all(sample, best) {
            Vote::Clear(LANGUAGES[best])
        } else {
            let voted = votes
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .fold(0u32, |bits, (i, _)| bits | 1 << i);
            Vote::Unclear { voted }
        }
    }
}

/// How many double quotation marks, of any language, `gap` (the bytes between two words)
/// holds: `"` `“` `”` `„` `‟` `«` `»` `「` `」` `『` `』` `＂`. Each opens a quotation or
/// closes the one open. Single marks are left out: `’` is far more often an apostrophe.
fn double_quotation_marks(gap: &[u8]) -> usize {
    if gap.iter().all(|&b| b != b'"' && b.is_ascii()) {
        return 0;
    }
    let mut marks = 0;
    let mut at = 0;
    while at < gap.len() {
        let mark = match gap[at..] {
            [b'"', ..] => 1,
            [0xE2, 0x80, 0x9C..=0x9F, ..]
            | [0xE3, 0x80, 0x8C..=0x8F, ..]
            | [0xEF, 0xBC, 0x82, ..] => 3,
            [0xC2, 0xAB | 0xBB, ..] => 2,
            _ => 0,
        };
        marks += usize::from(mark > 0);
        at += mark.max(1);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as splitting on whitespace, then on characters outside words, gives them.
    fn words_by_splitting(text: &str) -> Vec<(usize, &str, bool)> {
        let mut words = Vec::new();
        for (n, token) in text.split_whitespace().enumerate() {
            if token.bytes().any(|b| b == b'@' || b == b'/') {
                continue;
            }
            let apart = |c: char| {
                if c.is_ascii() {
                    !c.is_ascii_alphabetic() && c != '\''
                } else {
                    !c.is_alphabetic() && c != '’'
                }
            };
            words.extend(
                token
                    .split(apart)
                    .filter(|w| !w.is_empty())
                    .map(|w| (n, w, w.bytes().all(|b| b.is_ascii_lowercase()))),
            );
        }
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 3000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(5),
            failure_persistence: None,
            ..Default::default()
        })]

        /// Reading gives the words splitting gives, with their token indices and case, and
        /// stops when asked.
        #[test]
        fn words_are_those_of_splitting(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', 'Z', 'q', 'é', 'Ü', 'ß', '\'', '’', '@', '/', ' ', ' ', '\u{a0}', '\n',
                '\t', '\u{2003}', '\u{3000}', '“', '”', '-', '.', '1', '한', '中', '\u{85}',
                '\u{b}', '\u{1c}', '`', '[', '{', '&', 'A', 'z', 'm', 'k',
            ]),
            0..60,
        ), stop in 0..6usize) {
            reads_as_splitting(&chars.into_iter().collect::<String>(), stop)?;
        }

        /// Mostly letters: words longer than the eight bytes read at a time, words that end
        /// where the text does, apostrophes and non-ASCII letters at every place of a word, and
        /// the bytes just past those edges.
        #[test]
        fn long_words_are_those_of_splitting(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', 'b', 'e', 'n', 's', 't', 'x', 'z', 'A', 'M', 'Z', '\'', '’', 'é', 'Ü', ' ',
                ' ', ',', '@', '\u{a0}', '“', '{', '`', '\u{0}',
            ]),
            0..40,
        ), stop in 0..6usize) {
            reads_as_splitting(&chars.into_iter().collect::<String>(), stop)?;
        }

        /// The standings in one pass are those of finding the leader, then the most of the
        /// others.
        #[test]
        fn standings_are_the_leader_and_the_runner_up(
            votes in proptest::array::uniform16(0..4u32),
        ) {
            let best = (0..votes.len()).fold(0, |best, i| if votes[i] > votes[best] { i } else { best });
            let runner_up = (0..votes.len()).filter(|i| *i != best).map(|i| votes[i]).max();
            proptest::prop_assert_eq!(standings(&votes), (best, runner_up.unwrap_or(0)));
        }
    }

    /// Checks that [`each_word`] reads the words of `text` that [`words_by_splitting`] gives,
    /// with their keys, and that it stops after `stop` words (at least one) when asked.
    fn reads_as_splitting(
        text: &str,
        stop: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut read = Vec::new();
        let mut keys = Vec::new();
        each_word(text, |word| {
            read.push((word.token, word.text(), word.lowercase));
            keys.push(word.folded);
            true
        });
        let expected = words_by_splitting(text);
        proptest::prop_assert_eq!(&read, &expected);
        // The key of an ASCII word that fits one, folded to lower case.
        for ((_, word, _), key) in read.iter().zip(&keys) {
            let fits = word.is_ascii() && word.len() <= LONGEST;
            let expected = fits.then(|| packed(&word.to_ascii_lowercase()));
            proptest::prop_assert_eq!(*key, expected, "{}", word);
        }
        let mut first = Vec::new();
        each_word(text, |word| {
            first.push((word.token, word.text(), word.lowercase));
            first.len() < stop
        });
        proptest::prop_assert_eq!(&first[..], &expected[..expected.len().min(stop.max(1))]);
        Ok(())
    }

    #[test]
    fn the_table_finds_its_words_and_nothing_else() {
        let table = FunctionWords::default().words;
        let mut expected: std::collections::HashMap<u64, u32> = Default::default();
        for (word, langs) in WORDS {
            for lang in *langs {
                let index = LANGUAGES.iter().position(|l| l == lang).unwrap();
                *expected.entry(packed(word)).or_default() |= 1 << index;
            }
        }
        // Every word of one to three letters, and every table word.
        let letters = || (b'a'..=b'z').map(|b| (b as char).to_string());
        let mut words: Vec<String> = letters().collect();
        for a in letters() {
            for b in letters() {
                words.push(format!("{a}{b}"));
                words.extend(letters().map(|c| format!("{a}{b}{c}")));
            }
        }
        words.extend(WORDS.iter().map(|(w, _)| w.to_string()));
        for word in &words {
            let key = packed(word);
            assert_eq!(table.get(key), expected.get(&key).copied(), "{word}");
        }
    }

    #[test]
    fn news_sentences_vote_for_their_language() {
        let table = FunctionWords::default();
        let cases = [
            (
                "en",
                "The minister said on Friday that the plan would be put to a vote.",
            ),
            (
                "de",
                "Der Minister sagte am Freitag, dass der Plan zur Abstimmung gestellt wird.",
            ),
            (
                "fr",
                "Le ministre a déclaré vendredi que le plan sera soumis au vote des élus.",
            ),
            (
                "es",
                "El ministro dijo el viernes que el plan se someterá a votación en el pleno.",
            ),
            (
                "it",
                "Il ministro ha detto venerdì che il piano sarà messo ai voti della camera.",
            ),
            (
                "pt",
                "O ministro disse na sexta-feira que o plano será votado pelo parlamento.",
            ),
            (
                "nl",
                "De minister zei vrijdag dat het plan in stemming wordt gebracht.",
            ),
            (
                "sv",
                "Ministern sade på fredagen att planen ska gå till omröstning och beslut.",
            ),
            (
                "pl",
                "Minister powiedział w piątek, że plan zostanie poddany pod głosowanie i się.",
            ),
            (
                "tr",
                "Bakan cuma günü yaptığı açıklamada bu planın oylamaya sunulacağını ve daha.",
            ),
        ];
        for (lang, text) in cases {
            assert_eq!(table.vote(text), Vote::Clear(lang), "{text}");
        }
    }

    /// [`LANDSLIDE`] votes four times ahead decide at once, whatever follows; one fewer do not.
    #[test]
    fn a_landslide_decides_before_the_rest_is_read() {
        let table = FunctionWords::default();
        let german = " und der die das nicht mit auf ist".repeat(4);
        let english = ["the", "and", "of", "with", "from", "that", "this", "said"];
        let lead = |n: usize| english[..n].join(" ");
        let votes = LANDSLIDE as usize;
        assert_eq!(
            table.vote(&format!("{}{german}", lead(votes))),
            Vote::Clear("en")
        );
        assert_eq!(
            table.vote(&format!("{}{german}", lead(votes - 1))),
            Vote::Clear("de")
        );
    }

    /// Votes that only words of the leading language also give are no evidence of another
    /// language: `to` makes no paragraph Polish or Czech. Words of another language's own do.
    #[test]
    fn shared_words_alone_do_not_make_a_vote_unclear() {
        let table = FunctionWords::default();
        let english = "Analysts expect growth to slow to 1.5 percent next year. Trade Minister \
                       Yoon Bo-ram said, “We expect demand to pick up in the spring.”";
        assert_eq!(table.vote(english), Vote::Clear("en"));
        // Four `to`, counted for Polish and Czech too, against a few English-only words: no
        // clear lead by count alone.
        let sample = prefix(english, SAMPLE_BYTES);
        let mut votes = [0u32; LANGUAGES.len()];
        each_word(sample, |word| {
            let mut bits = table.languages_of(word).unwrap_or(0);
            while bits != 0 {
                votes[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            true
        });
        let (best, runner_up) = standings(&votes);
        assert_eq!(LANGUAGES[best], "en");
        assert!(votes[best] < 2 * runner_up, "{votes:?}");
        // With a word only Polish has, Polish has evidence of its own.
        let Vote::Unclear { .. } = table.vote(&format!("{english} nie")) else {
            panic!("a word of Polish's own keeps the vote open");
        };
    }

    /// A paragraph is in the language of its own words, not of what it quotes: German that
    /// opens by quoting English (more than a landslide's worth of English function words
    /// first), German that quotes English after a sentence of its own, English that quotes
    /// French. Without the quotation marks, the quoted words count like the others.
    #[test]
    fn quoted_words_do_not_decide_a_paragraphs_language() {
        let table = FunctionWords::default();
        let opens = "„We will not give in to the pressure of the markets“, sagte der Minister \
                     am Freitag in Berlin. Er fügte hinzu, dass die Regierung an ihrem Kurs \
                     festhalte und keine neuen Schulden aufnehmen werde.";
        assert_eq!(table.vote(opens), Vote::Clear("de"));
        assert_eq!(table.vote(&opens.replacen('„', "", 1)), Vote::Clear("en"));
        let after = "Die Exporte stiegen im Oktober um 1,5 Prozent gegenüber dem Vorjahr. „We \
                     are ready to talk, but not at any price“, sagte der Vorstandschef.";
        assert_eq!(table.vote(after), Vote::Clear("de"));
        let french = "The minister said on Friday that the plan would go ahead: « Nous ne \
                      céderons pas à la pression des marchés, et nous le dirons à la \
                      commission », and left the room.";
        assert_eq!(table.vote(french), Vote::Clear("en"));
    }

    #[test]
    fn names_and_addresses_do_not_vote() {
        let table = FunctionWords::default();
        // `Han`, `Ha` and `Do` are Korean names here, not Spanish or Portuguese words.
        assert_eq!(
            table.vote("Reporter Han Ha-eun Do Yun-seo haeun.han@example.com y"),
            Vote::Silent
        );
        // The possessive `s` is not the Czech preposition.
        assert_eq!(
            table.vote("The club’s coach told the team’s fans, the city’s mayor and the press"),
            Vote::Clear("en")
        );
        assert_eq!(table.vote("Han’s and Kim’s"), Vote::Silent);
    }

    #[test]
    fn no_clear_lead_is_no_answer() {
        let table = FunctionWords::default();
        // Names and numbers only.
        assert_eq!(
            table.vote("Samsung Electronics Hyundai Motor 2024 Seoul Busan"),
            Vote::Silent
        );
        // Too few function words to tell.
        assert_eq!(
            table.vote("the Bundesregierung und Washington"),
            Vote::Silent
        );
        // Enough, but as many English as German ones.
        let Vote::Unclear { voted } = table.vote("the and of Regierung und der die") else {
            panic!("an even vote is unclear");
        };
        let bit = |lang: Lang| 1 << LANGUAGES.iter().position(|l| *l == lang).unwrap();
        assert_eq!(voted & bit("en"), bit("en"));
        assert_eq!(voted & bit("de"), bit("de"));
        assert_eq!(voted & bit("fr"), 0);
    }

    #[test]
    fn every_table_word_fits_a_packed_key() {
        for (word, _) in WORDS {
            assert!(word.len() <= LONGEST && !word.contains('\0'), "{word}");
            assert_eq!(packed(word).to_le_bytes()[..word.len()], *word.as_bytes());
        }
        // Upper-case ASCII is folded into the same key as it is read.
        let mut keys = Vec::new();
        each_word("The THE the", |word| {
            keys.push(word.folded);
            true
        });
        assert_eq!(keys, [Some(packed("the")); 3]);
    }

    #[test]
    fn every_table_language_is_detectable() {
        for lang in LANGUAGES {
            assert!(
                super::super::DETECTABLE
                    .iter()
                    .any(|(code, _)| code == lang),
                "{lang}"
            );
        }
    }
}
