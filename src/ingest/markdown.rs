//! The Markdown reader, built on pulldown-cmark's parser with source offsets.
//!
//! Prose is the text of paragraphs, headings, list items, block quotes, table cells and image
//! descriptions; each becomes a segment at its byte range, and the segments of one block share
//! a block number so a paragraph split by emphasis or links is read whole. Code spans, code
//! blocks, HTML, front matter (YAML or TOML metadata blocks), link destinations and autolinks
//! are not prose and are never touched.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Segment, SegmentKind};
use crate::normalize::Encoding;

pub(super) fn segments(source: &str) -> Vec<Segment> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut segments: Vec<Segment> = Vec::new();
    let mut block = 0usize;
    // Open elements, each marked when its text is not prose (code blocks, metadata,
    // autolinks), and how many such are open.
    let mut open: Vec<bool> = Vec::new();
    let mut opaque = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    block += 1;
                }
                let hides = is_opaque(&tag);
                opaque += usize::from(hides);
                open.push(hides);
            }
            Event::End(tag) => {
                if is_block_end(tag) {
                    block += 1;
                }
                if open.pop() == Some(true) {
                    opaque -= 1;
                }
            }
            Event::Text(_) if opaque == 0 => push(&mut segments, source, range, block),
            _ => {}
        }
    }
    segments
}

/// Adds a text run, joining it to the previous one when they touch in the source (the parser
/// splits text at escapes and references).
fn push(segments: &mut Vec<Segment>, source: &str, range: Range<usize>, block: usize) {
    if source[range.clone()].trim().is_empty() && segments.last().is_none_or(|s| s.block != block) {
        return;
    }
    if let Some(last) = segments.last_mut() {
        if last.block == block && last.range.end == range.start {
            last.range.end = range.end;
            return;
        }
    }
    segments.push(Segment {
        range,
        kind: SegmentKind::Prose,
        block,
        encoding: Encoding::Markdown,
        ..Segment::default()
    });
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn is_opaque(tag: &Tag) -> bool {
    match tag {
        Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => true,
        Tag::Link { link_type, .. } => matches!(link_type, LinkType::Autolink | LinkType::Email),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(source: &str) -> Vec<(usize, &str)> {
        segments(source)
            .into_iter()
            .map(|s| (s.block, &source[s.range]))
            .collect()
    }

    #[test]
    fn prose_is_read_and_code_is_not() {
        let source = "---\ntitle: \"x\"\n---\n\n# A “title”\n\nHe said, *“We are* ready.” See [the \"site\"](https://example.com/“x”) and `“code”`.\n\n```\n“block”\n```\n\n<div>“html”</div>\n";
        let found = prose(source);
        let texts: Vec<&str> = found.iter().map(|(_, t)| *t).collect();
        assert_eq!(
            texts,
            [
                "A “title”",
                "He said, ",
                "“We are",
                " ready.” See ",
                "the \"site\"",
                " and ",
                "."
            ]
        );
        // The paragraph's runs share one block; the heading has its own.
        assert_ne!(found[0].0, found[1].0);
        assert!(found[1..].iter().all(|(b, _)| *b == found[1].0));
    }

    #[test]
    fn autolinks_are_not_prose() {
        assert_eq!(
            prose("Write to <mailto:a@b.c> or <https://x.y/“z”>."),
            [(1, "Write to "), (1, " or "), (1, ".")]
        );
    }
}
