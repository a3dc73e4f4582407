//! Normalize: the second stage. Each segment gets a [`View`]: its text as a reader sees it
//! (escapes of its format decoded, Unicode NFC), with a map back to the original bytes.
//!
//! Rules are written against composed, unescaped text (`é`, not `e` + U+0301; `“`, not
//! `&ldquo;`), so a segment written otherwise would slip past them. The view is the segment
//! itself when it has no escapes and is already NFC, which is checked first and is nearly free
//! on real text; only segments that need it are copied. Findings in view coordinates are mapped
//! back with [`View::to_source`], which widens a range that cuts into a changed chunk to the
//! whole chunk (an edit never splits a character or an escape) and writes the replacement in
//! the segment's own syntax ([`escapes`]).

pub mod escapes;

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::bytes::{ascii_word, HIGH_BITS};

pub use escapes::{Encoding, EscapeStyle};

/// A chunk of the view whose text differs from the source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ChangedChunk {
    view: Range<usize>,
    source: Range<usize>,
}

/// A segment's text as the rules read it.
#[derive(Clone, Debug)]
pub struct View<'a> {
    pub text: Cow<'a, str>,
    /// Where the segment starts in the source.
    base: usize,
    /// Chunks that normalization changed, in order; empty when the view borrows the source.
    changed: Vec<ChangedChunk>,
    /// How the segment is escaped in its file, and how it writes escaped characters.
    encoding: Encoding,
    style: EscapeStyle,
}

impl<'a> View<'a> {
    /// Builds the view of `text`, which starts at byte `base` of the source and is written
    /// in `encoding`.
    pub fn new(text: &'a str, base: usize, encoding: Encoding) -> View<'a> {
        let escaped = encoding.may_escape(text);
        let borrowed = View {
            text: Cow::Borrowed(text),
            base,
            changed: Vec::new(),
            encoding,
            style: EscapeStyle::Literal,
        };
        if !escaped && (surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes) {
            return borrowed;
        }
        let escapes = if escaped {
            encoding.escapes(text)
        } else {
            Vec::new()
        };
        let style = escapes
            .iter()
            .find(|e| !e.text.is_ascii())
            .map_or(EscapeStyle::Literal, |e| e.style);
        let mut out = String::with_capacity(text.len());
        let mut changed = Vec::new();
        let push_plain =
            |out: &mut String, changed: &mut Vec<ChangedChunk>, range: Range<usize>| {
                // Text between escapes is most often already NFC (a JSON string whose only
                // escape is a `\"`): then no chunk of it changes, and it is copied whole.
                let plain = &text[range.clone()];
                if surely_nfc(plain) || is_nfc_quick(plain.chars()) == IsNormalized::Yes {
                    out.push_str(plain);
                    return;
                }
                for chunk in composition_chunks(plain) {
                    let chunk = range.start + chunk.start..range.start + chunk.end;
                    let start = out.len();
                    let piece = &text[chunk.clone()];
                    out.extend(piece.nfc());
                    if &out[start..] != piece {
                        changed.push(ChangedChunk {
                            view: start..out.len(),
                            source: base + chunk.start..base + chunk.end,
                        });
                    }
                }
            };
        let mut at = 0;
        for escape in &escapes {
            push_plain(&mut out, &mut changed, at..escape.range.start);
            let start = out.len();
            out.push_str(&escape.text);
            changed.push(ChangedChunk {
                view: start..out.len(),
                source: base + escape.range.start..base + escape.range.end,
            });
            at = escape.range.end;
        }
        push_plain(&mut out, &mut changed, at..text.len());
        if changed.is_empty() {
            return borrowed;
        }
        View {
            text: Cow::Owned(out),
            base,
            changed,
            encoding,
            style,
        }
    }

    /// Whether normalization changed anything in this segment.
    pub fn is_changed(&self) -> bool {
        !self.changed.is_empty()
    }

    /// The chunks normalization or escape decoding changed, as (range in the view, range in
    /// the source) pairs, in order: the view's text of the first is how the second reads.
    pub fn changed_ranges(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.changed
            .iter()
            .map(|c| (c.view.clone(), c.source.clone()))
    }

    /// Maps a range of the view to the source, with the replacement that range should get.
    ///
    /// A range that cuts into a chunk normalization changed is widened to the whole chunk, and
    /// the replacement is widened with the view's (normalized) text of the added part.
    pub fn to_source(&self, range: Range<usize>, replacement: &str) -> (Range<usize>, String) {
        if self.changed.is_empty() {
            return (
                self.base + range.start..self.base + range.end,
                self.encoding.encode(replacement, self.style),
            );
        }
        let (view_start, source_start) = self.map_start(range.start);
        let (view_end, source_end) = self.map_end(range.end.max(range.start));
        let mut widened = String::new();
        widened.push_str(&self.text[view_start..range.start]);
        widened.push_str(replacement);
        widened.push_str(&self.text[range.end..view_end]);
        (
            source_start..source_end,
            self.encoding.encode(&widened, self.style),
        )
    }

    /// The source range of a view range (see [`View::to_source`]).
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.to_source(range, "").0
    }

