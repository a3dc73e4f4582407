//! The plain-text reader.
//!
//! News copy usually keeps one paragraph on one line; hard-wrapped text (e-mail, some wire
//! feeds) breaks a paragraph over short lines and separates paragraphs with blank lines. The
//! reader tells the two apart from the shape of the whole text (where its lines end), because a quotation analyzer
//! that saw half a paragraph would report quotations that are in fact closed on the next line.

use std::ops::Range;

use super::{Segment, SegmentKind};

/// Longest line still counted as part of a hard-wrapped paragraph.
const WRAP_WIDTH: usize = 100;

/// How a plain text lays out its paragraphs, decided once from the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One paragraph per line.
    LinePerParagraph,
    /// Paragraphs broken over short lines, separated by blank lines.
    HardWrapped,
}

/// The layout of `source`.
pub fn layout(source: &str) -> Layout {
    if is_hard_wrapped(source, line_ranges(source, body_start(source))) {
        Layout::HardWrapped
    } else {
        Layout::LinePerParagraph
    }
}

/// The layout of a text that begins with `prefix` (cut at a line end), when the prefix alone
/// decides it: a line longer than any wrap width makes the text one paragraph per line,
/// whatever follows. `None` when the rest of the text could still change it.
pub fn layout_settled_by(prefix: &str) -> Option<Layout> {
    line_ranges(prefix, body_start(prefix))
        .any(|line| is_long(&prefix[line]))
        .then_some(Layout::LinePerParagraph)
}

/// Whether a line (its line end aside) is longer than any wrap width.
fn is_long(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).chars().count() > WRAP_WIDTH
}

fn body_start(source: &str) -> usize {
    if source.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

pub(super) fn segments(source: &str) -> Vec<Segment> {
    segments_in(source, layout(source))
}

/// The paragraphs of `source` read in a layout decided elsewhere (from the whole text, when
/// `source` is a part of it).
pub(super) fn segments_in(source: &str, layout: Layout) -> Vec<Segment> {
    segments_within(source, 0..source.len(), layout)
}

/// The paragraphs of the lines `range` of `source` (which starts and ends at line starts),
/// with their ranges in `source`. A byte order mark is only passed over at the very start.
pub(super) fn segments_within(source: &str, range: Range<usize>, layout: Layout) -> Vec<Segment> {
    let start = match range.start {
        0 => body_start(source),
        start => start,
    };
    let source_to_end = &source[..range.end];
    let lines = line_ranges(source_to_end, start);
    let hard_wrapped = layout == Layout::HardWrapped;

    let mut segments = Vec::new();
    let mut block: Option<Range<usize>> = None;
    for line in lines {
        let content = trim_line_end(source, line.clone());
        if source[content.clone()].trim().is_empty() {
            if let Some(range) = block.take() {
                segments.push(prose(range, segments.len()));
            }
            continue;
        }
        if !hard_wrapped {
            segments.push(prose(content, segments.len()));
            continue;
        }
        block = Some(match block {
            Some(range) => range.start..content.end,
            None => content,
        });
    }
    if let Some(range) = block {
        segments.push(prose(range, segments.len()));
    }
    segments
}

/// A paragraph of plain text: its own block.
fn prose(range: Range<usize>, block: usize) -> Segment {
    Segment {
        range,
        kind: SegmentKind::Prose,
        block,
        ..Segment::default()
    }
}

/// Byte ranges of the lines from `start`, each including its line terminator, found with
/// memchr's vectorised search and handed out one at a time, so that a reader that decides
/// early (a line too long to be hard-wrapped) reads no further.
fn line_ranges(source: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let ends = memchr::memchr_iter(b'\n', &source.as_bytes()[start..])
        .map(move |i| start + i + 1)
        .chain(std::iter::once(source.len()));
    let mut at = start;
    ends.filter_map(move |end| {
        let line = (at < end).then_some(at..end);
        at = end;
        line
    })
}

fn trim_line_end(source: &str, line: Range<usize>) -> Range<usize> {
    let text = &source[line.clone()];
    let trimmed = text.trim_end_matches(['\n', '\r']);
    line.start..line.start + trimmed.len()
}

/// Hard-wrapped text breaks sentences across lines: most lines that are followed by another
/// line of the same block end in the middle of a sentence, and no line is longer than a wrap
/// width. Text with one paragraph per line ends its lines with sentence punctuation, or has
/// lines longer than any wrap width.
fn is_hard_wrapped(source: &str, lines: impl Iterator<Item = Range<usize>>) -> bool {
    let mut continued = 0usize;
    let mut mid_sentence = 0usize;
    let mut previous: Option<&str> = None;
    for line in lines {
        let text = &source[line];
        if is_long(text) {
            return false;
        }
        let text = text.trim_end_matches(['\n', '\r']);
        let filled = !text.trim().is_empty();
        if let (Some(previous), true) = (previous, filled) {
            continued += 1;
            let last = previous.trim_end().chars().next_back();
            mid_sentence += usize::from(last.is_some_and(|c| c.is_alphanumeric() || c == ','));
        }
        previous = filled.then_some(text);
    }
    continued >= 2 && mid_sentence * 2 > continued
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        segments(source)
            .into_iter()
            .map(|s| &source[s.range])
            .collect()
    }

    /// A line longer than any wrap width settles the layout of every text that goes on from
    /// it; short lines settle nothing.
    #[test]
    fn a_long_line_settles_the_layout_whatever_follows() {
        let long = "word ".repeat(30);
        let wrapped =
            "He said that the\nmeeting would go on\nuntil late in the\nevening, and left.\n\n";
        assert_eq!(layout(&wrapped.repeat(20)), Layout::HardWrapped);
        assert_eq!(layout_settled_by(&wrapped.repeat(20)), None);
        for text in [
            format!("{long}\n{}", wrapped.repeat(20)),
            format!("{}{long}\n{}", wrapped.repeat(20), wrapped.repeat(20)),
        ] {
            let through_long = text.find(&long).unwrap() + long.len() + 1;
            assert_eq!(
                layout_settled_by(&text[..through_long]),
                Some(Layout::LinePerParagraph)
            );
            assert_eq!(layout(&text), Layout::LinePerParagraph);
            // Up to the line before it, nothing is settled.
            assert_eq!(layout_settled_by(&text[..text.find(&long).unwrap()]), None);
        }
    }

    #[test]
    fn one_paragraph_per_line() {
        assert_eq!(texts("One.\r\nTwo.\n\nThree."), ["One.", "Two.", "Three."]);
    }

    #[test]
    fn hard_wrapped_blocks_are_paragraphs() {
        let source = "He said, “We will\nwin.”\n\nShe left the\nroom.\n";
        assert_eq!(
            texts(source),
            ["He said, “We will\nwin.”", "She left the\nroom."]
        );
    }

    #[test]
    fn bom_is_not_text() {
        assert_eq!(texts("\u{feff}Title\nBody"), ["Title", "Body"]);
    }
}
