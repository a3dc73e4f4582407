//! The quotation analyzer: rebuilds the quotation structure of each paragraph in the
//! conventions of its language and reports where machine translation broke it.
//!
//! Three layers: [`locale`] says what correct quoting is in a language (from the table in
//! `rules/tables/`), [`marks`] classifies every quote-like mark, [`structure`] pairs them. The
//! checks here read the structure:
//! - `stray-opener`: an opener inside a still-open quotation of the same kind, right after a
//!   sentence end, with a closer ahead: the source had one quotation, the translation split it.
//! - `attribution-fragment` (English): `…problem.” “He said.` → `…problem,” he said.`
//! - `wrong-direction`: a closer written as an opener or the reverse (`said: ”I…`).
//! - `doubled`: a mark written twice (`““We`), or two quotations run together (`.””Next`).
//! - `mixed-style`: straight and typographic marks in one pair → the document's style.
//! - `foreign-locale`: another language's marks (English “ ” in German) or TeX quotes → the
//!   language's own, primary outside, secondary inside.
//! - `inner-space`: spaces inside the marks where the language has none.
//! - `unclosed`: a quotation still open when its paragraph ends, not continued by the next
//!   paragraph (the convention of continued quotations) → closed after the last sentence.
//! - `unopened`: a closer with nothing to close; repaired only where the opener's place is
//!   clear (right after `said, ` in English).
//!
//! Correct text is left byte-identical: apostrophes, primes, nesting, dialogue, house styles
//! (straight quotes used throughout, a locale's accepted alternative pairs).

mod attribution;
pub mod locale;
pub mod marks;
pub mod structure;

use std::borrow::Cow;
use std::ops::Range;

use crate::analyzers::{AnalyzerInput, Checks, Hit, HitEdit};
use crate::ingest::SegmentKind;
use crate::language::Lang;
use locale::{InnerSpace, QuoteLocale};
use marks::{Family, Mark, Style};
use structure::{Quotation, Structure};

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &[
    "stray-opener",
    "attribution-fragment",
    "wrong-direction",
    "doubled",
    "mixed-style",
    "foreign-locale",
    "inner-space",
    "unclosed",
    "unopened",
    "straight",
];

/// A repair's edits: view ranges and their new text.
type Edits = Vec<(Range<usize>, String)>;

/// A repair that replaces `range` with `text`.
fn replace(range: &Range<usize>, text: impl Into<String>) -> Option<Edits> {
    Some(vec![(range.clone(), text.into())])
}

/// How far back from a closer `unopened` looks for the opener's place, in bytes.
const OPENER_SEARCH: usize = 400;

/// English verbs after which `, ` or `: ` introduces a quotation.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "asked",
    "told",
    "stated",
    "declared",
    "wrote",
    "explained",
    "noted",
    "stressed",
    "emphasized",
    "replied",
    "answered",
    "announced",
    "warned",
    "insisted",
    "argued",
    "continued",
    "read",
    "saying",
    "adding",
];

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    // Paragraphs as a reader sees them: consecutive prose segments of one block.
    // Their segment numbers in one list, and each block's run of it.
    let mut prose: Vec<usize> = Vec::new();
    let mut blocks: Vec<Range<usize>> = Vec::new();
    for (i, segment) in input.doc.segments.iter().enumerate() {
        if !matches!(segment.kind, SegmentKind::Prose | SegmentKind::Attribute) {
            continue;
        }
        match blocks.last_mut() {
            Some(run) if input.doc.segments[prose[run.start]].block == segment.block => {
                run.end += 1
            }
            _ => blocks.push(prose.len()..prose.len() + 1),
        }
        prose.push(i);
    }
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for (k, run) in blocks.into_iter().enumerate() {
        paragraphs.extend(Paragraph::new(input, &prose[run], k));
    }
    // A quotation open at the end of one paragraph continues in the next when that one opens
    // with a quotation mark (the convention for long quotations) or closes it without
    // reopening (the convention of languages that mark only the ends).
    for k in 0..paragraphs.len() {
        let (head, tail) = paragraphs.split_at_mut(k + 1);
        let current = &mut head[k];
        let Some(next) = tail.first_mut() else { break };
        if next.block != current.block + 1 || current.structure.unclosed.is_empty() {
            continue;
        }
        if next.opens_with_quotation() {
            current.continued = true;
        } else if let Some(&closer) = next.structure.unopened.first() {
            let opener = &current.marks[*current.structure.unclosed.last().expect("not empty")];
            if structure::can_pair(opener, &next.marks[closer], current.reading) {
                current.continued = true;
                next.continuation = Some(closer);
            }
        }
    }
    let counts = QuoteCounts::of(&paragraphs);
    input.facts.quotations.set(counts);
    input.facts.open_ends.borrow_mut().extend(
        paragraphs
            .iter()
            .filter(|p| !p.structure.unclosed.is_empty())
            .filter_map(|p| p.parts.last())
            .map(|part| input.doc.segments[part.segment].range.end),
    );
    let style = input.facts.quote_style.unwrap_or(counts.style());
    for paragraph in &paragraphs {
        paragraph.check(checks, style, out);
    }
}

