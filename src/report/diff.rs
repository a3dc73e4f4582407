//! Unified diffs of a repair, one hunk per repaired place.
//!
//! similar computes the line diff and, within changed lines, the words that changed. The hunks
//! are cut here rather than by similar's grouping because news text keeps a paragraph on one
//! line and repairs sit a line or two apart: with fixed context, unrelated repairs merge into
//! one long hunk an editor has to pick apart. Instead each run of changed lines is its own
//! hunk, and the unchanged lines between two runs are shared out as context (up to
//! [`CONTEXT`] on each side) so hunks never overlap. Each hunk header names the rules behind
//! it; with `styled`, changed words are highlighted; with `show_invisible`, characters an
//! editor cannot see (no-break spaces, zero-width marks, BOM, bidirectional controls) are
//! shown by name, in the diff only.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::ops::Range;

use similar::{ChangeTag, DiffOp, TextDiff};

/// Lines of context on each side of a hunk, at most.
pub const CONTEXT: usize = 3;

/// How a diff is drawn.
#[derive(Clone, Copy, Debug, Default)]
pub struct DiffStyle {
    /// ANSI colours: removed and added lines, changed words emphasised.
    pub styled: bool,
    /// Invisible characters shown by name, such as `⟨NBSP⟩`.
    pub show_invisible: bool,
}

/// A rule behind a repair, at a byte range of the old text.
#[derive(Clone, Debug)]
pub struct RepairNote {
    pub range: Range<usize>,
    pub rule: String,
}

/// A plain unified diff of `old` → `new` with `path` in both headers; empty when they are
/// equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    annotated_diff(path, old, new, &[], DiffStyle::default())
}

/// A unified diff whose hunk headers name the rules of `notes` that touched their lines.
pub fn annotated_diff(
    path: &str,
    old: &str,
    new: &str,
    notes: &[RepairNote],
    style: DiffStyle,
) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = diff.iter_old_slices().collect();
    let regions = change_regions(diff.ops());
    // Start of each old line, to find the lines a note's byte range covers.
    let mut line_starts = vec![0];
    line_starts.extend(old.match_indices('\n').map(|(i, _)| i + 1));
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;

    let mut out = format!("--- {path}\n+++ {path}\n");
    for (i, region) in regions.iter().enumerate() {
        let gap_before = match i {
            0 => region.old.start,
            _ => region.old.start - regions[i - 1].old.end,
        };
        let gap_after = match regions.get(i + 1) {
            Some(next) => next.old.start - region.old.end,
            None => old_lines.len() - region.old.end,
        };
        // The gap before was split with the previous hunk, which took the first half.
        let lead = if i == 0 {
            gap_before.min(CONTEXT)
        } else {
            (gap_before - (gap_before / 2).min(CONTEXT)).min(CONTEXT)
        };
        let trail = if i + 1 == regions.len() {
            gap_after.min(CONTEXT)
        } else {
            (gap_after / 2).min(CONTEXT)
        };
        let rules: BTreeSet<&str> = notes
            .iter()
            .filter(|n| {
                let first = line_of(n.range.start);
                let last = line_of(n.range.end.saturating_sub(1).max(n.range.start));
                first < region.old.end.max(region.old.start + 1) && last >= region.old.start
            })
            .map(|n| n.rule.as_str())
            .collect();
        let hunk = Hunk {
            region,
            lead,
            trail,
            rules: rules.into_iter().collect(),
        };
        hunk.write(&mut out, &diff, &old_lines, style);
    }
    out
}

/// A run of changed lines: old and new line ranges (0-based, end exclusive), and the diff ops
/// that make it.
struct Region {
    old: Range<usize>,
    new: Range<usize>,
    ops: Vec<DiffOp>,
}

fn change_regions(ops: &[DiffOp]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut open: Option<Region> = None;
    for op in ops {
        if let DiffOp::Equal { .. } = op {
            regions.extend(open.take());
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        open = Some(match open {
            Some(mut region) => {
                region.old.end = old.end;
                region.new.end = new.end;
                region.ops.push(*op);
                region
            }
            None => Region {
                old,
                new,
                ops: vec![*op],
            },
        });
    }
    regions.extend(open);
    regions
}

struct Hunk<'r> {
    region: &'r Region,
    lead: usize,
    trail: usize,
    rules: Vec<&'r str>,
}

