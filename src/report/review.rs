//! The review of a text's repairs: a list an editor decides on one by one, and the replay of
//! those decisions.
//!
//! `fix` applies everything it trusts in repeated passes; a desk that wants a person to choose
//! needs something steadier to show and to replay. The list here is one pass of findings on the
//! original text, made non-overlapping by [`crate::repair::resolve`] with every tier allowed
//! (suggestions too, so an editor can accept one explicitly). Because each repair's edits are
//! byte ranges of that original, any subset of the list applies cleanly, and the list can be
//! computed again from the same text and rules to replay a decisions file: a decision names its
//! repair by rule, byte range and replacement, never by position alone, so a decision made on
//! another text or with other rules fails to match instead of applying somewhere else.
//!
//! Each edit also carries its offsets in UTF-16 code units, which is how a browser script
//! counts string positions. Nothing here reads or writes files.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use similar::{Algorithm, ChangeTag};

use crate::detect::Finding;
use crate::repair::{self, Safety};
use crate::rules::RuleMeta;

/// The version of the decisions file format written and read.
pub const DECISIONS_VERSION: u32 = 1;

/// Characters of a repair's line shown on each side of it, at most.
pub const CONTEXT_CHARS: usize = 240;

/// One repair an editor can accept or reject.
#[derive(Clone, Debug)]
pub struct Repair {
    /// Its index in the list: stable for the same text, rules and options.
    pub id: usize,
    pub rule: Arc<RuleMeta>,
    pub safety: Safety,
    /// The finding's byte range in the original text; every edit lies inside it.
    pub range: Range<usize>,
    /// The text `range` becomes when the repair is applied.
    pub replacement: String,
    pub edits: Vec<ReviewEdit>,
}

/// One edit of a repair, in bytes and in UTF-16 code units of the original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewEdit {
    pub start: usize,
    pub end: usize,
    pub start16: usize,
    pub end16: usize,
    pub replacement: String,
}

/// The repairs of one text, in text order, and how many overlapping ones were left out.
#[derive(Clone, Debug, Default)]
pub struct RepairList {
    pub repairs: Vec<Repair>,
    /// Repairs that overlap a listed one. They are not offered: once the listed ones are
    /// decided and applied, a new review finds those still needed.
    pub set_aside: usize,
}

/// How a piece of a repair's context fares in the repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of text of one kind of change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// The line around a repair before and after it, cut into word-level pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Unchanged and removed pieces: the original text.
    pub before: Vec<Piece>,
    /// Unchanged and added pieces: the text with this repair alone applied.
    pub after: Vec<Piece>,
    /// Whether the line goes on before the context shown.
    pub clipped_start: bool,
    /// Whether the line goes on after the context shown.
    pub clipped_end: bool,
}

/// An editor's decisions on the repairs of several files, as the review page writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    pub version: u32,
    pub files: Vec<FileDecisions>,
}

/// The decisions on one file, with the hash of the text they were made on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDecisions {
    pub path: String,
    /// SHA-256 of the file's bytes when it was reviewed, in lowercase hex.
    pub sha256: String,
    pub repairs: Vec<RepairDecision>,
}

/// The decision on one repair, naming it by rule, byte range and replacement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairDecision {
    pub id: usize,
    pub rule: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub replacement: String,
    pub accepted: bool,
}

/// A decision that names no repair of the recomputed list, or one already decided.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error(
        "decision {id} ({rule} at bytes {start}..{end}, replacement {replacement:?}) matches no repair"
    )]
    Unmatched {
        id: usize,
        rule: String,
        start: usize,
        end: usize,
        replacement: String,
    },
    #[error("decision {id} ({rule} at bytes {start}..{end}) decides a repair a second time")]
    Repeated {
        id: usize,
        rule: String,
        start: usize,
        end: usize,
    },
}