    fn map_start(&self, at: usize) -> (usize, usize) {
        let index = self.changed.partition_point(|c| c.view.end <= at);
        match self.changed.get(index) {
            Some(c) if c.view.start < at => (c.view.start, c.source.start),
            _ => (at, self.unchanged_to_source(at)),
        }
    }

    fn map_end(&self, at: usize) -> (usize, usize) {
        let index = self.changed.partition_point(|c| c.view.end < at);
        match self.changed.get(index) {
            Some(c) if c.view.start < at && at < c.view.end => (c.view.end, c.source.end),
            _ => (at, self.unchanged_to_source(at)),
        }
    }

    /// Maps a view offset that lies outside every changed chunk.
    fn unchanged_to_source(&self, at: usize) -> usize {
        let index = self.changed.partition_point(|c| c.view.end <= at);
        match index.checked_sub(1).map(|i| &self.changed[i]) {
            Some(c) => c.source.end + (at - c.view.end),
            None => self.base + at,
        }
    }
}

/// Splits text before each ASCII character. No canonical composition or reordering crosses
/// such a point (an ASCII character is a starter and is never the second of a composed pair),
/// so normalizing the chunks one by one equals normalizing the whole.
fn composition_chunks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut at = start + text[start..].chars().next().map_or(1, char::len_utf8);
        while at < bytes.len() && !bytes[at].is_ascii() {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
        let chunk = start..at;
        start = at;
        Some(chunk)
    })
}

/// Whether `text` is surely in NFC without the table lookups of the quick check: every
/// character is one that never combines and never changes under NFC (below U+0300, General
/// Punctuation but for two old spaces, CJK punctuation and kana but for their combining marks,
/// Han, Hangul syllables), which is most translated news. Otherwise the quick check decides.
/// A test checks every character of these ranges against the Unicode tables.
///
/// ASCII is read sixteen bytes at a time while it lasts, then as a word of eight, which is
/// passed up to the first other character it holds at once. The other characters are judged
/// by their UTF-8 bytes, as [`never_composes`] judges the decoded character (a test asks both
/// about every character): the ranges start and end on a lead byte, a first continuation byte
/// or, for a few edges, a second one, so no character is decoded.
fn surely_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Sixteen bytes at a time while they are all ASCII (the top bit of none of the
        // sixteen set), then the word that is not.
        while let Some(chunk) = bytes[at..].first_chunk::<16>() {
            if u128::from_le_bytes(*chunk) & (u128::from(HIGH_BITS) * (1 << 64 | 1)) != 0 {
                break;
            }
            at += 16;
        }
        if at >= bytes.len() {
            break;
        }
        let high = ascii_word(bytes, at) & HIGH_BITS;
        if high == 0 {
            at += 8;
            continue;
        }
        at += high.trailing_zeros() as usize / 8;
        // A run of other characters (a Korean or Japanese phrase) is read without going back
        // to the words of ASCII between its characters.
        while bytes.get(at).is_some_and(|b| !b.is_ascii()) {
            at += match bytes[at..] {
                // U+0080–U+02FF.
                [0xC2..=0xCB, ..] => 2,
                // U+2002–U+206F.
                [0xE2, 0x80, 0x82..=0xBF, ..] | [0xE2, 0x81, 0x80..=0xAF, ..] => 3,
                // U+3000–U+3029, U+3030–U+3098, U+309B–U+30FF.
                [0xE3, 0x80, 0x80..=0xA9 | 0xB0..=0xBF, ..]
                | [0xE3, 0x81 | 0x83, ..]
                | [0xE3, 0x82, 0x80..=0x98 | 0x9B..=0xBF, ..] => 3,
                // U+4E00–U+9FFF.
                [0xE4, 0xB8..=0xBF, ..] | [0xE5..=0xE9, ..] => 3,
                // U+AC00–U+D7A3.
                [0xEA, 0xB0..=0xBF, ..]
                | [0xEB | 0xEC, ..]
                | [0xED, 0x80..=0x9D, ..]
                | [0xED, 0x9E, 0x80..=0xA3, ..] => 3,
                _ => return false,
            };
        }
    }
    true
}

