//! Plain text in independent parts, so that a long text is read in parallel and repaired
//! where it needs it.
//!
//! A rule reads one paragraph at a time, with one exception: a quotation left open at the end
//! of a paragraph may continue in the next. A paragraph without any quotation mark takes no
//! part in such a chain, so the text splits into *parts*: each such paragraph on its own, and
//! the runs of paragraphs between them; no finding depends on text outside its part.
//! Detection then reads pieces of about [`PIECE_BYTES`] (many parts each) on as many threads
//! as the caller's rayon pool has, and `fix` repeats detection only on the parts its first
//! pass changed, each on its own, instead of on the whole text. What the rules
//! decide from the whole document is decided for all parts: its language up front, and its
//! quotation style (straight or typographic, for repairing a pair that mixes them) from the
//! quotations of every piece, reading again the rare piece whose own style differs. So the
//! findings are those of reading the text in one piece.

use std::ops::Range;

use rayon::prelude::*;

use super::{Detected, Engine, FixOutcome, Languages, Options, Repaired, Whole};
use crate::analyzers::quotes::marks::has_marks;
use crate::analyzers::quotes::QuoteCounts;
use crate::detect::Finding;
use crate::error::{Error, Result};
use crate::ingest::{text_layout, Document, TextLayout};
use crate::language::Lang;

/// About how many bytes of a long text are read as one window: structures of one window at a
/// time, so that memory and time per byte do not grow with the text.
const WINDOW_BYTES: usize = 32 << 20;
/// About how many bytes of text one task reads.
const PIECE_BYTES: usize = 64 << 10;

/// A run of paragraphs no rule reads across.
struct Part {
    /// Indices of its segments in the document.
    segments: Range<usize>,
    /// Its bytes, from the start of its first paragraph to the end of its last.
    span: Range<usize>,
}

/// The findings on `source`, a plain text.
pub(super) fn check_text(engine: &Engine, source: &str, options: &Options) -> Vec<Finding> {
    check_in_windows(engine, source, options, WINDOW_BYTES)
}

fn check_in_windows(
    engine: &Engine,
    source: &str,
    options: &Options,
    window_bytes: usize,
) -> Vec<Finding> {
    let layout = layout_of(source, window_bytes);
    // Decided as `fix` decides it, so that `check` after `fix` reads the same language.
    let lang = document_language_of(engine, source, layout, options);
    let mut findings = Vec::new();
    for window in windows(source, layout, window_bytes) {
        let doc = Document::read_text_part(&source[window.clone()], layout);
        let parts = parts(&doc);
        let pieces = pieces(&parts);
        let (found, _) = detect_pieces(engine, &doc, &parts, &pieces, options, lang, false);
        findings.extend(
            found
                .into_iter()
                .flat_map(|found| found.findings)
                .map(|f| moved(f, 0, window.start)),
        );
    }
    findings
}

/// Pass one over every piece (in parallel when there are several), and what was decided for
/// the whole document on the way. A piece whose own quotation style differs from the
/// document's is read again in the document's.
/// With `remember`, also the languages each piece decided, for `fix` to read its parts again.
fn detect_pieces(
    engine: &Engine,
    doc: &Document,
    parts: &[Part],
    pieces: &[Range<usize>],
    options: &Options,
    lang: Option<Lang>,
    remember: bool,
) -> (Vec<Detected>, Whole) {
    let mut whole = Whole {
        lang,
        quote_style: None,
    };
    let languages = if remember {
        Languages::Remember
    } else {
        Languages::Detect
    };
    let detect = |piece: &Range<usize>, whole: Whole| {
        let segments = parts[piece.start].segments.start..parts[piece.end - 1].segments.end;
        engine.detect_remembering(&doc.part(segments), options, whole, languages.clone())
    };
    let mut found: Vec<Detected> = if pieces.len() <= 1 {
        pieces.iter().map(|p| detect(p, whole)).collect()
    } else {
        pieces.par_iter().map(|p| detect(p, whole)).collect()
    };
    let total = found
        .iter()
        .fold(QuoteCounts::default(), |total, found| total + found.counts);
    let style = total.style();
    whole.quote_style = Some(style);
    for (piece, found) in pieces.iter().zip(&mut found) {
        if found.counts.style() != style {
            *found = detect(piece, whole);
        }
    }
    (found, whole)
}

