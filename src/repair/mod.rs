//! Repair: the fifth stage. Findings with fixes become edits of the text.
//!
//! Non-overlapping edits are applied together in one pass. Where two edits overlap, the one
//! that starts first (then the one whose rule comes first in the rule set) is kept and the
//! other is returned as a [`Conflict`], so the caller reports it instead of losing it; detection
//! then runs again on the repaired text, where the dropped repair can apply if still needed.

mod offsets;
mod safety;

use crate::detect::Finding;

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

/// Chooses non-overlapping edits among `findings`, which must be sorted by start, then rule
/// rank (as [`crate::detect::detect`] returns them). Only findings whose fix `allow`s are
/// considered, and a fix that would leave the text as it is counts as no edit.
pub fn resolve(text: &str, findings: &[Finding], allow: impl Fn(Safety) -> bool) -> Resolution {
    let mut resolution = Resolution::default();
    for finding in findings {
        let Some(fix) = &finding.fix else { continue };
        if !allow(fix.safety) || text[finding.range.clone()] == fix.replacement {
            continue;
        }
        match resolution
            .accepted
            .iter()
            .rev()
            .find(|kept| overlaps(&kept.range, &finding.range))
        {
            Some(kept) => resolution.conflicts.push(Conflict {
                dropped: finding.clone(),
                kept_rule: kept.rule.id.clone(),
            }),
            None => resolution.accepted.push(finding.clone()),
        }
    }
    resolution
        .accepted
        .sort_by_key(|f| (f.range.start, f.range.end));
    resolution
}

/// Two edits overlap when they share a byte, when both insert at the same point, or when one
/// inserts strictly inside the other's range. Edits that only touch at a boundary do not.
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
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

/// Applies accepted edits (sorted, non-overlapping) to `text`, returning the new text and the
/// map from the new text's offsets back to `text`'s.
pub fn apply(text: &str, accepted: &[Finding]) -> (String, EditMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = EditMap::default();
    let mut at = 0;
    for finding in accepted {
        let fix = finding.fix.as_ref().expect("accepted edits have fixes");
        out.push_str(&text[at..finding.range.start]);
        map.push(finding.range.clone(), fix.replacement.len());
        out.push_str(&fix.replacement);
        at = finding.range.end;
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
