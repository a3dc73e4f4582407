//! Plain text in independent parts, so that a long text is read in parallel and repaired
//! where it needs it.
//!
//! A rule reads one paragraph at a time, with one exception: a quotation left open at the end
//! of a paragraph may continue in the next. A paragraph without any quotation mark takes no
//! part in such a chain, so the text splits into *parts*: each such paragraph on its own, and
//! the runs of paragraphs between them; no finding depends on text outside its part.
//! Detection then reads pieces of about [`PIECE_BYTES`] (many parts each) on as many threads
//! as the caller's rayon pool has, each piece cut from the text where a part ends and read
//! by its own task from there (paragraphs, parts, findings, repaired text), so that the thread
//! that hands out the pieces has little to do but add their repaired parts to the output (a
//! [`RepairedText`], not a joined copy), which for a long text it does for one window while
//! the next is repaired. `fix` repairs a piece in the task that read
//! it, and repeats detection only on the parts its first pass changed, each on its own,
//! instead of on the whole text; a long part (a run of quoting paragraphs) is cut further,
//! after each paragraph that leaves no quotation open, and only its stretches with repairs are
//! read again.
//!
//! What the rules decide from the whole document is decided for all parts: its language up
//! front, and its quotation style (straight or typographic, for repairing a pair that mixes
//! them) from the quotations of every piece, reading again the rare piece whose own style
//! differs. So the findings are those of reading the text in one piece.

use std::ops::Range;

use rayon::prelude::*;

mod stretches;

use stretches::{repair_stretch, repair_stretches, stretches, take_through};

use super::{
    AppliedEdit, Detected, DroppedEdit, Engine, FixOutcome, Languages, Options, RepairedText, Whole,
};
use crate::analyzers::quotes::marks::has_marks;
use crate::analyzers::quotes::{QuoteCounts, QuoteStyle};
use crate::detect::Finding;
use crate::error::{Error, Result};
use crate::ingest::{text_layout, text_layout_settled_by, Document, TextLayout};
use crate::language::Lang;

/// About how many bytes of a long text are read as one window: structures of one window at a
/// time, so that memory and time per byte do not grow with the text.
const WINDOW_BYTES: usize = 32 << 20;
/// About how many bytes of text one task reads.
const PIECE_BYTES: usize = 64 << 10;

/// A run of paragraphs no rule reads across: its bytes, from the start of its first paragraph
/// to the end of its last.
struct Part {
    span: Range<usize>,
    /// Its paragraphs, as indices of the document's segments.
    segments: Range<usize>,
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
    for window in cut(source, layout, window_bytes) {
        let pieces = detect_pieces(engine, &source[window.clone()], layout, options, lang);
        findings.extend(
            pieces
                .into_iter()
                .flat_map(|piece| piece.found.findings)
                .map(|f| moved(f, 0, window.start)),
        );
    }
    findings
}

/// A stretch of about [`PIECE_BYTES`] of a window, read by one task: its paragraphs (ranges
/// of the window) and what pass one found in them.
struct Piece<'w> {
    doc: Document<'w>,
    found: Detected,
}

/// Pass one over every piece of `window` (in parallel when there are several). A piece whose
/// own quotation style differs from the document's is read again in the document's.
fn detect_pieces<'w>(
    engine: &Engine,
    window: &'w str,
    layout: TextLayout,
    options: &Options,
    lang: Option<Lang>,
) -> Vec<Piece<'w>> {
    let detect = |doc: &Document, quote_style: Option<QuoteStyle>| {
        let whole = Whole { lang, quote_style };
        engine.detect_remembering(doc, options, whole, Languages::Detect)
    };
    let spans = cut(window, layout, PIECE_BYTES);
    let mut pieces = each_piece(engine, &spans, |span| {
        let doc = Document::read_text_within(window, span.clone(), layout);
        let found = detect(&doc, None);
        Piece { doc, found }
    });
    let style = document_style(pieces.iter().map(|piece| piece.found.counts));
    for piece in &mut pieces {
        if piece.found.counts.style() != style {
            piece.found = detect(&piece.doc, Some(style));
        }
    }
    pieces
}