/// `fix` on `source`, a plain text.
///
/// The document's language decides the conventions of paragraphs too short to tell their own,
/// and it is read from the text, which the repairs change (mojibake decoded, marks added to
/// the sample it reads). A text repaired in one language that then reads as another would be
/// repaired again by the next run, the other way. So the repaired text's language is read
/// too, and when it differs the source is repaired again in that language, until the two
/// agree, as the passes over a part go on until nothing is left to repair; a language met
/// twice is an error.
pub(super) fn fix_text(engine: &Engine, source: &str, options: &Options) -> Result<FixOutcome> {
    fix_settled(engine, source, options, WINDOW_BYTES)
}

fn fix_settled(
    engine: &Engine,
    source: &str,
    options: &Options,
    window_bytes: usize,
) -> Result<FixOutcome> {
    let layout = layout_of(source, window_bytes);
    let mut lang = document_language_of(engine, source, layout, options);
    let mut tried = Vec::new();
    loop {
        let outcome = fix_in_windows(engine, source, layout, options, window_bytes, lang)?;
        let output_layout = layout_of(&outcome.output, window_bytes);
        let reads_as = document_language_of(engine, &outcome.output, output_layout, options);
        if reads_as == lang {
            return Ok(outcome);
        }
        tried.push(lang);
        if tried.contains(&reads_as) {
            tried.push(reads_as);
            return Err(Error::LanguageUnsettled {
                tried: tried
                    .iter()
                    .map(|l| l.unwrap_or("none").to_string())
                    .collect(),
            });
        }
        lang = reads_as;
    }
}

/// Most bytes of a text read to decide its language: more than the sample that
/// [`LanguageDetector::detect_document`](crate::language::LanguageDetector::detect_document)
/// takes from the first paragraphs.
const LANGUAGE_PREFIX_BYTES: usize = 1 << 20;
/// The first prefix read for it: enough for the sample unless the first paragraphs are very
/// long, or separated by much blank space.
const LANGUAGE_FIRST_BYTES: usize = 64 << 10;

/// The language of the whole of `text`, laid out as `layout`, from its first paragraphs (none
/// when the run fixes the language).
///
/// The sample comes from a short prefix, read longer until its last paragraph (which the
/// prefix may cut) is not needed, so the answer is that of [`LANGUAGE_PREFIX_BYTES`] read at
/// once, at a fraction of the cost.
fn document_language_of(
    engine: &Engine,
    text: &str,
    layout: TextLayout,
    options: &Options,
) -> Option<Lang> {
    if options.lang.is_some() {
        return None;
    }
    let mut bytes = LANGUAGE_FIRST_BYTES;
    loop {
        let prefix = prefix_lines(text, bytes.min(LANGUAGE_PREFIX_BYTES));
        let doc = Document::read_text_part(prefix, layout);
        let read = std::cell::Cell::new(0);
        let texts = doc.segments.iter().map(|segment| {
            read.set(read.get() + 1);
            doc.text(segment)
        });
        let lang = engine
            .detector
            .detect_document(texts, options.fallback_lang);
        // Stopped before the last paragraph: the rest of the text could not change the sample.
        let settled = read.get() < doc.segments.len();
        if settled || prefix.len() == text.len() || bytes >= LANGUAGE_PREFIX_BYTES {
            return Some(lang);
        }
        bytes *= 4;
    }
}

/// `fix` on `source` with `lang` the language of the whole document.
fn fix_in_windows(
    engine: &Engine,
    source: &str,
    layout: TextLayout,
    options: &Options,
    window_bytes: usize,
    lang: Option<Lang>,
) -> Result<FixOutcome> {
    let mut fixed = FixOutcome {
        output: String::with_capacity(source.len()),
        applied: Vec::new(),
        dropped: Vec::new(),
        remaining: Vec::new(),
        passes: 1,
        notes: Vec::new(),
    };
    for window in windows(source, layout, window_bytes) {
        fix_window(engine, source, window, layout, lang, options, &mut fixed)?;
    }
    Ok(fixed)
}