impl RepairList {
    /// The repairs offered for `text`, from its `findings` (as [`crate::Engine::check`]
    /// returns them, sorted by start and rule rank).
    pub fn new(text: &str, findings: &[Finding]) -> RepairList {
        let resolution = repair::resolve(text, findings, |_| true);
        let mut offsets: Vec<usize> = resolution
            .accepted
            .iter()
            .flat_map(|f| f.fix.iter().flat_map(|fix| fix.edits.iter()))
            .flat_map(|e| [e.range.start, e.range.end])
            .collect();
        let units = Utf16Offsets::new(text, &mut offsets);
        let repairs = resolution
            .accepted
            .into_iter()
            .enumerate()
            .map(|(id, finding)| {
                let fix = finding.fix.expect("resolved findings have fixes");
                Repair {
                    id,
                    safety: fix.safety,
                    replacement: fix.apply_within(text, finding.range.clone()),
                    range: finding.range,
                    rule: finding.rule,
                    edits: fix
                        .edits
                        .into_iter()
                        .map(|e| ReviewEdit {
                            start: e.range.start,
                            end: e.range.end,
                            start16: units.get(e.range.start),
                            end16: units.get(e.range.end),
                            replacement: e.replacement,
                        })
                        .collect(),
                }
            })
            .collect();
        RepairList {
            repairs,
            set_aside: resolution.conflicts.len(),
        }
    }

    /// `text` with the edits of the repairs `accepted` picks applied.
    pub fn apply(&self, text: &str, accepted: impl Fn(&Repair) -> bool) -> String {
        let mut edits: Vec<&ReviewEdit> = self
            .repairs
            .iter()
            .filter(|r| accepted(r))
            .flat_map(|r| r.edits.iter())
            .collect();
        edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for edit in edits {
            out.push_str(&text[at..edit.start]);
            out.push_str(&edit.replacement);
            at = edit.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Whether each repair (by id) is accepted under `decisions`. A repair no decision names
    /// is not accepted: only what an editor accepted is applied.
    pub fn decide(&self, decisions: &[RepairDecision]) -> Result<Vec<bool>, DecisionError> {
        let mut decided: Vec<Option<bool>> = vec![None; self.repairs.len()];
        for decision in decisions {
            let found = self.repairs.iter().find(|r| {
                r.rule.id == decision.rule
                    && r.range == (decision.byte_start..decision.byte_end)
                    && r.replacement == decision.replacement
            });
            let Some(repair) = found else {
                return Err(DecisionError::Unmatched {
                    id: decision.id,
                    rule: decision.rule.clone(),
                    start: decision.byte_start,
                    end: decision.byte_end,
                    replacement: decision.replacement.clone(),
                });
            };
            if decided[repair.id].replace(decision.accepted).is_some() {
                return Err(DecisionError::Repeated {
                    id: decision.id,
                    rule: decision.rule.clone(),
                    start: decision.byte_start,
                    end: decision.byte_end,
                });
            }
        }
        Ok(decided.into_iter().map(|d| d == Some(true)).collect())
    }

    /// The decisions file entry for `path` holding `accepted(repair)` for every repair.
    pub fn decisions(
        &self,
        path: &str,
        text: &str,
        accepted: impl Fn(&Repair) -> bool,
    ) -> FileDecisions {
        FileDecisions {
            path: path.to_string(),
            sha256: sha256_hex(text.as_bytes()),
            repairs: self
                .repairs
                .iter()
                .map(|r| RepairDecision {
                    id: r.id,
                    rule: r.rule.id.clone(),
                    byte_start: r.range.start,
                    byte_end: r.range.end,
                    replacement: r.replacement.clone(),
                    accepted: accepted(r),
                })
                .collect(),
        }
    }
}

impl Repair {
    /// Whether the repair starts accepted: suggestions wait for an editor to accept them, and
    /// with `safe_only` so do review-tier repairs.
    pub fn accepted_by_default(&self, safe_only: bool) -> bool {
        match self.safety {
            Safety::Safe => true,
            Safety::Review => !safe_only,
            Safety::Suggest => false,
        }
    }

    /// The line of `text` around the repair (at most [`CONTEXT_CHARS`] characters each side),
    /// before and after the repair alone, with the changed words marked.
    pub fn context(&self, text: &str) -> Context {
        let line_start = text[..self.range.start].rfind('\n').map_or(0, |i| i + 1);
        let mut line_end = text[self.range.end..]
            .find('\n')
            .map_or(text.len(), |i| self.range.end + i);
        if line_end > self.range.end && text[..line_end].ends_with('\r') {
            line_end -= 1;
        }
        // A clipped side is cut at a space, so the context starts and ends with whole words.
        let start = match text[line_start..self.range.start]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
        {
            None => line_start,
            Some((i, _)) => {
                let cut = line_start + i;
                text[cut..self.range.start]
                    .find(' ')
                    .map_or(cut, |space| cut + space + 1)
            }
        };
        let end = match text[self.range.end..line_end]
            .char_indices()
            .nth(CONTEXT_CHARS)
        {
            None => line_end,
            Some((i, _)) => {
                let cut = self.range.end + i;
                text[self.range.end..cut]
                    .rfind(' ')
                    .map_or(cut, |space| self.range.end + space)
            }
        };
        let before = &text[start..end];
        let mut after = String::with_capacity(before.len());
        let mut at = start;
        for edit in &self.edits {
            after.push_str(&text[at..edit.start]);
            after.push_str(&edit.replacement);
            at = edit.end;
        }
        after.push_str(&text[at..end]);

        let mut context = Context {
            before: Vec::new(),
            after: Vec::new(),
            clipped_start: start > line_start,
            clipped_end: end < line_end,
        };
        for (tag, slice) in similar::utils::diff_words(Algorithm::Patience, before, &after) {
            let (side, change) = match tag {
                ChangeTag::Equal => {
                    push_piece(&mut context.before, Change::Same, slice);
                    (&mut context.after, Change::Same)
                }
                ChangeTag::Delete => (&mut context.before, Change::Removed),
                ChangeTag::Insert => (&mut context.after, Change::Added),
            };
            push_piece(side, change, slice);
        }
        context
    }
}

/// Appends `text` to `pieces`, joining it to the last piece when that is the same change.
fn push_piece(pieces: &mut Vec<Piece>, change: Change, text: &str) {
    match pieces.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => pieces.push(Piece {
            change,
            text: text.to_string(),
        }),
    }
}

/// SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// UTF-16 offsets of a set of byte offsets, found in one walk over the text.
struct Utf16Offsets {
    /// (byte offset, UTF-16 offset), sorted by byte offset.
    pairs: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    fn new(text: &str, offsets: &mut Vec<usize>) -> Utf16Offsets {
        offsets.sort_unstable();
        offsets.dedup();
        let mut pairs = Vec::with_capacity(offsets.len());
        let (mut byte, mut units) = (0, 0);
        for &offset in offsets.iter() {
            units += text[byte..offset].encode_utf16().count();
            byte = offset;
            pairs.push((offset, units));
        }
        Utf16Offsets { pairs }
    }

