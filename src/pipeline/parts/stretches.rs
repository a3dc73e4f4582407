//! A part repaired in stretches.
//!
//! A part is a run of paragraphs that quote, and in a long one most paragraphs need no repair.
//! Only a quotation left open at a paragraph's end reaches into the next, and whether one is
//! left open depends on the paragraph's own text alone. So the part can be cut after each
//! paragraph that leaves none open: each stretch then repairs as it would within the part, and
//! the later passes of `fix` read again only the stretches that have repairs, not the whole
//! part. A repaired paragraph before a cut is checked once its stretch has settled: should its
//! repaired text leave a quotation open, or a later pass edit it, the part is repaired as one.

use std::ops::Range;

use super::{add_moved, moved, Part, PieceFix, RepairedPart};
use crate::detect::Finding;
use crate::error::Result;
use crate::ingest::{Document, TextLayout};
use crate::pipeline::{Detected, Engine, Options, Repaired};

/// The findings of `findings` (in order) up to a part or stretch that ends at `end`. `<=`: an
/// insertion at its very end (a missing closer) is its own.
pub(super) fn take_through(
    findings: &mut std::iter::Peekable<impl Iterator<Item = Finding>>,
    end: usize,
) -> Vec<Finding> {
    let mut taken = Vec::new();
    while let Some(finding) = findings.next_if(|f| f.range.start <= end) {
        taken.push(finding);
    }
    taken
}

/// A part cut into stretches (as ranges of its paragraphs) after each paragraph that leaves
/// no quotation open (`open_ends`, from the first pass) and that no repair of the first pass
/// (`first`) joins to the next. No quotation reaches across such a cut, so each stretch
/// repairs as it would within the part (as long as the paragraph before the cut stays closed,
/// which [`repair_stretches`] checks), and later passes read only the stretches that changed,
/// not the whole part again.
pub(super) fn stretches(
    doc: &Document,
    part: &Part,
    first: &[Finding],
    open_ends: &[usize],
) -> Vec<Range<usize>> {
    let paragraphs = &doc.segments[part.segments.clone()];
    // A repair that touches two paragraphs (found from where it starts; a repair at a
    // paragraph's very end, or its very start, touches it) joins them.
    let mut joined = vec![false; paragraphs.len()];
    for finding in first.iter().filter(|f| f.fix.is_some()) {
        let from = paragraphs.partition_point(|p| p.range.end < finding.range.start);
        for (k, paragraph) in paragraphs[from..].iter().enumerate().skip(1) {
            if paragraph.range.start > finding.range.end {
                break;
            }
            joined[from + k - 1] = true;
        }
    }
    let mut stretches = Vec::new();
    let mut start = part.segments.start;
    for (k, paragraph) in paragraphs[..paragraphs.len() - 1].iter().enumerate() {
        if !joined[k] && open_ends.binary_search(&paragraph.range.end).is_err() {
            let i = part.segments.start + k;
            stretches.push(start..i + 1);
            start = i + 1;
        }
    }
    stretches.push(start..part.segments.end);
    stretches
}

/// How a stretch of a window, given its first-pass findings (ranges of the window), is
/// repaired: [`Engine::converge`] on its text.
pub(super) type RepairStretch<'r> =
    dyn Fn(Range<usize>, Vec<Finding>) -> Result<RepairedStretch> + 'r;

/// A stretch repaired: its span in the window, what it became, and whether its last paragraph
/// leaves a quotation open in the last pass that read it (false when no pass after the first
/// read it again, as then its text is that of the first pass).
pub(super) struct RepairedStretch {
    pub span: Range<usize>,
    pub repaired: Repaired,
    pub ends_open: bool,
}

/// Repairs the stretch `span` of `window` (laid out as `layout`), whose first-pass findings
/// are `first` (ranges of the window): [`Engine::converge`] on its text, each later pass read
/// with `detect`, noting whether the last of them left the stretch's last paragraph open.
pub(super) fn repair_stretch(
    engine: &Engine,
    window: &str,
    span: Range<usize>,
    first: Vec<Finding>,
    options: &Options,
    layout: TextLayout,
    detect: impl Fn(&Document) -> Detected,
) -> Result<RepairedStretch> {
    let first = first.into_iter().map(|f| moved(f, span.start, 0)).collect();
    let last_open = std::cell::Cell::new(false);
    let redetect = |text: &str| {
        let doc = Document::read_text_part(text, layout);
        let detected = detect(&doc);
        last_open.set(ends_open(&doc, &detected));
        Ok(detected.findings)
    };
    let repaired = engine.converge(&window[span.clone()], first, options, redetect)?;
    Ok(RepairedStretch {
        span,
        repaired,
        ends_open: last_open.get(),
    })
}

