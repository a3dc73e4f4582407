//! Recognises an attribution clause: the "he said." that machine translation of Korean
//! (…라고 말했다) tends to leave inside quotation marks of its own.
//!
//! An attribution is a subject (a pronoun, an article-led noun phrase, or a run of capitalised
//! names and titles) followed by a verb of saying and, optionally, a short phrase of place,
//! time or audience ("on Telegram on the 25th", "told reporters"), ending the sentence.
//!
//! The grammar is small and word-shaped, so it is matched word by word rather than by a regex:
//! the equivalent pattern repeats large Unicode classes up to nine times and took a third of
//! the start-up time of a run on a short article to compile. A test keeps the two in step.

/// Words that start a subject and are lower-cased when the clause follows a quotation.
const LOWERCASED_STARTS: &[&str] = &[
    "He", "She", "They", "We", "It", "The", "A", "An", "This", "That", "These", "Those", "His",
    "Her", "Its", "Their", "Our",
];

const PRONOUNS: &[&str] = &["He", "She", "They", "We", "I", "It"];

/// Words that open an article-led noun phrase ("The head of the agency").
const DETERMINERS: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Its", "Their", "Our",
];

/// Lower-case words allowed between capitalised names ("Bank of Korea", "Ludwig van Beethoven").
const JOINERS: &[&str] = &[
    "of", "the", "for", "and", "at", "on", "in", "to", "de", "van", "von", "bin", "al", "da", "la",
    "le",
];

/// Verbs of saying; the two-word ones are written with the single space they must have.
const VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "explained",
    "explains",
    "noted",
    "notes",
    "asked",
    "asks",
    "stated",
    "states",
    "continued",
    "argued",
    "insisted",
    "claimed",
    "warned",
    "replied",
    "answered",
    "remarked",
    "declared",
    "urged",
    "acknowledged",
    "admitted",
    "wrote",
    "writes",
    "concluded",
    "recalled",
    "commented",
    "mentioned",
    "announced",
    "observed",
    "confirmed",
    "revealed",
    "pointed out",
    "went on",
    "told reporters",
    "told",
];

/// Words after the determiner of a noun phrase, at most.
const MAX_PHRASE_WORDS: usize = 9;
/// Names and joiners after the first name, at most.
const MAX_MORE_NAMES: usize = 7;
/// Characters after the first one of the phrase that may follow the verb, at most.
const MAX_TAIL_CHARS: usize = 80;
/// The most words a subject and a two-word verb can take together.
const MAX_WORDS: usize = 1 + MAX_PHRASE_WORDS + 2;

/// Characters that end a sentence or a quotation, which the phrase after the verb cannot hold.
fn stops_tail(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '“' | '”' | '«' | '»' | '"')
}

/// If `text` begins with an attribution clause, the length of its first word and whether that
/// word is lower-cased when the clause is joined to the quotation before it.
pub fn clause_start(text: &str) -> Option<(usize, bool)> {
    let mut words = [(0, 0); MAX_WORDS];
    let mut count = 0;
    for word in word_ranges(text).take(MAX_WORDS) {
        words[count] = word;
        count += 1;
    }
    let words = &words[..count];
    let &(start, end) = words.first()?;
    let first = &text[start..end];
    if start != 0 {
        return None;
    }
    let word = |i: usize| &text[words[i].0..words[i].1];
    // Every way the first words can form a subject, by the number of words it takes.
    let mut subject_lengths = [false; MAX_WORDS];
    if PRONOUNS.contains(&first) {
        subject_lengths[1] = true;
    }
    if DETERMINERS.contains(&first) {
        for n in 1..=MAX_PHRASE_WORDS.min(count - 1) {
            if !is_plain_word(word(n)) {
                break;
            }
            subject_lengths[n + 1] = true;
        }
    }
    if is_name(first) {
        subject_lengths[1] = true;
        for n in 1..=MAX_MORE_NAMES.min(count - 1) {
            let w = word(n);
            if !(is_name(w) || JOINERS.contains(&w)) {
                break;
            }
            subject_lengths[n + 1] = true;
        }
    }
    let said = (1..count)
        .filter(|&n| subject_lengths[n])
        .any(|n| verb_ends_sentence(&text[words[n].0..]));
    said.then(|| (first.len(), LOWERCASED_STARTS.contains(&first)))
}

/// The start and end bytes of the whitespace-separated words of `text`.
fn word_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + w.len())
        })
}

/// A letter or digit, then letters, digits, apostrophes, full stops and hyphens.
fn is_plain_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c.is_numeric())
        && chars.all(|c| c.is_alphabetic() || c.is_numeric() || is_word_joiner(c))
}

/// A capital letter, then letters, apostrophes, full stops and hyphens.
fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphabetic() || is_word_joiner(c))
}

fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | '-')
}

/// `rest` starts with a verb of saying, then optionally a short phrase, then a full stop that
/// ends the text or is followed by whitespace.
fn verb_ends_sentence(rest: &str) -> bool {
    VERBS.iter().any(|verb| {
        let Some(after) = rest.strip_prefix(verb) else {
            return false;
        };
        if let Some(next) = after.strip_prefix('.') {
            return next.chars().next().is_none_or(char::is_whitespace);
        }
        after.starts_with(char::is_whitespace) && tail_ends_sentence(after)
    })
}