    fn get(&self, byte: usize) -> usize {
        let at = self
            .pairs
            .binary_search_by_key(&byte, |&(b, _)| b)
            .expect("every edit offset was indexed");
        self.pairs[at].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Edit, Fix};
    use crate::rules::{DeclaredFix, Severity};

    fn meta(id: &str) -> Arc<RuleMeta> {
        Arc::new(RuleMeta {
            id: id.to_string(),
            message: "m".into(),
            why: "w".into(),
            languages: Vec::new(),
            source_languages: Vec::new(),
            severity: Severity::Warning,
            fix: DeclaredFix::Auto,
            contexts: Vec::new(),
            enabled: true,
            origin: "test".into(),
        })
    }

    fn finding(rule: &str, edits: &[(Range<usize>, &str)], safety: Safety) -> Finding {
        let edits: Vec<Edit> = edits
            .iter()
            .map(|(range, text)| Edit {
                range: range.clone(),
                replacement: text.to_string(),
            })
            .collect();
        Finding {
            rule: meta(rule),
            range: edits[0].range.start..edits.last().unwrap().range.end,
            lang: "en",
            fix: Some(Fix { edits, safety }),
        }
    }

    /// Emoji (two UTF-16 units, four bytes), Korean (one unit, three bytes) and curly quotes
    /// before the edits, so bytes, characters and UTF-16 units all differ.
    const TEXT: &str = "🙂 한국 “a” said “We win.”\nnext “ line";

    fn list() -> RepairList {
        let open = TEXT.find("“We").unwrap();
        let close = TEXT.find("”\n").unwrap();
        let stray = TEXT.rfind("“ ").unwrap();
        RepairList::new(
            TEXT,
            &[
                finding(
                    "pair",
                    &[(open..open, ","), (close..close, "!")],
                    Safety::Safe,
                ),
                finding("stray", &[(stray..stray + 4, "")], Safety::Suggest),
            ],
        )
    }

