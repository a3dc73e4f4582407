//! Recognises an attribution clause: the "he said." that machine translation of Korean
//! (…라고 말했다) tends to leave inside quotation marks of its own.
//!
//! An attribution is a subject (a pronoun, an article-led noun phrase, or a run of capitalised
//! names and titles) followed by a verb of saying and, optionally, a short phrase of place,
//! time or audience ("on Telegram on the 25th", "told reporters"), ending the sentence.

use std::sync::LazyLock;

use regex::Regex;

/// Words that start a subject and are lower-cased when the clause follows a quotation.
const LOWERCASED_STARTS: &[&str] = &[
    "He", "She", "They", "We", "It", "The", "A", "An", "This", "That", "These", "Those", "His",
    "Her", "Its", "Their", "Our",
];

static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*";
    let name = r"\p{Lu}[\p{L}'’.\-]*";
    let joiner = r"(?:of|the|for|and|at|on|in|to|de|van|von|bin|al|da|la|le)";
    let pronoun = r"(?:He|She|They|We|I|It)";
    let article =
        format!(r"(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our)(?:\s+{word}){{1,9}}");
    let names = format!(r"{name}(?:\s+(?:{name}|{joiner})){{0,7}}");
    let verb = r"(?:said|says|added|adds|stressed|stresses|emphasized|emphasised|emphasizes|explained|explains|noted|notes|asked|asks|stated|states|continued|argued|insisted|claimed|warned|replied|answered|remarked|declared|urged|acknowledged|admitted|wrote|writes|concluded|recalled|commented|mentioned|announced|observed|confirmed|revealed|pointed out|went on|told reporters|told)";
    let tail = r"(?:\s+[^\s.?!“”«»\x22][^.?!“”«»\x22]{0,80})?";
    Regex::new(&format!(
        r"^(?P<subject>{pronoun}|{article}|{names})\s+{verb}{tail}\.(?:\s|$)"
    ))
    .expect("valid attribution pattern")
});

/// If `text` begins with an attribution clause, the length of its first word and whether that
/// word is lower-cased when the clause is joined to the quotation before it.
pub fn clause_start(text: &str) -> Option<(usize, bool)> {
    let caps = CLAUSE.captures(text)?;
    let subject = caps.name("subject")?.as_str();
    let first = subject.split_whitespace().next()?;
    // A subject must be a noun phrase, not a sentence fragment such as "It is said".
    let lower = LOWERCASED_STARTS.contains(&first);
    Some((first.len(), lower))
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
    }

    #[test]
    fn rejects_ordinary_sentences() {
        assert_eq!(clause_start("We will win the election."), None);
        assert_eq!(clause_start("There is no doubt."), None);
        assert_eq!(clause_start("He said"), None);
        assert_eq!(clause_start("The plan, he said, is done."), None);
    }
}