/// `fix` on one window of the plain text `text`: its repaired text is added to `fixed`'s
/// output (each byte written once, into the one buffer), and its edits to `fixed`'s, as
/// ranges of the whole.
fn fix_window(
    engine: &Engine,
    text: &str,
    window: Range<usize>,
    layout: TextLayout,
    lang: Option<Lang>,
    options: &Options,
    fixed: &mut FixOutcome,
) -> Result<()> {
    let offset = window.start;
    let source = &text[window];
    let doc = Document::read_text_part(source, layout);
    let parts = parts(&doc);
    let pieces = pieces(&parts);
    let (found, whole) = detect_pieces(engine, &doc, &parts, &pieces, options, lang, true);
    // Each part with findings converges on its own; later passes read only that part, and
    // take the language of every paragraph they left as it was from the first pass.
    let fix_piece = |(piece, found): (&Range<usize>, Detected)| -> Result<Vec<Option<Repaired>>> {
        let known = found.known;
        let mut findings = found.findings.into_iter().peekable();
        let mut repaired = Vec::with_capacity(piece.len());
        for part in &parts[piece.clone()] {
            let span = part.span.clone();
            let mut first = Vec::new();
            // `<=`: an insertion at the very end of the part (a missing closer) is its own.
            while let Some(finding) = findings.next_if(|f| f.range.start <= span.end) {
                first.push(moved(finding, span.start, 0));
            }
            if first.is_empty() {
                repaired.push(None);
                continue;
            }
            let redetect = |text: &str| {
                let doc = Document::read_text_part(text, layout);
                let languages = Languages::Reuse(&known);
                Ok(engine
                    .detect_remembering(&doc, options, whole, languages)
                    .findings)
            };
            repaired.push(Some(engine.converge(
                &source[span],
                first,
                options,
                redetect,
            )?));
        }
        Ok(repaired)
    };
    let results: Vec<Result<Vec<Option<Repaired>>>> = if pieces.len() <= 1 {
        pieces.iter().zip(found).map(fix_piece).collect()
    } else {
        pieces.par_iter().zip(found).map(fix_piece).collect()
    };

    let output = &mut fixed.output;
    // Unchanged text is copied in stretches, up to the next part that changed.
    let mut at = 0;
    for (piece, result) in pieces.iter().zip(results) {
        for (part, repaired) in parts[piece.clone()].iter().zip(result?) {
            let Some(repaired) = repaired else {
                continue;
            };
            let span = part.span.clone();
            output.push_str(&source[at..span.start]);
            at = span.end;
            let output_start = output.len();
            output.push_str(&repaired.output);
            // Edits point into the original: from the part to the whole text.
            let base = offset + span.start;
            let to_whole = |range: Range<usize>| range.start + base..range.end + base;
            fixed
                .applied
                .extend(repaired.applied.into_iter().map(|mut edit| {
                    edit.range = to_whole(edit.range);
                    edit
                }));
            fixed
                .dropped
                .extend(repaired.dropped.into_iter().map(|mut edit| {
                    edit.range = to_whole(edit.range);
                    edit
                }));
            fixed.remaining.extend(
                repaired
                    .remaining
                    .into_iter()
                    .map(|f| moved(f, 0, output_start)),
            );
            fixed.passes = fixed.passes.max(repaired.passes);
        }
    }
    output.push_str(&source[at..]);
    Ok(())
}

/// The layout of a text, decided from its first window.
fn layout_of(text: &str, window_bytes: usize) -> TextLayout {
    text_layout(prefix_lines(text, window_bytes))
}

/// The longest prefix of `source` of at most `max` bytes that ends at a line end (all of it
/// when it is shorter): where the layout is decided.
fn prefix_lines(source: &str, max: usize) -> &str {
    if source.len() <= max {
        return source;
    }
    let mut end = max;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    match source[..end].rfind('\n') {
        Some(i) => &source[..i + 1],
        None => &source[..end],
    }
}

