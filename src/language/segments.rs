//! The language of each segment, decided when a rule first asks for it.
//!
//! Most paragraphs of a clean text hold nothing any rule could match, and for them the
//! language does not matter. So detection is lazy: a segment's language is worked out the first
//! time a rule or analyzer that can fire there asks, and kept for the rest of the run. The
//! segments of one block (a paragraph split by inline markup) are read together and share the
//! answer; a language the file states wins over a guess. A block whose text was already
//! read in an earlier pass over the same document ([`KnownLanguages`]) is not read again.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::BuildHasher;

use super::{prefix, Lang, LanguageDetector, SAMPLE_BYTES};

/// The languages of a document's segments.
pub struct SegmentLanguages<'a> {
    detector: Option<&'a LanguageDetector>,
    /// A language the file states for the segment, or the run fixes for every segment.
    stated: Vec<Option<Lang>>,
    /// The index in `blocks` of each segment's block.
    block_of: Vec<usize>,
    /// The text of each block: its segments' text joined, markup left out.
    blocks: Vec<Cow<'a, str>>,
    detected: Vec<OnceCell<Lang>>,
    /// The language of the whole document, for blocks too short to tell.
    document: OnceCell<Lang>,
    fallback: Lang,
    /// Languages decided in an earlier pass over the same document, by block text.
    known: Option<&'a KnownLanguages>,
}

/// The languages decided for block texts in one pass over a document, so that the next pass
/// (`fix` reading a part again after repairing it) does not detect them again for the blocks
/// it left as they were. Keyed by a 64-bit hash of the text and its length; only valid with
/// the same document language and fallback.
#[derive(Default)]
pub struct KnownLanguages {
    by_text: HashMap<(u64, usize), Lang, foldhash::fast::FixedState>,
}

impl KnownLanguages {
    fn key(text: &str) -> (u64, usize) {
        (
            foldhash::fast::FixedState::with_seed(0).hash_one(text),
            text.len(),
        )
    }

    fn get(&self, text: &str) -> Option<Lang> {
        self.by_text.get(&Self::key(text)).copied()
    }

    pub fn len(&self) -> usize {
        self.by_text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_text.is_empty()
    }
}

/// What the detector needs to know of one segment.
pub struct SegmentText<'a> {
    /// The segment's block number; consecutive segments of one block are read together.
    pub block: usize,
    /// The text to read, or `None` for markup.
    pub text: Option<&'a str>,
    /// A language the file states.
    pub stated: Option<Lang>,
}

