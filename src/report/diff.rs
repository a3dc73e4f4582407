//! Unified diffs of a repair, one hunk per repaired place.
//!
//! similar computes the line diff. The hunks are cut here rather than by similar's grouping
//! because news text keeps a paragraph on one line and repairs sit a line or two apart: with
//! fixed context, unrelated repairs merge into one long hunk an editor has to pick apart.
//! Instead each run of changed lines is its own hunk, and the unchanged lines between two runs
//! are shared out as context (up to [`CONTEXT`] on each side) so hunks never overlap.

use std::fmt::Write;

use similar::{DiffOp, TextDiff};

/// Lines of context on each side of a hunk, at most.
pub const CONTEXT: usize = 3;

/// A unified diff of `old` → `new` with `path` in both headers; empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = diff.iter_old_slices().collect();
    let new_lines: Vec<&str> = diff.iter_new_slices().collect();
    let regions = change_regions(diff.ops());

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
        write_hunk(&mut out, region, lead, trail, &old_lines, &new_lines);
    }
    out
}

/// A run of changed lines: old and new line ranges (0-based, end exclusive).
struct Region {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
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
            Some(region) => Region {
                old: region.old.start..old.end,
                new: region.new.start..new.end,
            },
            None => Region { old, new },
        });
    }
    regions.extend(open);
    regions
}

fn write_hunk(
    out: &mut String,
    region: &Region,
    lead: usize,
    trail: usize,
    old_lines: &[&str],
    new_lines: &[&str],
) {
    let old = region.old.start - lead..region.old.end + trail;
    let new = region.new.start - lead..region.new.end + trail;
    let header_start = |range: &std::ops::Range<usize>| {
        if range.is_empty() {
            range.start
        } else {
            range.start + 1
        }
    };
    let _ = writeln!(
        out,
        "@@ -{},{} +{},{} @@",
        header_start(&old),
        old.len(),
        header_start(&new),
        new.len()
    );
    for line in &old_lines[old.start..region.old.start] {
        push_line(out, ' ', line);
    }
    for line in &old_lines[region.old.clone()] {
        push_line(out, '-', line);
    }
    for line in &new_lines[region.new.clone()] {
        push_line(out, '+', line);
    }
    for line in &old_lines[region.old.end..old.end] {
        push_line(out, ' ', line);
    }
}

fn push_line(out: &mut String, sign: char, line: &str) {
    out.push(sign);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
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
}