/// `after` is whitespace, a phrase of at most `MAX_TAIL_CHARS + 1` characters that holds no
/// sentence end or quotation mark, and a full stop followed by whitespace or the end.
fn tail_ends_sentence(after: &str) -> bool {
    let mut chars = after.trim_start().chars();
    if chars.next().is_none_or(stops_tail) {
        return false;
    }
    for (taken, c) in chars.by_ref().enumerate() {
        if stops_tail(c) {
            return c == '.' && chars.next().is_none_or(char::is_whitespace);
        }
        if taken == MAX_TAIL_CHARS {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_attributions() {
        assert_eq!(clause_start("He said."), Some((2, true)));
        assert_eq!(clause_start("He asked."), Some((2, true)));
        assert_eq!(clause_start("Governor Rhee explained."), Some((8, false)));
        assert_eq!(
            clause_start("An official at the Bank of Korea said."),
            Some((2, true))
        );
        assert_eq!(
            clause_start("She told reporters on Friday."),
            Some((3, true))
        );
        assert_eq!(clause_start("I said."), Some((1, false)));
        // A name and at most seven more names or joiners; a determiner and at most nine words.
        assert_eq!(
            clause_start("Kim Jong of the Bank of Korea Ltd said."),
            Some((3, false))
        );
        assert_eq!(
            clause_start("Kim Jong of the Bank of Korea Ltd Co said."),
            None
        );
        assert_eq!(
            clause_start("The man who ran the bank in 2024 for years said."),
            Some((3, true))
        );
        assert_eq!(
            clause_start("The man who ran the bank in 2024 for ten years said."),
            None
        );
    }

    #[test]
    fn rejects_ordinary_sentences() {
        assert_eq!(clause_start("We will win the election."), None);
        assert_eq!(clause_start("There is no doubt."), None);
        assert_eq!(clause_start("He said"), None);
        assert_eq!(clause_start("The plan, he said, is done."), None);
    }

    static REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(reference);

    /// The clause as a regex, the form it had before it was matched word by word.
    fn reference() -> regex::Regex {
        let word = r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*";
        let name = r"\p{Lu}[\p{L}'’.\-]*";
        let joiner = r"(?:of|the|for|and|at|on|in|to|de|van|von|bin|al|da|la|le)";
        let pronoun = r"(?:He|She|They|We|I|It)";
        let article = format!(
            r"(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our)(?:\s+{word}){{1,9}}"
        );
        let names = format!(r"{name}(?:\s+(?:{name}|{joiner})){{0,7}}");
        let verbs = VERBS.join("|");
        let tail = r"(?:\s+[^\s.?!“”«»\x22][^.?!“”«»\x22]{0,80})?";
        regex::Regex::new(&format!(
            r"^(?P<subject>{pronoun}|(?:{article})|(?:{names}))\s+(?:{verbs}){tail}\.(?:\s|$)"
        ))
        .unwrap()
    }

    fn by_reference(re: &regex::Regex, text: &str) -> Option<(usize, bool)> {
        let caps = re.captures(text)?;
        let first = caps.name("subject")?.as_str().split_whitespace().next()?;
        Some((first.len(), LOWERCASED_STARTS.contains(&first)))
    }

    #[test]
    fn the_phrase_after_the_verb_is_short_and_ends_the_sentence() {
        let long = format!("He said {}.", "x".repeat(MAX_TAIL_CHARS + 1));
        assert_eq!(clause_start(&long), Some((2, true)));
        let longer = format!("He said {}.", "x".repeat(MAX_TAIL_CHARS + 2));
        assert_eq!(clause_start(&longer), None);
        assert_eq!(clause_start("He said on Friday. Then"), Some((2, true)));
        assert_eq!(clause_start("He said on Friday?"), None);
        assert_eq!(clause_start("He said on Friday.”"), None);
        assert_eq!(clause_start(" He said."), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(11),
            failure_persistence: None,
            ..Default::default()
        })]

        /// Texts shaped like attributions (a subject of up to eleven words, a verb, a phrase
        /// and an ending, each sometimes wrong), joined by various whitespace, are attributions
        /// exactly when the regex form says so.
        #[test]
        fn agrees_with_the_regex_form(
            first in proptest::sample::select(vec![
                "He", "I", "It", "The", "Their", "An", "Kim", "O'Neil", "Éric", "él", "2024",
                "said", "",
            ]),
            middle in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bank", "of", "Korea", "official", "von", "Jean-Luc", "3.5", "x.", "the",
                    "él", "말했다", "said", ",", "IMF",
                ]),
                0..12,
            ),
            verb in proptest::sample::select(
                VERBS.iter().copied().chain(["pointed", "tells", "saidx"]).collect::<Vec<_>>()
            ),
            tail in proptest::sample::select(vec![
                "", "", " on Friday", " to reporters on the 25th", " ” x", " x?", "  ", " .",
                "\u{a0}at the ministry",
            ]),
            long_tail in 0..3usize,
            end in proptest::sample::select(vec![".", ".", ". Next", ".”", "", "?", ".\n"]),
            gaps in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", " ", "  ", "\n", "\u{a0}", "\t"]),
                16,
            ),
        ) {
            let mut words = vec![first];
            words.extend(middle);
            words.push(verb);
            let mut text = String::new();
            for (i, word) in words.iter().enumerate() {
                if i > 0 {
                    text.push_str(gaps[i]);
                }
                text.push_str(word);
            }
            text.push_str(tail);
            if long_tail > 0 {
                text.push(' ');
                text.push_str(&"y".repeat(MAX_TAIL_CHARS + long_tail));
            }
            text.push_str(end);
            proptest::prop_assert_eq!(clause_start(&text), by_reference(&REFERENCE, &text));
        }
    }
}