/// Whether `open` … `close` is correct at `depth` (0 outermost) in `locale`: outside, the
/// primary pair, an accepted alternative, or a single-mark secondary (scare quotes); inside,
/// any of the locale's pairs.
fn accepted_at(locale: &QuoteLocale, depth: usize, open: char, close: char) -> bool {
    if depth > 0 {
        return locale.accepts(open, close);
    }
    let pair = locale::Pair { open, close };
    let single = matches!(open, '‘' | '’' | '‚' | '‹' | '›' | '『');
    locale.primary == pair
        || locale.alternatives.contains(&pair)
        || (locale.secondary == pair && single)
}

/// Whether the document quotes with straight or typographic double marks, by count of the
/// quotations written wholly in one style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteStyle {
    Straight,
    Typographic,
}

/// Double-mark quotations written wholly in one style, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuoteCounts {
    pub straight: usize,
    pub typographic: usize,
}

impl QuoteCounts {
    fn of(paragraphs: &[Paragraph]) -> QuoteCounts {
        let mut counts = QuoteCounts::default();
        for p in paragraphs {
            for q in &p.structure.quotations {
                let (open, close) = (&p.marks[q.open], &p.marks[q.close]);
                if open.family != Family::Double || open.style != close.style {
                    continue;
                }
                match open.style {
                    Style::Straight => counts.straight += 1,
                    _ => counts.typographic += 1,
                }
            }
        }
        counts
    }

    /// The style of most quotations, typographic on a tie.
    pub fn style(self) -> QuoteStyle {
        if self.straight > self.typographic {
            QuoteStyle::Straight
        } else {
            QuoteStyle::Typographic
        }
    }
}

impl std::ops::Add for QuoteCounts {
    type Output = QuoteCounts;

    fn add(self, other: QuoteCounts) -> QuoteCounts {
        QuoteCounts {
            straight: self.straight + other.straight,
            typographic: self.typographic + other.typographic,
        }
    }
}

/// Whether source between two parts of a paragraph shows as a space: whitespace outside the
/// tags in it (a line break in Markdown, a space between two elements), not inside a tag.
fn shows_whitespace(gap: &str) -> bool {
    let mut in_tag = false;
    gap.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if c.is_whitespace() && !in_tag => return true,
            _ => {}
        }
        false
    })
}

/// A segment's place in its paragraph's text.
#[derive(Clone, Copy)]
struct Part {
    segment: usize,
    start: usize,
    len: usize,
}