/// The characters [`surely_nfc`] passes, as characters rather than bytes: what the tests
/// check it against, and check against the Unicode tables.
#[cfg(test)]
fn never_composes(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{2FF}'
        | '\u{2002}'..='\u{206F}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{3098}'
        | '\u{309B}'..='\u{30FF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(4),
            failure_persistence: None,
            ..Default::default()
        })]

        /// Reading ASCII eight bytes at a time answers as asking every character.
        #[test]
        fn surely_nfc_asks_every_character(chars in proptest::collection::vec(
            proptest::sample::select(vec!['a', 'b', ' ', '.', 'é', '“', '한', '\u{301}', 'か', '\u{3099}']),
            0..60,
        )) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(surely_nfc(&text), text.chars().all(never_composes));
        }

        /// The same with characters from around the edges of every range read by its bytes
        /// (Latin-1 and the combining marks after it, General Punctuation, CJK punctuation and
        /// kana, Han, Hangul syllables) and four-byte ones, in runs long and short.
        #[test]
        fn surely_nfc_asks_every_character_of_mixed_scripts(chars in proptest::collection::vec(
            proptest::char::ranges(std::borrow::Cow::Borrowed(crate::bytes::SCAN_EDGES)),
            0..60,
        )) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(surely_nfc(&text), text.chars().all(never_composes));
        }
    }

    /// Every character, alone, after sixteen bytes of ASCII and before a Hangul syllable (a
    /// run of other characters), is judged by its bytes as [`never_composes`] judges it.
    #[test]
    fn surely_nfc_reads_the_bytes_of_every_character_as_never_composes() {
        let mut text = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = never_composes(c);
            text.clear();
            text.push(c);
            assert_eq!(surely_nfc(&text), expected, "U+{:04X}", c as u32);
            text.clear();
            text.push_str("0123456789abcdef");
            text.push(c);
            text.push('한');
            assert_eq!(surely_nfc(&text), expected, "U+{:04X}", c as u32);
        }
    }

    /// The quick check answers Yes for a text whose characters all answer Yes and have
    /// combining class 0, so checking the characters of the fast path once is enough.
    #[test]
    fn characters_that_never_compose_are_nfc_and_of_combining_class_zero() {
        use unicode_normalization::char::canonical_combining_class;
        let mut checked = 0;
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| never_composes(c))
        {
            let code = c as u32;
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{code:04X}"
            );
            assert_eq!(canonical_combining_class(c), 0, "U+{code:04X}");
            checked += 1;
        }
        assert!(checked > 30_000);
        assert!(surely_nfc("“Café” — 한국 中国 かな"));
        assert!(!surely_nfc("Cafe\u{301}"));
        assert!(!surely_nfc("か\u{3099}"));
    }

    #[test]
    fn nfc_text_is_borrowed() {
        let view = View::new("Café “ok”", 10, Encoding::Plain);
        assert!(matches!(view.text, Cow::Borrowed(_)));
        assert_eq!(view.to_source(1..3, "x"), (11..13, "x".to_string()));
    }

    #[test]
    fn decomposed_text_is_composed_and_maps_back() {
        // "Cafe\u{301} “x”": the view has é (2 bytes) where the source has e + U+0301 (3 bytes).
        let source = "Cafe\u{301} “x”";
        let view = View::new(source, 0, Encoding::Plain);
        assert_eq!(view.text, "Café “x”");
        // The opening quote is at view byte 6, source byte 7.
        let quote = view.text.find('“').unwrap();
        assert_eq!(view.to_source(quote..quote + 3, ""), (7..10, String::new()));
        // A range that cuts into the changed chunk is widened and its replacement with it.
        let e = view.text.find('é').unwrap();
        assert_eq!(view.to_source(e..e + 2, "E"), (3..6, "E".to_string()));
        let (range, text) = view.to_source(e + 2..e + 2, "!");
        assert_eq!((range, text.as_str()), (6..6, "!"));
    }

    #[test]
    fn escapes_are_decoded_and_repairs_written_back_in_kind() {
        let source = "He said, &ldquo;Yes. &ldquo;No&rdquo; &amp; more";
        let view = View::new(source, 100, Encoding::Html);
        assert_eq!(view.text, "He said, “Yes. “No” & more");
        // Removing the second opener removes its reference.
        let second = view.text.match_indices('“').nth(1).unwrap().0;
        assert_eq!(
            view.to_source(second..second + 3, ""),
            (100 + 21..100 + 28, String::new())
        );
        // A mark written into the text is written as the document writes marks.
        let (_, text) = view.to_source(0..0, "”");
        assert_eq!(text, "&rdquo;");
        let json = View::new(r#"He said \"yes\" \u201cok\u201d"#, 0, Encoding::Json);
        assert_eq!(json.text, "He said \"yes\" “ok”");
        assert_eq!(json.to_source(0..0, "“\"").1, "\\u201c\\\"");
    }

    #[test]
    fn text_between_escapes_is_composed_only_where_it_needs_it() {
        // NFC text around `\"`: only the escapes are changed chunks.
        let nfc = View::new(r#"Café \"x\" ok"#, 0, Encoding::Json);
        assert_eq!(nfc.text, "Café \"x\" ok");
        assert_eq!(nfc.changed_ranges().count(), 2);
        // A decomposed letter between the escapes is composed, and maps back to its bytes.
        let source = "Cafe\u{301} \\\"x\\\" e\u{301}";
        let view = View::new(source, 0, Encoding::Json);
        assert_eq!(view.text, "Café \"x\" é");
        let changed: Vec<_> = view.changed_ranges().collect();
        assert_eq!(changed.len(), 4);
        assert_eq!(&source[changed[0].1.clone()], "e\u{301}");
        assert_eq!(&source[changed[3].1.clone()], "e\u{301}");
    }

    #[test]
    fn chunks_equal_whole_normalization() {
        for text in [
            "e\u{301}\u{323}x",
            "\u{1100}\u{1161}\u{11a8}가",
            "a\u{30a}\u{301}b",
        ] {
            let whole: String = text.nfc().collect();
            assert_eq!(View::new(text, 0, Encoding::Plain).text, whole);
        }
    }

    #[test]
    fn changed_ranges_pair_view_and_source() {
        let view = View::new("ok e\u{301} and a\u{30a}", 5, Encoding::Plain);
        let changed: Vec<_> = view.changed_ranges().collect();
        assert_eq!(changed.len(), 2);
        assert_eq!(&view.text[changed[0].0.clone()], "é");
        assert_eq!(changed[0].1, 8..11);
        assert_eq!(&view.text[changed[1].0.clone()], "å");
    }
}
