//! A repaired text kept as the pieces it was repaired in, not joined into one copy.
//!
//! `fix` of a long plain text repairs a few stretches of it and leaves the rest as it was.
//! Joining the result into one string the size of the text copies every byte into memory
//! touched for the first time, which the kernel must hand out page by page: a twentieth of a
//! `fix`, and for a 1 GB text a second gigabyte. A caller that only writes the text out can
//! write the unchanged spans straight from the source instead ([`RepairedText::pieces`]).

use std::borrow::Cow;
use std::ops::Range;

/// A text made of spans of a source left as they were and repaired text between them, in
/// order. It does not hold the source: every method that reads it is given the source it was
/// made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepairedText {
    chunks: Vec<Chunk>,
    len: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Chunk {
    /// Bytes of the source, unchanged.
    Source(Range<usize>),
    /// Text that replaced some bytes of the source.
    Repaired(String),
}

impl RepairedText {
    /// The whole of a text that stands for itself, not for spans of a source.
    pub fn whole(text: String) -> RepairedText {
        let mut repaired = RepairedText::default();
        repaired.push_repaired(text);
        repaired
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds the source's bytes `range`, unchanged.
    pub(crate) fn push_source(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.len += range.len();
        match self.chunks.last_mut() {
            Some(Chunk::Source(last)) if last.end == range.start => last.end = range.end,
            _ => self.chunks.push(Chunk::Source(range)),
        }
    }

    /// Adds repaired text.
    pub(crate) fn push_repaired(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        self.len += text.len();
        self.chunks.push(Chunk::Repaired(text));
    }

    /// Its pieces' text in order, `source` being the text it was made from.
    pub fn pieces<'a>(&'a self, source: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.chunks.iter().map(move |chunk| match chunk {
            Chunk::Source(range) => &source[range.clone()],
            Chunk::Repaired(text) => text.as_str(),
        })
    }

    /// The text as one string.
    pub fn join(&self, source: &str) -> String {
        let mut joined = String::with_capacity(self.len);
        joined.extend(self.pieces(source));
        joined
    }

    /// Its first bytes, more than `bytes` of them or all: the pieces that hold them, joined
    /// (borrowed when one piece holds them all).
    pub fn prefix<'a>(&'a self, source: &'a str, bytes: usize) -> Cow<'a, str> {
        let mut pieces = self.pieces(source);
        let Some(first) = pieces.next() else {
            return Cow::Borrowed("");
        };
        if first.len() > bytes {
            return Cow::Borrowed(first);
        }
        let mut joined = first.to_string();
        for piece in pieces {
            if joined.len() > bytes {
                break;
            }
            joined.push_str(piece);
        }
        Cow::Owned(joined)
    }

    /// Whether it reads otherwise than `source`.
    pub fn differs_from(&self, source: &str) -> bool {
        if self.len != source.len() {
            return true;
        }
        let mut at = 0;
        self.pieces(source).any(|piece| {
            let differs = source.as_bytes()[at..at + piece.len()] != *piece.as_bytes();
            at += piece.len();
            differs
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made_of(source: &str, parts: &[Result<Range<usize>, &str>]) -> RepairedText {
        let mut text = RepairedText::default();
        for part in parts {
            match part {
                Ok(range) => text.push_source(range.clone()),
                Err(repaired) => text.push_repaired(repaired.to_string()),
            }
        }
        assert_eq!(text.len(), text.join(source).len());
        text
    }

    #[test]
    fn spans_and_repairs_join_in_order() {
        let source = "He said “yes. She left.";
        let close = source.find(" She").unwrap();
        let text = made_of(
            source,
            &[Ok(0..close), Err("”"), Ok(close..source.len()), Ok(0..0)],
        );
        assert_eq!(text.join(source), "He said “yes.” She left.");
        assert!(text.differs_from(source));
        let pieces: Vec<&str> = text.pieces(source).collect();
        assert_eq!(pieces, ["He said “yes.", "”", " She left."]);
    }

    #[test]
    fn adjacent_spans_of_the_source_are_one_piece() {
        let source = "One. Two. Three.";
        let text = made_of(source, &[Ok(0..5), Ok(5..10), Ok(10..16)]);
        assert_eq!(text.pieces(source).count(), 1);
        assert!(!text.differs_from(source));
        // The same bytes from repaired text do not differ either.
        let copied = made_of(source, &[Ok(0..5), Err("Two. "), Ok(10..16)]);
        assert!(!copied.differs_from(source));
        let changed = made_of(source, &[Ok(0..5), Err("Two! "), Ok(10..16)]);
        assert!(changed.differs_from(source));
    }

    #[test]
    fn a_prefix_holds_more_than_asked_or_all() {
        let source = "aaaa bbbb cccc";
        let text = made_of(source, &[Ok(0..5), Err("BBBB "), Ok(10..14)]);
        let whole = text.join(source);
        for bytes in 0..whole.len() + 3 {
            let prefix = text.prefix(source, bytes);
            assert!(whole.starts_with(prefix.as_ref()), "{bytes}");
            assert!(
                prefix.len() > bytes || prefix.len() == whole.len(),
                "{bytes}"
            );
        }
        assert_eq!(RepairedText::default().prefix(source, 3), "");
        assert_eq!(RepairedText::whole("xyz".into()).join(""), "xyz");
    }
}