/// One paragraph: the text of its parts (segments split by inline markup) joined, with a
/// space where the source has whitespace between two parts (a line break in Markdown).
struct Paragraph<'t> {
    parts: Vec<Part>,
    text: Cow<'t, str>,
    /// Position of the paragraph's block among the document's blocks.
    block: usize,
    lang: Lang,
    /// The locale of the paragraph's language, if the table has one.
    own: Option<&'static QuoteLocale>,
    /// The locale the marks are read in: `own`, or the fallback.
    reading: &'static QuoteLocale,
    marks: Vec<Mark>,
    structure: Structure,
    /// A quotation left open here continues in the next paragraph.
    continued: bool,
    /// The closer that ends a quotation continued from the previous paragraph.
    continuation: Option<usize>,
}

impl<'t> Paragraph<'t> {
    /// The paragraph of `segments`, or `None` when it holds no quotation marks (and so
    /// nothing for this analyzer, which then need not know its language): no marks at all, or
    /// only apostrophes inside words.
    fn new(input: &'t AnalyzerInput, segments: &[usize], block: usize) -> Option<Paragraph<'t>> {
        let mut parts = Vec::new();
        let text: Cow<'t, str> = match segments {
            [one] => {
                // Most paragraphs of a text hold no mark: they are passed over before anything
                // is allocated for them.
                if !marks::may_quote(&input.views[*one].text) {
                    return None;
                }
                parts.push(Part {
                    segment: *one,
                    start: 0,
                    len: input.views[*one].text.len(),
                });
                Cow::Borrowed(&input.views[*one].text)
            }
            _ => {
                let mut text = String::new();
                let mut previous_end: Option<usize> = None;
                for &i in segments {
                    let range = &input.doc.segments[i].range;
                    let gap = previous_end
                        .map(|end| &input.doc.source[end.min(range.start)..range.start]);
                    if gap.is_some_and(shows_whitespace) {
                        text.push(' ');
                    }
                    let view = &input.views[i].text;
                    parts.push(Part {
                        segment: i,
                        start: text.len(),
                        len: view.len(),
                    });
                    text.push_str(view);
                    previous_end = Some(range.end);
                }
                // Checked here rather than after the match: a paragraph of one segment was
                // checked above, and `may_quote` runs on every paragraph of a text, so a
                // second run on the same text would cost as much again for nothing.
                if !marks::may_quote(&text) {
                    return None;
                }
                Cow::Owned(text)
            }
        };
        let lang = input.langs.get(segments[0]);
        let own = locale::for_lang(lang);
        let reading = own.unwrap_or_else(locale::fallback);
        let marks = marks::tokenize(&text, reading);
        let structure = structure::build(&text, &marks, reading);
        Some(Paragraph {
            parts,
            text,
            block,
            lang,
            own,
            reading,
            marks,
            structure,
            continued: false,
            continuation: None,
        })
    }

    fn is_english(&self) -> bool {
        crate::language::primary(self.lang) == "en"
    }

    /// Whether the paragraph starts with an opening quotation mark.
    fn opens_with_quotation(&self) -> bool {
        let lead = self.text.len() - self.text.trim_start().len();
        self.marks
            .first()
            .is_some_and(|m| m.range.start == lead && m.can_open())
    }

    /// The part holding paragraph offset `at`; an offset at a boundary belongs to the part it
    /// ends.
    fn part_at(&self, at: usize) -> Part {
        let index = self
            .parts
            .partition_point(|p| p.start < at)
            .saturating_sub(1);
        self.parts[index]
    }

    /// The part that holds `range`: for a range with text, the part its first byte is in (a
    /// mark at the very start of an inline element belongs to that element's part); for an
    /// insertion, the part it ends, as [`Paragraph::part_at`].
    fn part_of(&self, range: &Range<usize>) -> Part {
        if range.is_empty() {
            return self.part_at(range.start);
        }
        let index = self
            .parts
            .partition_point(|p| p.start <= range.start)
            .saturating_sub(1);
        self.parts[index]
    }

    /// `range` of the paragraph as a range of one part's view, if it lies within that part.
    fn local(&self, range: &Range<usize>) -> Option<(usize, Range<usize>)> {
        let part = self.part_of(range);
        let end = part.start + part.len;
        (range.start >= part.start && range.end <= end).then(|| {
            (
                part.segment,
                range.start - part.start..range.end - part.start,
            )
        })
    }