/// Windows of about `window_bytes` that no rule reads across, as byte ranges: each ends
/// after a paragraph without quotation marks (in hard-wrapped text, at the blank line after
/// one). A text with no such place after a window's worth is one window.
fn windows(source: &str, layout: TextLayout, window_bytes: usize) -> Vec<Range<usize>> {
    let mut windows = Vec::new();
    let mut start = 0;
    while source.len() - start > window_bytes {
        match window_end(source, start + window_bytes, layout) {
            Some(end) => {
                windows.push(start..end);
                start = end;
            }
            None => break,
        }
    }
    windows.push(start..source.len());
    windows
}

/// The first line start after `from` where a window may end (before the end of `source`).
fn window_end(source: &str, from: usize, layout: TextLayout) -> Option<usize> {
    let mut from = from;
    while !source.is_char_boundary(from) {
        from += 1;
    }
    let mut at = from + source[from..].find('\n')? + 1;
    let mut paragraph: Option<usize> = None;
    while at < source.len() {
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
        let line = &source[at..end];
        let blank = line.trim().is_empty();
        match layout {
            TextLayout::LinePerParagraph if !blank && !has_marks(line) => {
                return (end < source.len()).then_some(end);
            }
            TextLayout::HardWrapped if blank => {
                if paragraph.is_some_and(|p| !has_marks(&source[p..at])) {
                    return (end < source.len()).then_some(end);
                }
                paragraph = Some(end);
            }
            _ => {}
        }
        at = end;
    }
    None
}

/// The parts of a plain text: each paragraph without quotation marks on its own, and each run
/// of paragraphs with them. Every paragraph of plain text is a segment of its own.
fn parts(doc: &Document) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut run = |segments: Range<usize>| {
        if !segments.is_empty() {
            parts.push(Part {
                span: doc.segments[segments.start].range.start
                    ..doc.segments[segments.end - 1].range.end,
                segments,
            });
        }
    };
    let mut first = 0;
    for (i, segment) in doc.segments.iter().enumerate() {
        if !has_marks(doc.text(segment)) {
            run(first..i);
            run(i..i + 1);
            first = i + 1;
        }
    }
    run(first..doc.segments.len());
    parts
}

/// Consecutive parts grouped into pieces of about [`PIECE_BYTES`], as ranges of part indices.
fn pieces(parts: &[Part]) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut first = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.span.end - parts[first].span.start >= PIECE_BYTES || i + 1 == parts.len() {
            pieces.push(first..i + 1);
            first = i + 1;
        }
    }
    pieces
}