/// Whether the last paragraph of a document leaves a quotation open, as a pass over the
/// document `detected` it.
fn ends_open(doc: &Document, detected: &Detected) -> bool {
    match (doc.segments.last(), detected.open_ends.last()) {
        (Some(last), Some(&end)) => end > last.range.start,
        _ => false,
    }
}

/// Repairs the stretches of `part` that have findings (`first`, ranges of the window), each
/// with `repair`, and adds what they became to `fixed`: their edits as ranges of the window,
/// listed pass by pass, as repairing the part as one lists them. The paragraph before a cut
/// left no quotation open in the first pass; should a later pass edit it, or its repaired text
/// leave a quotation open, the next paragraph would read differently within the part, and the
/// part is repaired as one instead (as it is when a stretch fails to converge: the error, if
/// any, is the whole part's).
pub(super) fn repair_stretches(
    doc: &Document,
    part: &Part,
    stretches: Vec<Range<usize>>,
    first: Vec<Finding>,
    repair: &RepairStretch,
    fixed: &mut PieceFix,
) -> Result<()> {
    let repaired = repaired_stretches(doc, part, stretches, first, repair)?;
    let (mut applied, mut dropped) = (Vec::new(), Vec::new());
    for RepairedStretch { span, repaired, .. } in repaired {
        add_moved(
            (&mut applied, &mut dropped),
            (repaired.applied, repaired.dropped),
            span.start,
        );
        fixed.passes = fixed.passes.max(repaired.passes);
        fixed.parts.push(RepairedPart {
            span,
            output: repaired.output,
            remaining: repaired.remaining,
        });
    }
    applied.sort_by_key(|edit| edit.pass);
    dropped.sort_by_key(|edit| edit.pass);
    fixed.applied.extend(applied);
    fixed.dropped.extend(dropped);
    Ok(())
}

/// What each stretch of [`repair_stretches`] became, with its span, in order.
fn repaired_stretches(
    doc: &Document,
    part: &Part,
    stretches: Vec<Range<usize>>,
    first: Vec<Finding>,
    repair: &RepairStretch,
) -> Result<Vec<RepairedStretch>> {
    if stretches.len() == 1 {
        return Ok(vec![repair(part.span.clone(), first)?]);
    }
    let span_of = |paragraphs: &Range<usize>| {
        doc.segments[paragraphs.start].range.start..doc.segments[paragraphs.end - 1].range.end
    };
    let mut findings = first.clone().into_iter().peekable();
    let mut repaired = Vec::new();
    for (k, paragraphs) in stretches.iter().enumerate() {
        let span = span_of(paragraphs);
        let own = take_through(&mut findings, span.end);
        if own.is_empty() {
            continue;
        }
        // A stretch that does not converge is repaired as part of the whole too: it could be
        // the paragraph before its cut, edited pass after pass, that keeps it from settling.
        let Ok(stretch) = repair(span.clone(), own) else {
            return Ok(vec![repair(part.span.clone(), first)?]);
        };
        if k + 1 < stretches.len() {
            let last = &doc.segments[paragraphs.end - 1].range;
            let last = last.start - span.start..last.end - span.start;
            // Edited only by the first pass, the paragraph's text in every later pass is the
            // one the last pass read.
            let edited_later = stretch.repaired.applied.iter().any(|edit| {
                edit.pass > 1 && edit.range.start <= last.end && edit.range.end >= last.start
            });
            if edited_later || stretch.ends_open {
                return Ok(vec![repair(part.span.clone(), first)?]);
            }
        }
        repaired.push(stretch);
    }
    Ok(repaired)
}

#[cfg(test)]
mod tests {
    use super::super::parts;
    use super::*;
    use crate::ingest::TextLayout;
    use crate::pipeline::{Detected, Engine, Languages, Options, Whole};

    /// Five paragraphs of one part: closed and clean, repaired, closed and clean, one that
    /// leaves a quotation open, and the one that continues it.
    const STRETCHED: &str = "“Prices are stable,” the minister said.\n\
        He called it a \"historic step” for the region.\n\
        “Exports rose,” he added.\n\
        He said, “We will win.\n\
        “They agreed,” he said.\n";

    /// The part's document, pass one over it, and its parts.
    fn read_part(engine: &Engine, text: &str) -> (Document<'static>, Detected, Vec<Part>) {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let doc = Document::read_text_part(text, TextLayout::LinePerParagraph);
        let options = Options::default();
        let found = engine.detect_remembering(&doc, &options, Whole::default(), Languages::Detect);
        let parts = parts(&doc);
        (doc, found, parts)
    }