    /// A hit for `range` of the paragraph, with its edits mapped to the parts they fall in.
    /// An edit that would straddle two parts (or touch the space put between them) is not
    /// made: the hit is reported without repair.
    fn hit(&self, check: &'static str, range: Range<usize>, edits: Option<Edits>) -> Hit {
        let part = self.part_of(&range);
        let start = range.start.clamp(part.start, part.start + part.len);
        let end = range.end.clamp(start, part.start + part.len);
        let edits = edits.and_then(|edits| {
            edits
                .into_iter()
                .map(|(range, text)| {
                    self.local(&range).map(|(segment, range)| HitEdit {
                        segment,
                        range,
                        text,
                    })
                })
                .collect::<Option<Vec<_>>>()
        });
        Hit {
            check,
            segment: part.segment,
            range: start - part.start..end - part.start,
            edits,
        }
    }
}

impl Paragraph<'_> {
    fn check(&self, checks: &Checks, style: QuoteStyle, out: &mut Vec<Hit>) {
        let mut emit = |check: &'static str, range: Range<usize>, edits: Option<Edits>| {
            if checks.is_enabled(check) {
                out.push(self.hit(check, range, edits));
            }
        };
        let s = &self.structure;

        for &(first, second, merged) in &s.doubled {
            let (a, b) = (&self.marks[first], &self.marks[second]);
            if merged {
                let opener = self.reading.open_for(a.ch);
                let range = a.range.start..b.range.end;
                emit(
                    "doubled",
                    range.clone(),
                    replace(&range, format!("{} {opener}", a.ch)),
                );
            } else {
                emit("doubled", b.range.clone(), replace(&b.range, ""));
            }
        }
        for &i in &s.stray {
            let range = &self.marks[i].range;
            emit("stray-opener", range.clone(), replace(range, ""));
        }

        let merged_opener = |i: usize| {
            s.doubled
                .iter()
                .any(|&(_, second, merged)| merged && second == i)
        };
        for q in &s.quotations {
            let (open, close) = (&self.marks[q.open], &self.marks[q.close]);
            if merged_opener(q.open) {
                // The merge repair writes this opener.
                self.check_inner_space(q, &mut emit);
                continue;
            }
            let (open_reversed, close_reversed) = (s.reversed[q.open], s.reversed[q.close]);
            // Direction: the pair as the writer meant it.
            if open_reversed || close_reversed {
                let (o, c) = if open_reversed {
                    (self.reading.open_for(close.ch), close.ch)
                } else {
                    (open.ch, self.reading.close_for(open.ch))
                };
                if self.reading.accepts(o, c) || self.own.is_none() {
                    let (mark, glyph) = if open_reversed { (open, o) } else { (close, c) };
                    if glyph != mark.ch {
                        emit(
                            "wrong-direction",
                            mark.range.clone(),
                            replace(&mark.range, glyph),
                        );
                    }
                    self.check_inner_space(q, &mut emit);
                    continue;
                }
                // Another locale's pair, written the wrong way round too: replaced whole.
                self.check_foreign(q, &mut emit);
                self.check_inner_space(q, &mut emit);
                continue;
            }
            if open.family == Family::Double
                && (open.style == Style::Straight) != (close.style == Style::Straight)
                && open.style != Style::Tex
                && close.style != Style::Tex
            {
                self.check_mixed(open, close, style, &mut emit);
                self.check_inner_space(q, &mut emit);
                continue;
            }
            self.check_foreign(q, &mut emit);
            self.check_straight(q, &mut emit);
            self.check_inner_space(q, &mut emit);
        }
        for &i in s.unopened.iter().chain(&s.unclosed) {
            if s.reversed[i] {
                // An unpaired mark written the wrong way round: reported, not guessed at.
                emit("wrong-direction", self.marks[i].range.clone(), None);
            }
        }

        if !self.continued {
            self.check_unclosed(checks, &mut emit);
        }
        for &i in s.unopened.iter().filter(|&&i| self.continuation != Some(i)) {
            let mark = &self.marks[i];
            let repair = self.opener_place(mark).map(|at| {
                let opener = self.reading.open_for(mark.ch);
                (at..at, opener.to_string())
            });
            match repair {
                Some((range, text)) => emit("unopened", range.clone(), replace(&range, text)),
                None => emit("unopened", mark.range.clone(), None),
            }
        }
    }

    /// Straight and typographic marks in one pair: the odd one takes the document's style.
    fn check_mixed(
        &self,
        open: &Mark,
        close: &Mark,
        style: QuoteStyle,
        emit: &mut impl FnMut(&'static str, Range<usize>, Option<Edits>),
    ) {
        let (mark, replacement) = match (style, open.style == Style::Straight) {
            (QuoteStyle::Typographic, true) => (open, self.reading.open_for(close.ch)),
            (QuoteStyle::Typographic, false) => (close, self.reading.close_for(open.ch)),
            (QuoteStyle::Straight, true) => (close, '"'),
            (QuoteStyle::Straight, false) => (open, '"'),
        };
        // A straight mark before `>` ends an attribute (`content="…">`, markup left in the
        // text): made curly, `html-attribute-curly-quote` would make it straight again.
        let ends_tag = mark.style == Style::Straight
            && (self.text[mark.range.end..].starts_with('>')
                || self.text[mark.range.end..].starts_with("/>"));
        if ends_tag {
            emit("mixed-style", mark.range.clone(), None);
            return;
        }
        emit(
            "mixed-style",
            mark.range.clone(),
            replace(&mark.range, replacement),
        );
    }

    /// A pair of typographic or TeX marks the language does not use: its own marks instead,
    /// the primary pair outside and the secondary inside.
    fn check_foreign(
        &self,
        q: &Quotation,
        emit: &mut impl FnMut(&'static str, Range<usize>, Option<Edits>),
    ) {
        let Some(locale) = self.own else { return };
        let (open, close) = (&self.marks[q.open], &self.marks[q.close]);
        let typographic = |m: &Mark| matches!(m.style, Style::Typographic | Style::Tex);
        if !typographic(open) || !typographic(close) {
            return;
        }
        let is_tex = open.style == Style::Tex || close.style == Style::Tex;
        let depth = q.typographic_depth;
        let reversed = self.structure.reversed[q.open] || self.structure.reversed[q.close];
        if !is_tex && !reversed && accepted_at(locale, depth, open.ch, close.ch) {
            return;
        }
        if !is_tex && open.family != close.family {
            return;
        }
        let pair = if depth == 0 {
            locale.primary
        } else {
            locale.secondary
        };
        let spaced = locale.inner_space == InnerSpace::Nbsp;
        let (open_range, open_text) = self.respaced(open, pair.open, spaced, true);
        let (close_range, close_text) = self.respaced(close, pair.close, spaced, false);
        let range = open_range.start..close_range.end;
        emit(
            "foreign-locale",
            range,
            Some(vec![(open_range, open_text), (close_range, close_text)]),
        );
    }

    /// A pair of straight double marks, for a desk whose style is typographic quotes: the
    /// language's own marks, primary outside and secondary inside. (Off by default: straight
    /// quotes used throughout are a house style.)
    fn check_straight(
        &self,
        q: &Quotation,
        emit: &mut impl FnMut(&'static str, Range<usize>, Option<Edits>),
    ) {
        let Some(locale) = self.own else { return };
        let (open, close) = (&self.marks[q.open], &self.marks[q.close]);
        if open.style != Style::Straight
            || close.style != Style::Straight
            || open.family != Family::Double
        {
            return;
        }
        let pair = if q.depth == 0 {
            locale.primary
        } else {
            locale.secondary
        };
        let spaced = locale.inner_space == InnerSpace::Nbsp;
        let (open_range, open_text) = self.respaced(open, pair.open, spaced, true);
        let (close_range, close_text) = self.respaced(close, pair.close, spaced, false);
        emit(
            "straight",
            open_range.start..close_range.end,
            Some(vec![(open_range, open_text), (close_range, close_text)]),
        );
    }

    /// The replacement of `mark` by `glyph`; in a language with spaces inside the marks, with
    /// a no-break space on the inner side (a space found there is kept if it is a no-break
    /// one, replaced by U+202F if it is an ordinary one, and U+202F is added where there is
    /// none).
    fn respaced(
        &self,
        mark: &Mark,
        glyph: char,
        spaced: bool,
        opening: bool,
    ) -> (Range<usize>, String) {
        if !spaced {
            return (mark.range.clone(), glyph.to_string());
        }
        let nnbsp = '\u{202f}';
        if opening {
            let next = self.text[mark.range.end..].chars().next();
            match next {
                Some('\u{a0}' | '\u{202f}') => (mark.range.clone(), glyph.to_string()),
                Some(' ') => (
                    mark.range.start..mark.range.end + 1,
                    format!("{glyph}{nnbsp}"),
                ),
                _ => (mark.range.clone(), format!("{glyph}{nnbsp}")),
            }
        } else {
            let prev = self.text[..mark.range.start].chars().next_back();
            match prev {
                Some('\u{a0}' | '\u{202f}') => (mark.range.clone(), glyph.to_string()),
                Some(' ') => (
                    mark.range.start - 1..mark.range.end,
                    format!("{nnbsp}{glyph}"),
                ),
                _ => (mark.range.clone(), format!("{nnbsp}{glyph}")),
            }
        }
    }

    /// Spaces just inside the marks, in a language that puts none there.
    fn check_inner_space(
        &self,
        q: &Quotation,
        emit: &mut impl FnMut(&'static str, Range<usize>, Option<Edits>),
    ) {
        if self.reading.inner_space != InnerSpace::None
            || self.own.is_some_and(|l| l.inner_space != InnerSpace::None)
        {
            return;
        }
        let (open, close) = (&self.marks[q.open], &self.marks[q.close]);
        let inside = &self.text[open.range.end..close.range.start];
        if inside.trim().is_empty() {
            return;
        }
        let is_space = |c: char| c.is_whitespace() && c != '\n' && c != '\r';
        let lead = inside.len() - inside.trim_start_matches(is_space).len();
        if lead > 0 {
            let range = open.range.end..open.range.end + lead;
            emit("inner-space", range.clone(), replace(&range, ""));
        }
        let trail = inside.len() - inside.trim_end_matches(is_space).len();
        // `sagte: “`: the space after a colon belongs to the colon (and the mark more likely
        // opens than closes), so it stays.
        let after_colon = inside.trim_end_matches(is_space).ends_with([':', ';']);
        if trail > 0 && !after_colon {
            let range = close.range.start - trail..close.range.start;
            emit("inner-space", range.clone(), replace(&range, ""));
        }
    }

    /// A quotation still open at the end of the paragraph: an attribution fragment (English),
    /// or a quotation to close after the last sentence where the opener clearly starts speech.
    fn check_unclosed(
        &self,
        checks: &Checks,
        emit: &mut impl FnMut(&'static str, Range<usize>, Option<Edits>),
    ) {
        let unclosed: Vec<usize> = self
            .structure
            .unclosed
            .iter()
            .copied()
            .filter(|&o| self.marks[o].family == Family::Double)
            .collect();
        for (n, &o) in unclosed.iter().enumerate() {
            if checks.is_enabled("attribution-fragment") && self.is_english() {
                if let Some((range, replacement)) = self.attribution_fragment(o) {
                    emit(
                        "attribution-fragment",
                        range.clone(),
                        replace(&range, replacement),
                    );
                    continue;
                }
            }
            let opener = &self.marks[o];
            // A lone TeX opener is as likely something else (``text´´ with accents for quotes):
            // reported, not closed.
            let repairable = unclosed.len() == 1
                && n == 0
                && opener.style != Style::Tex
                && self.starts_speech(opener);
            if !repairable {
                emit("unclosed", opener.range.clone(), None);
                continue;
            }
            let glyph = if self.structure.reversed[o] {
                // The language's closer of the opener's (double) family: en-GB's primary
                // closer is a single mark, which could not close it.
                let double = |c: &char| matches!(c, '“' | '”' | '„' | '«' | '»' | '「' | '」');
                [self.reading.primary.close, self.reading.secondary.close]
                    .into_iter()
                    .find(double)
                    .unwrap_or(self.reading.primary.close)
            } else {
                self.reading.close_for(opener.ch)
            };
            let end = self.text.trim_end().len();
            let french = self.text[opener.range.end..].starts_with(['\u{a0}', '\u{202f}']);
            let closer = if french {
                format!("\u{202f}{glyph}")
            } else {
                glyph.to_string()
            };
            emit("unclosed", end..end, replace(&(end..end), closer));
        }
    }

    /// The opener introduces speech: it starts the paragraph or a sentence, or follows a colon
    /// or comma; in Chinese, Japanese and Korean, where quotations attach to the words around
    /// them, anywhere.
    fn starts_speech(&self, opener: &Mark) -> bool {
        if matches!(crate::language::primary(self.lang), "ja" | "zh" | "ko") {
            return true;
        }
        let before = self.text[..opener.range.start].trim_end();
        before.is_empty() || before.ends_with([':', ',', '.', '?', '!', '—', '–'])
    }

    /// `…problem.” “He said.`: the quotation opened by mark `o` follows a closed one and holds
    /// only an attribution. Returns the range and text that join it to the quotation.
    fn attribution_fragment(&self, o: usize) -> Option<(Range<usize>, String)> {
        let opener = &self.marks[o];
        let closer = &self.marks[o.checked_sub(1)?];
        let closed = self.structure.quotations.iter().any(|q| q.close == o - 1);
        if !closed || self.text[closer.range.end..opener.range.start] != *" " {
            return None;
        }
        let punct = self.text[..closer.range.start].chars().next_back()?;
        if !matches!(punct, '.' | ',' | '?' | '!') {
            return None;
        }
        let content = &self.text[opener.range.end..];
        let (_, lower) = attribution::clause_start(content)?;
        let first = content.chars().next()?;
        let mut replacement = String::new();
        replacement.push(if punct == '.' { ',' } else { punct });
        replacement.push(closer.ch);
        replacement.push(' ');
        if lower {
            replacement.extend(first.to_lowercase());
        } else {
            replacement.push(first);
        }
        let start = closer.range.start - punct.len_utf8();
        Some((start..opener.range.end + first.len_utf8(), replacement))
    }

    /// Where the opener of an unopened closer clearly belongs (English): right after
    /// `said, ` or `said: ` earlier in the same sentence.
    fn opener_place(&self, closer: &Mark) -> Option<usize> {
        if !self.is_english() {
            return None;
        }
        // The opener belongs within the sentence: look back a bounded stretch only.
        let mut from = closer.range.start.saturating_sub(OPENER_SEARCH);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let before = &self.text[from..closer.range.start];
        let body = before.trim_end_matches(['.', ',', '?', '!']);
        let cut = body.rfind([',', ':'])?;
        let quoted = &before[cut + 1..];
        if !quoted.starts_with(' ') || quoted[1..].starts_with(char::is_whitespace) {
            return None;
        }
        // The quotation is one stretch of text: no sentence ends inside it, no marks.
        let inner = quoted.trim_end_matches(['.', ',', '?', '!']);
        if inner.contains(['.', '?', '!']) || marks::has_marks(inner) {
            return None;
        }
        let verb = body[..cut].split_whitespace().next_back()?;
        SPEECH_VERBS
            .contains(&verb.to_ascii_lowercase().as_str())
            .then_some(from + cut + 2)
    }
}