/// `finding` with its offsets moved from a text starting at `from` to one starting at `to`.
fn moved(mut finding: Finding, from: usize, to: usize) -> Finding {
    let shift = |range: &mut Range<usize>| {
        *range = range.start - from + to..range.end - from + to;
    };
    shift(&mut finding.range);
    if let Some(fix) = &mut finding.fix {
        for edit in &mut fix.edits {
            shift(&mut edit.range);
        }
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::TextLayout;

    fn spans(source: &str) -> Vec<&str> {
        let doc = Document::read_text_part(source, TextLayout::LinePerParagraph);
        parts(&doc)
            .iter()
            .map(|p| &source[p.span.clone()])
            .collect()
    }

    #[test]
    fn a_paragraph_without_quotation_marks_is_a_part_of_its_own() {
        assert_eq!(
            spans("One.\nHe said, “We\n“will win.”\nTwo.\nThree.\n“Four.”"),
            [
                "One.",
                "He said, “We\n“will win.”",
                "Two.",
                "Three.",
                "“Four.”"
            ]
        );
    }

    #[test]
    fn windows_end_after_a_paragraph_without_marks() {
        let text = "“One” said.\nTwo.\n“Three”\n“Four”\nFive.\nSix.\n";
        let lines = TextLayout::LinePerParagraph;
        let ends: Vec<usize> = windows(text, lines, 1).iter().map(|w| w.end).collect();
        // After `Two.` and `Five.` (a window needs more than one byte, so not after `Six.`
        // at the very end), never after a line with marks.
        let after = |s: &str| text.find(s).unwrap() + s.len() + 1;
        assert_eq!(ends, [after("Two."), after("Five."), text.len()]);
        let wrapped = "He said “we\nwill”.\n\nA plain\nparagraph.\n\nEnd.\n";
        let ends: Vec<usize> = windows(wrapped, TextLayout::HardWrapped, 1)
            .iter()
            .map(|w| w.end)
            .collect();
        assert_eq!(ends, [wrapped.find("End.").unwrap(), wrapped.len()]);
    }

    #[test]
    fn windows_read_as_the_whole() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let options = Options::default();
        let article = "Seoul = Yonhap\nHe said, “We will win.\nThe talks ended .\n“They agreed,” he said.\nKim said “we are ready”.\n\n";
        let text = article.repeat(400);
        let whole = check_in_windows(&engine, &text, &options, usize::MAX);
        let windowed = check_in_windows(&engine, &text, &options, 4096);
        assert!(whole.len() > 400);
        let key = |f: &Finding| (f.rule.id.clone(), f.range.clone());
        assert_eq!(
            windowed.iter().map(key).collect::<Vec<_>>(),
            whole.iter().map(key).collect::<Vec<_>>()
        );
        let fixed_whole = fix_settled(&engine, &text, &options, usize::MAX).unwrap();
        let fixed = fix_settled(&engine, &text, &options, 4096).unwrap();
        assert_eq!(fixed.output, fixed_whole.output);
        assert_eq!(fixed.applied.len(), fixed_whole.applied.len());
        for (a, b) in fixed.applied.iter().zip(&fixed_whole.applied) {
            assert_eq!((&a.range, &a.replacement), (&b.range, &b.replacement));
        }
    }

    #[test]
    fn the_document_language_is_that_of_the_longest_prefix() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let options = Options::default();
        // As it was decided before the prefix grew as needed: from the longest prefix at once.
        let longest = |text: &str| {
            let layout = layout_of(text, WINDOW_BYTES);
            let doc = Document::read_text_part(prefix_lines(text, LANGUAGE_PREFIX_BYTES), layout);
            let texts = doc.segments.iter().map(|s| doc.text(s));
            Some(engine.detector.detect_document(texts, "en"))
        };
        let german = "Die Regierung hat am Montag in Berlin mitgeteilt, dass die Gespräche mit der \
                      Opposition fortgesetzt werden und eine Einigung noch in dieser Woche möglich ist.\n";
        let english =
            "The government said on Monday that the talks with the opposition would go on \
                       and that an agreement was possible this week.\n";
        let texts = [
            // Blank space longer than the first prefix before any paragraph.
            format!("{}{}", "\n".repeat(100_000), german.repeat(300)),
            // One English paragraph longer than the first prefix, then German ones.
            format!(
                "{}\n{}",
                english.trim_end().repeat(1_000),
                german.repeat(300)
            ),
            // Short English paragraphs, then German: the sample ends in the English.
            format!("{}{}", english.repeat(400), german.repeat(400)),
            format!("{}{}", german.repeat(100), english.repeat(2_000)),
            String::new(),
        ];
        for text in &texts {
            assert_eq!(
                document_language_of(&engine, text, layout_of(text, WINDOW_BYTES), &options),
                longest(text),
                "{:.60}",
                text.trim_start()
            );
        }
        assert_eq!(longest(&texts[0]), Some("de"));
    }

    #[test]
    fn pieces_cover_every_part_once() {
        let text = "A plain paragraph.\n".repeat(20_000);
        let doc = Document::read_text_part(&text, TextLayout::LinePerParagraph);
        let parts = parts(&doc);
        let pieces = pieces(&parts);
        assert!(pieces.len() > 1);
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces.last().unwrap().end, parts.len());
        assert!(pieces.windows(2).all(|w| w[0].end == w[1].start));
    }
}