    fn repair_with<'e>(engine: &'e Engine, text: &'e str) -> Box<RepairStretch<'e>> {
        Box::new(move |span: Range<usize>, first: Vec<Finding>| {
            let options = Options::default();
            let detect = |doc: &Document| engine.detect_in(doc, &options, Whole::default());
            let layout = TextLayout::LinePerParagraph;
            repair_stretch(engine, text, span, first, &options, layout, detect)
        })
    }

    /// What `part` became, repaired in `stretches`.
    fn repaired_in(
        doc: &Document,
        part: &Part,
        stretches: Vec<Range<usize>>,
        first: &[Finding],
        repair: &RepairStretch,
    ) -> PieceFix {
        let mut fixed = PieceFix {
            parts: Vec::new(),
            applied: Vec::new(),
            dropped: Vec::new(),
            passes: 1,
        };
        repair_stretches(doc, part, stretches, first.to_vec(), repair, &mut fixed).unwrap();
        fixed
    }

    /// What `part` became, repaired as one stretch.
    fn repaired_as_one(
        doc: &Document,
        part: &Part,
        first: &[Finding],
        repair: &RepairStretch,
    ) -> PieceFix {
        repaired_in(doc, part, vec![part.segments.clone()], first, repair)
    }

    /// The repaired text of a piece, its edits and the findings left, in a form to compare.
    fn outcome(source: &str, fixed: &PieceFix) -> (String, Vec<String>, Vec<String>) {
        let mut text = String::new();
        let mut at = 0;
        let mut remaining = Vec::new();
        for part in &fixed.parts {
            text.push_str(&source[at..part.span.start]);
            let start = text.len();
            text.push_str(&part.output);
            at = part.span.end;
            remaining.extend(part.remaining.iter().map(|f| {
                format!(
                    "{} {:?}",
                    f.rule.id,
                    f.range.start + start..f.range.end + start
                )
            }));
        }
        text.push_str(&source[at..]);
        let edits = fixed
            .applied
            .iter()
            .map(|e| format!("{} {:?} {:?} {}", e.rule.id, e.range, e.replacement, e.pass))
            .chain(
                fixed
                    .dropped
                    .iter()
                    .map(|e| format!("dropped {:?}", e.range)),
            )
            .collect();
        (text, edits, remaining)
    }

