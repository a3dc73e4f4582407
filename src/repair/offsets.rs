//! Offsets across repair passes.
//!
//! After a pass the text has moved: what detection finds in pass two is in the coordinates of
//! pass one's output. An [`EditMap`] records a pass's edits so a range in the new text can be
//! mapped back to the text before it, and through every pass back to the original bytes.

use std::ops::Range;

/// The edits of one pass: the range each replaced and the length of what replaced it.
#[derive(Clone, Debug, Default)]
pub struct EditMap {
    edits: Vec<(Range<usize>, usize)>,
}

impl EditMap {
    pub(super) fn push(&mut self, old: Range<usize>, new_len: usize) {
        self.edits.push((old, new_len));
    }

    /// Maps a range of the edited text back to the text before the pass. A range touching the
    /// inside of an edit's result is widened to the whole edited region.
    pub fn to_old(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offset_to_old(range.start, false);
        let end = self.offset_to_old(range.end, true).max(start);
        start..end
    }

    fn offset_to_old(&self, at: usize, is_end: bool) -> usize {
        // How far offsets of the new text are ahead of the old text's, edit by edit.
        let mut shift: isize = 0;
        for (old, new_len) in &self.edits {
            let new_start = (old.start as isize + shift) as usize;
            let new_end = new_start + new_len;
            if at < new_start {
                break;
            }
            if *new_len == 0 && at == new_start {
                // At a deletion: a range starting here starts after it, one ending here ends
                // before it.
                return if is_end { old.start } else { old.end };
            }
            if at == new_start {
                return old.start;
            }
            if at < new_end {
                return if is_end { old.end } else { old.start };
            }
            if at == new_end {
                return old.end;
            }
            shift += *new_len as isize - old.len() as isize;
        }
        (at as isize - shift) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ranges_around_and_inside_edits() {
        // "ab“cd" → "abcd" (remove 3-byte mark at 2..5); "cd" then "X" inserted at old 7.
        let mut map = EditMap::default();
        map.push(2..5, 0);
        map.push(7..7, 1);
        assert_eq!(map.to_old(0..2), 0..2);
        assert_eq!(map.to_old(2..4), 5..7);
        assert_eq!(map.to_old(4..5), 7..7);
        assert_eq!(map.to_old(5..5), 7..7);
    }
}