    #[test]
    fn edits_carry_utf16_offsets() {
        let list = list();
        for edit in list.repairs.iter().flat_map(|r| &r.edits) {
            assert_eq!(edit.start16, TEXT[..edit.start].encode_utf16().count());
            assert_eq!(edit.end16, TEXT[..edit.end].encode_utf16().count());
        }
        let first = &list.repairs[0].edits[0];
        assert_ne!(first.start16, first.start);
        assert_ne!(first.start16, TEXT[..first.start].chars().count());
    }

    #[test]
    fn any_subset_applies() {
        let list = list();
        assert_eq!(
            list.apply(TEXT, |_| true),
            "🙂 한국 “a” said ,“We win.!”\nnext line"
        );
        assert_eq!(
            list.apply(TEXT, |r| r.id == 1),
            "🙂 한국 “a” said “We win.”\nnext line"
        );
        assert_eq!(list.apply(TEXT, |_| false), TEXT);
    }

    #[test]
    fn suggestions_are_listed_but_start_rejected() {
        let list = list();
        assert_eq!(list.repairs[1].safety, Safety::Suggest);
        assert!(!list.repairs[1].accepted_by_default(false));
        assert!(list.repairs[0].accepted_by_default(true));
    }

    #[test]
    fn overlapping_repairs_are_set_aside() {
        let list = RepairList::new(
            "abc",
            &[
                finding("x", &[(0..2, "X")], Safety::Review),
                finding("y", &[(1..3, "Y")], Safety::Review),
            ],
        );
        assert_eq!(list.repairs.len(), 1);
        assert_eq!(list.set_aside, 1);
    }

    #[test]
    fn context_is_the_line_with_changed_words_marked() {
        let list = list();
        let context = list.repairs[1].context(TEXT);
        let side = |pieces: &[Piece], change| -> Vec<String> {
            pieces
                .iter()
                .filter(|p| p.change == change)
                .map(|p| p.text.clone())
                .collect()
        };
        let text = |pieces: &[Piece]| pieces.iter().map(|p| p.text.as_str()).collect::<String>();
        assert_eq!(text(&context.before), "next “ line");
        assert_eq!(text(&context.after), "next line");
        assert!(side(&context.after, Change::Added).is_empty());
        assert!(side(&context.before, Change::Removed)
            .concat()
            .contains('“'));
        assert!(!context.clipped_start && !context.clipped_end);
    }

    #[test]
    fn long_lines_are_clipped_around_the_repair() {
        let text = format!("{}X{}", "a ".repeat(400), "b ".repeat(400));
        let at = text.find('X').unwrap();
        let list = RepairList::new(&text, &[finding("x", &[(at..at + 1, "Y")], Safety::Review)]);
        let context = list.repairs[0].context(&text);
        let before: String = context.before.iter().map(|p| p.text.as_str()).collect();
        assert!(before.chars().count() <= 2 * CONTEXT_CHARS + 1);
        assert!(before.chars().count() >= 2 * CONTEXT_CHARS - 3);
        assert!(
            before.starts_with("a a") && before.ends_with("b b"),
            "{before}"
        );
        assert!(context.clipped_start && context.clipped_end);
    }

    #[test]
    fn decisions_round_trip_and_mismatches_are_named() {
        let list = list();
        let file = list.decisions("t.txt", TEXT, |r| r.id == 0);
        assert_eq!(file.sha256, sha256_hex(TEXT.as_bytes()));
        assert_eq!(list.decide(&file.repairs).unwrap(), vec![true, false]);

        let mut wrong = file.repairs.clone();
        wrong[1].replacement = "?".into();
        assert!(matches!(
            list.decide(&wrong),
            Err(DecisionError::Unmatched { id: 1, .. })
        ));
        let twice = vec![file.repairs[0].clone(), file.repairs[0].clone()];
        assert!(matches!(
            list.decide(&twice),
            Err(DecisionError::Repeated { .. })
        ));
        assert_eq!(list.decide(&[]).unwrap(), vec![false, false]);
    }

    #[test]
    fn sha256_of_known_input() {
        // The SHA-256 test vector for "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
