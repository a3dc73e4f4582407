//! Repair: the fifth stage. Findings with fixes become edits of the text.
//!
//! Non-overlapping edits are applied together in one pass. Where two edits overlap, the one
//! that starts first (then the one whose rule comes first in the rule set) is kept and the
//! other is returned as a [`Conflict`], so the caller reports it instead of losing it; detection
//! then runs again on the repaired text, where the dropped repair can apply if still needed.

mod offsets;
mod safety;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::detect::{Edit, Finding};

pub use offsets::EditMap;
pub use safety::Safety;

/// An edit that was not applied because it overlapped an edit that was.
#[derive(Clone, Debug)]
pub struct Conflict {
    pub dropped: Finding,
    pub kept_rule: String,
}

/// The edits chosen for one pass, in text order, and the ones set aside.
#[derive(Debug, Default)]
pub struct Resolution {
    pub accepted: Vec<Finding>,
    pub conflicts: Vec<Conflict>,
}

/// Chooses findings whose edits overlap no edit already chosen, among `findings`, which must
/// be sorted by start, then rule rank (as [`crate::detect::detect`] returns them). Only
/// findings whose fix `allow`s are considered, and a fix that would leave the text as it is
/// counts as no edit.
pub fn resolve(text: &str, findings: &[Finding], allow: impl Fn(Safety) -> bool) -> Resolution {
    let mut resolution = Resolution::default();
    // Chosen edits by start: (end, index of the finding in `accepted`).
    let mut taken: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for finding in findings {
        let Some(fix) = &finding.fix else { continue };
        if !allow(fix.safety) || fix.is_noop(text) {
            continue;
        }
        let clash = fix.edits.iter().find_map(|edit| {
            let before = taken.range(..edit.range.start).next_back();
            let within = taken.range(edit.range.start..edit.range.end.max(edit.range.start + 1));
            before
                .into_iter()
                .chain(within)
                .flat_map(|(&start, ends)| {
                    ends.iter().map(move |&(end, owner)| (start..end, owner))
                })
                .find(|(range, _)| overlaps(range, &edit.range))
                .map(|(_, owner)| owner)
        });
        match clash {
            Some(owner) => resolution.conflicts.push(Conflict {
                dropped: finding.clone(),
                kept_rule: resolution.accepted[owner].rule.id.clone(),
            }),
            None => {
                let owner = resolution.accepted.len();
                for edit in &fix.edits {
                    taken
                        .entry(edit.range.start)
                        .or_default()
                        .push((edit.range.end, owner));
                }
                resolution.accepted.push(finding.clone());
            }
        }
    }
    resolution
}

/// Two edits overlap when they share a byte, when both insert at the same point, or when one
/// inserts strictly inside the other's range. Edits that only touch at a boundary do not.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    if a.is_empty() {
        return b.start < a.start && a.start < b.end;
    }
    if b.is_empty() {
        return a.start < b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

/// Applies the edits of the accepted findings (which do not overlap) to `text`, returning the
/// new text and the map from the new text's offsets back to `text`'s.
pub fn apply(text: &str, accepted: &[Finding]) -> (String, EditMap) {
    let mut edits: Vec<&Edit> = accepted
        .iter()
        .flat_map(|f| {
            f.fix
                .as_ref()
                .map(|fix| fix.edits.iter())
                .into_iter()
                .flatten()
        })
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut map = EditMap::default();
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        map.push(edit.range.clone(), edit.replacement.len());
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_cases() {
        assert!(overlaps(&(0..3), &(2..5)));
        assert!(!overlaps(&(0..3), &(3..5)));
        assert!(overlaps(&(2..2), &(2..2)));
        assert!(!overlaps(&(2..2), &(2..4)));
        assert!(overlaps(&(3..3), &(2..4)));
    }
}
