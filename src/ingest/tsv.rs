//! The TSV reader, for parallel corpora: one pair per line, `source<TAB>target`.
//!
//! This is how aligned corpora and many tool exports lay out translations. The target column
//! is the segment and the source column is what it `translates`; each line is a block of its
//! own. Columns after the target (scores, ids) and lines without a tab (headers, comments,
//! blank lines) are not text to check and are left alone. Nothing is escaped in TSV, so the
//! text is plain; a line's `\r` before its newline is not part of the target.

use super::{Segment, SegmentKind};
use crate::normalize::Encoding;

pub(super) fn segments(source: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    for (block, line) in source.split_inclusive('\n').enumerate() {
        let line_start = start;
        start += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(tab) = line.find('\t') else {
            continue;
        };
        let target_start = tab + 1;
        let target_end = line[target_start..]
            .find('\t')
            .map_or(line.len(), |t| target_start + t);
        if line[target_start..target_end].trim().is_empty() {
            continue;
        }
        out.push(Segment {
            range: line_start + target_start..line_start + target_end,
            kind: SegmentKind::Prose,
            block,
            encoding: Encoding::Plain,
            lang: None,
            translates: Some(line_start..line_start + tab),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_column_translates_the_first() {
        let source = "# corpus\n그렇다\tYes\r\n아니다\tNo\t0.93\n\n없음\t\nlast\tline";
        let found: Vec<_> = segments(source)
            .into_iter()
            .map(|s| {
                (
                    s.block,
                    &source[s.range],
                    &source[s.translates.expect("a source")],
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (1, "Yes", "그렇다"),
                (2, "No", "아니다"),
                (5, "line", "last")
            ]
        );
    }
}