/// `read` on every span of `spans`, in parallel when there are several, the results in order.
fn each_piece<T: Send>(
    engine: &Engine,
    spans: &[Range<usize>],
    read: impl Fn(&Range<usize>) -> T + Sync,
) -> Vec<T> {
    let mut pieces = Vec::with_capacity(spans.len());
    if spans.len() <= 1 {
        pieces.extend(spans.iter().map(read));
    } else {
        // The first piece is read before the others start, so that they start from the
        // automaton states it worked out (see `Plan::share_learned`) instead of each thread
        // working them out again. It is read by a thread of the pool, not the caller's (which
        // a one-item parallel iterator would use), because a regex keeps the scratch space of
        // the first thread that uses it aside for that thread. Meanwhile the prefilter of a
        // long text is built, on another thread when there is one.
        let (first, ()) = rayon::join(|| read(&spans[0]), || engine.plan.expect_long_text());
        pieces.push(first);
        engine.plan.share_learned(rayon::current_num_threads());
        pieces.par_extend(spans[1..].par_iter().map(&read));
    }
    pieces
}

/// The quotation style of a window, from the quotations its pieces counted.
fn document_style(counts: impl Iterator<Item = QuoteCounts>) -> QuoteStyle {
    counts
        .fold(QuoteCounts::default(), |total, c| total + c)
        .style()
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
pub(super) fn fix_text(
    engine: &Engine,
    source: &str,
    options: &Options,
) -> Result<FixOutcome<RepairedText>> {
    fix_settled(engine, source, options, WINDOW_BYTES)
}

fn fix_settled(
    engine: &Engine,
    source: &str,
    options: &Options,
    window_bytes: usize,
) -> Result<FixOutcome<RepairedText>> {
    let layout = layout_of(source, window_bytes);
    let mut lang = document_language_of(engine, source, layout, options);
    let mut tried = Vec::new();
    loop {
        let outcome = fix_in_windows(engine, source, layout, options, window_bytes, lang)?;
        let output_layout = repaired_layout(&outcome.output, source, window_bytes);
        // More than the bytes the language is read from, as `document_language_of` asks.
        let output = outcome.output.prefix(source, LANGUAGE_PREFIX_BYTES);
        let reads_as = document_language_of(engine, &output, output_layout, options);
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
) -> Result<FixOutcome<RepairedText>> {
    let mut fixed = FixOutcome {
        output: RepairedText::default(),
        applied: Vec::new(),
        dropped: Vec::new(),
        remaining: Vec::new(),
        passes: 1,
        notes: Vec::new(),
    };
    // Each window's result is added to the output (on one thread) while the next window is
    // repaired (on the others).
    let mut repaired: Option<(Range<usize>, Vec<PieceFix>)> = None;
    for window in cut(source, layout, window_bytes) {
        let (_, next) = rayon::join(
            || {
                if let Some((done, pieces)) = repaired.take() {
                    add_window(done, pieces, &mut fixed);
                }
            },
            || fix_window(engine, &source[window.clone()], layout, lang, options),
        );
        repaired = Some((window, next?));
    }
    if let Some((done, pieces)) = repaired {
        add_window(done, pieces, &mut fixed);
    }
    Ok(fixed)
}

/// The layout of a repaired text (of `source`), read from as few of its first bytes as
/// decide it: the layout of [`layout_of`] its whole text, without joining the text.
fn repaired_layout(text: &RepairedText, source: &str, window_bytes: usize) -> TextLayout {
    let mut bytes = LANGUAGE_FIRST_BYTES;
    loop {
        let bytes_now = bytes.min(window_bytes);
        let joined = text.prefix(source, bytes_now);
        let prefix = prefix_lines(&joined, bytes_now);
        let whole = prefix.len() == text.len() || bytes_now == window_bytes;
        if whole {
            return text_layout(prefix);
        }
        if let Some(layout) = text_layout_settled_by(prefix) {
            return layout;
        }
        bytes = bytes.saturating_mul(16);
    }
}

/// `fix` on one window of a plain text: what each of its pieces became.
///
/// Each piece is read and at once repaired by one task, while its text and what was found in
/// it are still in the processor's caches, and the memory they took is reused by the next
/// piece. The repair reads in the window's quotation style, known only once every piece is
/// read: each piece is repaired in the style of its own quotations, and the rare piece whose
/// style turns out to differ from the window's is read and repaired again in the window's.
/// The result is that of reading every piece before repairing any.
fn fix_window(
    engine: &Engine,
    window: &str,
    layout: TextLayout,
    lang: Option<Lang>,
    options: &Options,
) -> Result<Vec<PieceFix>> {
    let read_and_repair = |span: &Range<usize>, quote_style: Option<QuoteStyle>| {
        let doc = Document::read_text_within(window, span.clone(), layout);
        let whole = Whole { lang, quote_style };
        let found = engine.detect_remembering(&doc, options, whole, Languages::Remember);
        let counts = found.counts;
        let whole = Whole {
            lang,
            quote_style: Some(quote_style.unwrap_or(counts.style())),
        };
        let fixed = fix_piece(engine, window, Piece { doc, found }, layout, options, whole);
        (counts, fixed)
    };
    let spans = cut(window, layout, PIECE_BYTES);
    let mut results = each_piece(engine, &spans, |span| read_and_repair(span, None));
    let style = document_style(results.iter().map(|(counts, _)| *counts));
    for (span, (counts, fixed)) in spans.iter().zip(&mut results) {
        if counts.style() != style {
            *fixed = read_and_repair(span, Some(style)).1;
        }
    }
    // The first error in the text's order, whichever thread met it first.
    results.into_iter().map(|(_, fixed)| fixed).collect()
}

/// Adds the repaired text of `window` (a range of the whole text) to `fixed`'s output (each
/// repaired part in place of its original, the spans between them as they were), and its
/// edits to `fixed`'s, as ranges of the whole.
fn add_window(window: Range<usize>, pieces: Vec<PieceFix>, fixed: &mut FixOutcome<RepairedText>) {
    let offset = window.start;
    let output = &mut fixed.output;
    let mut at = 0;
    for piece in pieces {
        for part in piece.parts {
            output.push_source(offset + at..offset + part.span.start);
            at = part.span.end;
            let output_start = output.len();
            output.push_repaired(part.output);
            fixed.remaining.extend(
                part.remaining
                    .into_iter()
                    .map(|f| moved(f, 0, output_start)),
            );
        }
        add_moved(
            (&mut fixed.applied, &mut fixed.dropped),
            (piece.applied, piece.dropped),
            offset,
        );
        fixed.passes = fixed.passes.max(piece.passes);
    }
    output.push_source(offset + at..window.end);
}

/// Adds applied and dropped edits of a text starting at byte `by` of another to that other's,
/// their ranges moved to it.
fn add_moved(
    into: (&mut Vec<AppliedEdit>, &mut Vec<DroppedEdit>),
    edits: (Vec<AppliedEdit>, Vec<DroppedEdit>),
    by: usize,
) {
    let moved = |range: Range<usize>| range.start + by..range.end + by;
    into.0.extend(edits.0.into_iter().map(|mut edit| {
        edit.range = moved(edit.range);
        edit
    }));
    into.1.extend(edits.1.into_iter().map(|mut edit| {
        edit.range = moved(edit.range);
        edit
    }));
}

/// What `fix` made of one piece: its repaired parts, its edits as ranges of the window, and
/// the most passes a part took.
struct PieceFix {
    parts: Vec<RepairedPart>,
    applied: Vec<AppliedEdit>,
    dropped: Vec<DroppedEdit>,
    passes: usize,
}

/// A part `fix` repaired: its range in the window, its repaired text, and the findings left
/// in that text (as ranges of it).
struct RepairedPart {
    span: Range<usize>,
    output: String,
    remaining: Vec<Finding>,
}

/// Repairs the parts of `piece` (of `window`) with findings, each converging on its own; later
/// passes read only that part, and take the language of every paragraph they left as it was
/// from the first pass.
fn fix_piece(
    engine: &Engine,
    window: &str,
    piece: Piece,
    layout: TextLayout,
    options: &Options,
    whole: Whole,
) -> Result<PieceFix> {
    let mut fixed = PieceFix {
        parts: Vec::new(),
        applied: Vec::new(),
        dropped: Vec::new(),
        passes: 1,
    };
    if piece.found.findings.is_empty() {
        return Ok(fixed);
    }
    let known = piece.found.known;
    let repair = |span: Range<usize>, first: Vec<Finding>| {
        let detect = |doc: &Document| {
            engine.detect_remembering(doc, options, whole, Languages::Reuse(&known))
        };
        repair_stretch(engine, window, span, first, options, layout, detect)
    };
    let doc = &piece.doc;
    let mut findings = piece.found.findings.into_iter().peekable();
    for part in parts(doc) {
        let first = take_through(&mut findings, part.span.end);
        if first.is_empty() {
            continue;
        }
        let stretches = stretches(doc, &part, &first, &piece.found.open_ends);
        repair_stretches(doc, &part, stretches, first, &repair, &mut fixed)?;
    }
    Ok(fixed)
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

/// `source` cut into stretches of about `bytes` that no rule reads across (the windows of a
/// long text, the pieces of a window), as byte ranges: each ends after a paragraph without
/// quotation marks (in hard-wrapped text, at the blank line after one). A text with no such
/// place after a stretch's worth is one stretch.
fn cut(source: &str, layout: TextLayout, bytes: usize) -> Vec<Range<usize>> {
    let mut stretches = Vec::new();
    let mut start = 0;
    while source.len() - start > bytes {
        match cut_after(source, start + bytes, layout) {
            Some(end) => {
                stretches.push(start..end);
                start = end;
            }
            None => break,
        }
    }
    stretches.push(start..source.len());
    stretches
}

/// The first line start after `from` where a stretch may end (before the end of `source`).
fn cut_after(source: &str, from: usize, layout: TextLayout) -> Option<usize> {
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
    fn stretches_end_after_a_paragraph_without_marks() {
        let text = "“One” said.\nTwo.\n“Three”\n“Four”\nFive.\nSix.\n";
        let lines = TextLayout::LinePerParagraph;
        let ends: Vec<usize> = cut(text, lines, 1).iter().map(|w| w.end).collect();
        // After `Two.` and `Five.` (a stretch needs more than one byte, so not after `Six.`
        // at the very end), never after a line with marks.
        let after = |s: &str| text.find(s).unwrap() + s.len() + 1;
        assert_eq!(ends, [after("Two."), after("Five."), text.len()]);
        let wrapped = "He said “we\nwill”.\n\nA plain\nparagraph.\n\nEnd.\n";
        let ends: Vec<usize> = cut(wrapped, TextLayout::HardWrapped, 1)
            .iter()
            .map(|w| w.end)
            .collect();
        assert_eq!(ends, [wrapped.find("End.").unwrap(), wrapped.len()]);
    }

    /// The layout read from a repaired text's first bytes is the layout of the whole of it,
    /// for texts whose layout a long line settles early, late or not at all.
    #[test]
    fn a_repaired_texts_layout_is_that_of_its_joined_text() {
        let long = format!("{}\n", "word ".repeat(30));
        let short =
            "He said that the\nmeeting would go on\nuntil late in the\nevening, and left.\n\n";
        let texts = [
            String::new(),
            long.repeat(3),
            short.repeat(2_000),
            format!("{}{long}", short.repeat(2_000)),
            format!("{}{long}", short.repeat(20_000)),
            format!("\u{feff}{long}{}", short.repeat(100)),
        ];
        for text in &texts {
            // Pieces of the source, with repaired text (a copy of the same bytes) between.
            let mut repaired = RepairedText::default();
            let cut = text.len() / 3;
            let cut = (cut..).find(|&i| text.is_char_boundary(i)).unwrap();
            repaired.push_source(0..cut);
            repaired.push_repaired(text[cut..cut + cut.min(10)].to_string());
            repaired.push_source(cut + cut.min(10)..text.len());
            assert_eq!(repaired.join(text), *text);
            for window_bytes in [4096, 100_000, 1 << 20, usize::MAX] {
                assert_eq!(
                    repaired_layout(&repaired, text, window_bytes),
                    layout_of(text, window_bytes),
                    "{} bytes, windows of {window_bytes}",
                    text.len()
                );
            }
        }
    }

    #[test]
    fn windows_read_as_the_whole() {
        let engine = Engine::new(crate::rules::Ruleset::defaults().unwrap());
        let options = Options::default();
        let article = "Seoul = Yonhap\nHe said, “We will win.\nThe talks ended .\n“They agreed,” he said.\nKim said “we are ready”.\n\n";
        let text = article.repeat(1_000);
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
        assert_eq!(fixed.output.join(&text), fixed_whole.output.join(&text));
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
    fn pieces_cover_the_window_once() {
        let text = "A plain paragraph.\n".repeat(20_000);
        let spans = cut(&text, TextLayout::LinePerParagraph, PIECE_BYTES);
        assert!(spans.len() > 1);
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
        assert!(spans.iter().all(|s| s.len() <= PIECE_BYTES + 64));
    }
}