impl<'a> SegmentLanguages<'a> {
    /// Every segment in a language known in advance.
    pub fn fixed(langs: Vec<Lang>) -> SegmentLanguages<'a> {
        SegmentLanguages {
            detector: None,
            block_of: vec![0; langs.len()],
            stated: langs.into_iter().map(Some).collect(),
            blocks: Vec::new(),
            detected: Vec::new(),
            known: None,
            document: OnceCell::new(),
            fallback: "en",
        }
    }

    /// Segments whose language is detected when first asked. `document` is the language of
    /// the whole document when the caller already knows it (a part of a larger text);
    /// otherwise it is detected from a sample of the first blocks, and `fallback` is used when
    /// even that is unclear.
    pub fn detect(
        detector: &'a LanguageDetector,
        segments: impl IntoIterator<Item = SegmentText<'a>>,
        document: Option<Lang>,
        fallback: Lang,
    ) -> SegmentLanguages<'a> {
        Self::detect_with(detector, segments, document, fallback, None)
    }

    /// As [`SegmentLanguages::detect`], taking the language of a block whose text `known`
    /// holds from there.
    pub fn detect_with(
        detector: &'a LanguageDetector,
        segments: impl IntoIterator<Item = SegmentText<'a>>,
        document: Option<Lang>,
        fallback: Lang,
        known: Option<&'a KnownLanguages>,
    ) -> SegmentLanguages<'a> {
        let mut stated = Vec::new();
        let mut block_of = Vec::new();
        let mut blocks: Vec<Cow<'a, str>> = Vec::new();
        let mut index: HashMap<usize, usize, foldhash::fast::FixedState> = HashMap::default();
        let mut last: Option<(usize, usize)> = None;
        for segment in segments {
            let b = match last {
                Some((number, b)) if number == segment.block => b,
                _ => *index.entry(segment.block).or_insert_with(|| {
                    blocks.push(Cow::Borrowed(""));
                    blocks.len() - 1
                }),
            };
            last = Some((segment.block, b));
            if let Some(text) = segment.text {
                match &mut blocks[b] {
                    Cow::Borrowed("") => blocks[b] = Cow::Borrowed(text),
                    block => block.to_mut().push_str(text),
                }
            }
            stated.push(segment.stated);
            block_of.push(b);
        }
        let document = match document {
            Some(lang) => OnceCell::from(lang),
            None => OnceCell::new(),
        };
        SegmentLanguages {
            detector: Some(detector),
            stated,
            block_of,
            detected: (0..blocks.len()).map(|_| OnceCell::new()).collect(),
            blocks,
            document,
            fallback,
            known,
        }
    }

    /// The language of segment `index`.
    pub fn get(&self, index: usize) -> Lang {
        if let Some(lang) = self.stated[index] {
            return lang;
        }
        let Some(detector) = self.detector else {
            return self.fallback;
        };
        let b = self.block_of[index];
        self.detected[b].get_or_init(|| {
            let text = &self.blocks[b];
            if let Some(lang) = self.known.and_then(|known| known.get(text)) {
                return lang;
            }
            detector
                .detect(prefix(text, SAMPLE_BYTES))
                .unwrap_or_else(|| self.document(detector))
        })
    }

    /// The languages decided so far, by block text, for a later pass over the same document.
    pub fn known(&self) -> KnownLanguages {
        let mut known = KnownLanguages::default();
        let decided = self
            .detected
            .iter()
            .filter(|lang| lang.get().is_some())
            .count();
        known.by_text.reserve(decided);
        for (text, lang) in self.blocks.iter().zip(&self.detected) {
            if let Some(&lang) = lang.get() {
                known.by_text.insert(KnownLanguages::key(text), lang);
            }
        }
        known
    }

    pub fn len(&self) -> usize {
        self.stated.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stated.is_empty()
    }

    /// The language of the whole document, from a sample of its first blocks.
    fn document(&self, detector: &LanguageDetector) -> Lang {
        self.document.get_or_init(|| {
            detector.detect_document(self.blocks.iter().map(|b| b.as_ref()), self.fallback)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(block: usize, text: &str) -> SegmentText<'_> {
        SegmentText {
            block,
            text: Some(text),
            stated: None,
        }
    }

    #[test]
    fn short_segments_take_the_document_language() {
        let detector = LanguageDetector::default();
        let langs = SegmentLanguages::detect(
            &detector,
            [
                prose(0, "Kurz gemeldet"),
                prose(1, "Der Präsident sagte am Freitag, dass die Regierung den Vorschlag prüfen und bald darüber entscheiden werde."),
            ],
            None,
            "en",
        );
        assert_eq!(langs.get(0), "de");
        assert_eq!(langs.get(1), "de");
    }

    #[test]
    fn a_given_document_language_is_not_detected_again() {
        let detector = LanguageDetector::default();
        let langs =
            SegmentLanguages::detect(&detector, [prose(0, "Kurz gemeldet")], Some("fr"), "en");
        assert_eq!(langs.get(0), "fr");
    }

    #[test]
    fn segments_of_one_block_share_its_language() {
        let detector = LanguageDetector::default();
        let langs = SegmentLanguages::detect(
            &detector,
            [
                prose(0, "Der Präsident sagte am Freitag, "),
                SegmentText {
                    block: 0,
                    text: None,
                    stated: None,
                },
                prose(
                    0,
                    "dass die Regierung den Vorschlag prüfen und bald darüber entscheiden werde.",
                ),
                SegmentText {
                    block: 1,
                    text: Some("The minister said on Friday that the plan would be put to a vote."),
                    stated: Some("it"),
                },
            ],
            None,
            "en",
        );
        assert_eq!([langs.get(0), langs.get(1), langs.get(2)], ["de"; 3]);
        assert_eq!(langs.get(3), "it");
    }

    #[test]
    fn a_later_pass_takes_known_languages_and_detects_changed_text() {
        let detector = LanguageDetector::default();
        let german =
            "Der Präsident sagte am Freitag, dass die Regierung den Vorschlag prüfen werde.";
        let english = "The president said on Friday that the government would review the plan.";
        let first = SegmentLanguages::detect(&detector, [prose(0, german)], Some("en"), "en");
        assert_eq!(first.get(0), "de");
        let mut known = first.known();
        assert_eq!(known.len(), 1);
        // A later pass takes what is known for the same text, even where detection would
        // say otherwise, and detects a text it has not seen.
        known.by_text.insert(KnownLanguages::key(english), "it");
        let changed = german.replace("Der", "Die");
        let later = SegmentLanguages::detect_with(
            &detector,
            [prose(0, german), prose(1, english), prose(2, &changed)],
            Some("en"),
            "en",
            Some(&known),
        );
        assert_eq!(
            [later.get(0), later.get(1), later.get(2)],
            ["de", "it", "de"]
        );
        assert_eq!(later.known().len(), 3);
    }
}