impl Hunk<'_> {
    fn write(&self, out: &mut String, diff: &TextDiff<str>, old_lines: &[&str], style: DiffStyle) {
        let region = self.region;
        let old = region.old.start - self.lead..region.old.end + self.trail;
        let new = region.new.start - self.lead..region.new.end + self.trail;
        let header_start = |range: &Range<usize>| {
            if range.is_empty() {
                range.start
            } else {
                range.start + 1
            }
        };
        let _ = write!(
            out,
            "@@ -{},{} +{},{} @@",
            header_start(&old),
            old.len(),
            header_start(&new),
            new.len()
        );
        if !self.rules.is_empty() {
            let _ = write!(out, " {}", self.rules.join(", "));
        }
        out.push('\n');
        for line in &old_lines[old.start..region.old.start] {
            push_line(out, ' ', &[(false, line)], style);
        }
        for op in &region.ops {
            for change in diff.iter_inline_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                let parts: Vec<(bool, String)> = change
                    .iter_strings_lossy()
                    .map(|(emphasised, text)| (emphasised, text.into_owned()))
                    .collect();
                let parts: Vec<(bool, &str)> =
                    parts.iter().map(|(e, t)| (*e, t.as_str())).collect();
                push_line(out, sign, &parts, style);
            }
        }
        for line in &old_lines[region.old.end..old.end] {
            push_line(out, ' ', &[(false, line)], style);
        }
    }
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const EMPHASIS: &str = "\x1b[1;7m";
const RESET: &str = "\x1b[0m";

/// One diff line from its parts (emphasised or not), ending in a newline, with the marker for
/// a last line that has none.
fn push_line(out: &mut String, sign: char, parts: &[(bool, &str)], style: DiffStyle) {
    let colour = match (style.styled, sign) {
        (true, '-') => RED,
        (true, '+') => GREEN,
        _ => "",
    };
    out.push_str(colour);
    out.push(sign);
    let mut ends_with_newline = false;
    for (emphasised, text) in parts {
        let body = text.trim_end_matches('\n');
        ends_with_newline = text.ends_with('\n');
        let shown = if style.show_invisible {
            show_invisible(body)
        } else {
            body.to_string()
        };
        if *emphasised && style.styled && !colour.is_empty() {
            let _ = write!(out, "{EMPHASIS}{shown}{RESET}{colour}");
        } else {
            out.push_str(&shown);
        }
    }
    if !colour.is_empty() {
        out.push_str(RESET);
    }
    out.push('\n');
    if !ends_with_newline {
        out.push_str("\\ No newline at end of file\n");
    }
}

/// Characters an editor cannot see, by name.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{a0}', "NBSP"),
    ('\u{202f}', "NNBSP"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200b}', "ZWSP"),
    ('\u{200c}', "ZWNJ"),
    ('\u{200d}', "ZWJ"),
    ('\u{2060}', "WJ"),
    ('\u{feff}', "BOM"),
    ('\u{00ad}', "SHY"),
    ('\u{200e}', "LRM"),
    ('\u{200f}', "RLM"),
    ('\u{061c}', "ALM"),
    ('\u{202a}', "LRE"),
    ('\u{202b}', "RLE"),
    ('\u{202c}', "PDF"),
    ('\u{202d}', "LRO"),
    ('\u{202e}', "RLO"),
    ('\u{2066}', "LRI"),
    ('\u{2067}', "RLI"),
    ('\u{2068}', "FSI"),
    ('\u{2069}', "PDI"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
];

fn show_invisible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match INVISIBLE.iter().find(|(i, _)| *i == c) {
            Some((_, name)) => {
                let _ = write!(out, "⟨{name}⟩");
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(unified_diff("a", "x\n", "x\n"), "");
    }

    #[test]
    fn nearby_repairs_get_their_own_hunks() {
        let old = "a\nB\nc\nD\ne\n";
        let new = "a\nb\nc\nd\ne\n";
        let diff = unified_diff("f.txt", old, new);
        assert_eq!(
            diff,
            "--- f.txt\n+++ f.txt\n@@ -1,2 +1,2 @@\n a\n-B\n+b\n@@ -3,3 +3,3 @@\n c\n-D\n+d\n e\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let diff = unified_diff("f", "a\nb", "a\nc");
        assert!(
            diff.ends_with("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        );
    }

    #[test]
    fn hunks_name_their_rules_and_show_invisible_characters() {
        let old = "one\u{a0}two “x\n\nthree\n";
        let new = "one\u{a0}two x\n\nthree\n";
        let notes = [RepairNote {
            range: 13..16,
            rule: "quote-stray-opener".into(),
        }];
        let style = DiffStyle {
            styled: false,
            show_invisible: true,
        };
        let diff = annotated_diff("f", old, new, &notes, style);
        assert!(
            diff.contains("@@ -1,3 +1,3 @@ quote-stray-opener\n"),
            "{diff}"
        );
        assert!(
            diff.contains("-one⟨NBSP⟩two “x\n+one⟨NBSP⟩two x\n"),
            "{diff}"
        );
    }

    #[test]
    fn styled_diffs_emphasise_changed_words() {
        let style = DiffStyle {
            styled: true,
            show_invisible: false,
        };
        let diff = annotated_diff("f", "a big cat\n", "a small cat\n", &[], style);
        assert!(
            diff.contains(&format!("{RED}-a {EMPHASIS}big{RESET}{RED} cat{RESET}")),
            "{diff:?}"
        );
    }
}