    #[test]
    fn a_part_is_cut_after_paragraphs_left_closed_unless_a_repair_joins_them() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let (doc, found, parts) = read_part(&engine, STRETCHED);
        assert_eq!(parts.len(), 1);
        // After the repaired paragraph too, but not after the one whose quotation goes on.
        assert!(found.findings[0].range.start > doc.segments[1].range.start);
        assert_eq!(
            stretches(&doc, &parts[0], &found.findings, &found.open_ends),
            [0..1, 1..2, 2..3, 3..5]
        );
        // A repair from the end of the first paragraph into the second keeps them together.
        let mut joining = found.findings[0].clone();
        joining.range = doc.segments[0].range.end - 1..doc.segments[1].range.start + 1;
        let mut first = vec![joining];
        first.extend(found.findings.iter().cloned());
        assert_eq!(
            stretches(&doc, &parts[0], &first, &found.open_ends),
            [0..2, 2..3, 3..5]
        );
    }

    #[test]
    fn a_document_ends_open_when_its_last_paragraph_leaves_a_quotation_open() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let ends = |text: &str| {
            let (doc, found, _) = read_part(&engine, text);
            ends_open(&doc, &found)
        };
        assert!(ends("He said, “We will win.\n"));
        assert!(ends("“Exports rose,” he added.\nHe said, “We will win.\n"));
        assert!(!ends("He said, “We will win.\n“They agreed,” he said.\n"));
        assert!(!ends("He said, “We will win.\nThey agreed.\n"));
        assert!(!ends(""));
    }

    /// A repaired paragraph before a cut whose repaired text leaves a quotation open would
    /// carry it into the next paragraph within the part: the part is then repaired as one.
    #[test]
    fn a_stretch_left_open_before_its_cut_gives_way_to_the_part() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let (doc, found, parts) = read_part(&engine, STRETCHED);
        let part = &parts[0];
        let real = repair_with(&engine, doc.source);
        let repaired_paragraph = doc.segments[1].range.clone();
        // The stretch of the repaired paragraph reported as left open.
        let left_open = move |span: Range<usize>, first: Vec<Finding>| {
            let mut stretch = real(span, first)?;
            stretch.ends_open |= stretch.span == repaired_paragraph;
            Ok(stretch)
        };
        let stretches = stretches(&doc, part, &found.findings, &found.open_ends);
        assert_eq!(stretches[1], 1..2);
        let repaired = repaired_in(&doc, part, stretches.clone(), &found.findings, &left_open);
        assert_eq!(repaired.parts.len(), 1);
        assert_eq!(repaired.parts[0].span, part.span);
        // Left closed, it is a stretch of its own.
        let repair = repair_with(&engine, doc.source);
        let by_stretch = repaired_in(&doc, part, stretches, &found.findings, &repair);
        assert_eq!(by_stretch.parts[0].span, doc.segments[1].range);
        let as_one = repaired_as_one(&doc, part, &found.findings, &repair);
        assert_eq!(outcome(doc.source, &repaired), outcome(doc.source, &as_one));
        assert_eq!(
            outcome(doc.source, &by_stretch),
            outcome(doc.source, &as_one)
        );
    }

    #[test]
    fn stretches_repair_as_their_part_does() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        // Text damaged twice is repaired in two passes: its edits of the second are listed
        // after those of the first in the stretch after it.
        let twice = "Times New Ã¢â‚¬Å“RomanÃ¢â‚¬Â\u{9d} font.\n“Exports rose,” he added.\n";
        let text = format!(
            "{STRETCHED}{}{twice}{STRETCHED}",
            "Kim said “we are ready”.\n“Will you stay?” “Yes,” he said .\n".repeat(3)
        );
        let (doc, found, parts) = read_part(&engine, &text);
        let repair = repair_with(&engine, doc.source);
        let mut cut = 0;
        for part in &parts {
            let first: Vec<Finding> = found
                .findings
                .iter()
                .filter(|f| part.span.contains(&f.range.start) || f.range.start == part.span.end)
                .cloned()
                .collect();
            let stretches = stretches(&doc, part, &first, &found.open_ends);
            cut += stretches.len() - 1;
            let by_stretch = repaired_in(&doc, part, stretches, &first, &repair);
            let as_one = repaired_as_one(&doc, part, &first, &repair);
            assert_eq!(
                outcome(doc.source, &by_stretch),
                outcome(doc.source, &as_one)
            );
            assert_eq!(by_stretch.passes, as_one.passes);
        }
        assert!(cut >= 4, "{cut} cuts");
    }

    /// Cut (wrongly) after the paragraph whose quotation the next continues, the stretch reads
    /// it as unclosed and a later pass closes it: the part is then repaired as one.
    #[test]
    fn a_stretch_that_edits_the_paragraph_before_its_cut_gives_way_to_the_part() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let (doc, found, parts) = read_part(&engine, STRETCHED);
        let repair = repair_with(&engine, doc.source);
        let part = &parts[0];
        let wrong = vec![0..1, 1..4, 4..5];
        let repaired = repaired_in(&doc, part, wrong, &found.findings, &repair);
        let as_one = repaired_as_one(&doc, part, &found.findings, &repair);
        assert_eq!(repaired.parts.len(), 1);
        assert_eq!(repaired.parts[0].span, part.span);
        assert_eq!(outcome(doc.source, &repaired), outcome(doc.source, &as_one));
        assert!(as_one.parts[0]
            .output
            .contains("He said, “We will win.\n“They"));
    }

    /// A stretch that fails to converge leaves the part to be repaired as one, and the run
    /// fails only if that fails too.
    #[test]
    fn a_stretch_that_does_not_converge_gives_way_to_the_part() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let (doc, found, parts) = read_part(&engine, STRETCHED);
        let part = &parts[0];
        let real = repair_with(&engine, doc.source);
        let whole = part.span.clone();
        let failing_stretches = move |span: Range<usize>, first: Vec<Finding>| {
            if span == whole {
                real(span, first)
            } else {
                Err(crate::Error::NoConvergence {
                    passes: 8,
                    rules: vec!["a-rule".to_string()],
                })
            }
        };
        let stretches = stretches(&doc, part, &found.findings, &found.open_ends);
        assert!(stretches.len() > 1);
        let repaired = repaired_in(&doc, part, stretches, &found.findings, &failing_stretches);
        let repair = repair_with(&engine, doc.source);
        let as_one = repaired_as_one(&doc, part, &found.findings, &repair);
        assert_eq!(repaired.parts.len(), 1);
        assert_eq!(outcome(doc.source, &repaired), outcome(doc.source, &as_one));
    }
}
