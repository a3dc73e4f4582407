//! The structure pass: pairs openers with closers the way a reader does, with a stack, and
//! records what does not fit.
//!
//! Each mark is judged by the quotation it sits in: a closer closes the innermost open
//! quotation it can pair with (quotations left open inside it are abandoned), a second opener
//! of the same kind inside an open quotation right after a sentence end is stray, and an opener
//! of the same kind that nothing can close is a closer written the wrong way round. The pass
//! is linear: one walk over the marks, with look-ahead answered from counts taken beforehand.

use super::locale::QuoteLocale;
use super::marks::{Context, Family, Mark, Role, Style};

/// A paired quotation: indexes of its opening and closing marks, and how many quotations
/// enclose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    pub open: usize,
    pub close: usize,
    pub depth: usize,
    /// How many typographic (not straight) quotations enclose it: the nesting level that
    /// decides between a language's primary and secondary marks.
    pub typographic_depth: usize,
}

/// What a paragraph's marks add up to.
#[derive(Debug, Default)]
pub struct Structure {
    pub quotations: Vec<Quotation>,
    /// Openers still open at the end of the paragraph, outermost first.
    pub unclosed: Vec<usize>,
    /// Closers that found nothing to close.
    pub unopened: Vec<usize>,
    /// Openers inside an open quotation of the same kind, after a sentence end.
    pub stray: Vec<usize>,
    /// Per mark: it acts in the direction opposite to its glyph (a closer written as an
    /// opener, or the reverse). Starts from the tokenizer's reading of the neighbours and is
    /// corrected by what is open.
    pub reversed: Vec<bool>,
    /// Marks written twice in a row: (first, second, merged). `merged` when the pair is two
    /// closers where a quotation ends and the next begins (`.””Next`).
    pub doubled: Vec<(usize, usize, bool)>,
}

/// Pairs the marks of `text`.
pub fn build(text: &str, marks: &[Mark], locale: &QuoteLocale) -> Structure {
    let mut structure = Structure {
        reversed: marks.iter().map(|m| m.flipped).collect(),
        ..Structure::default()
    };
    // Closers of each family still ahead of each mark, for the look-aheads below. Few
    // paragraphs need them (an opener inside an open quotation of its kind), so they are
    // counted when first asked.
    let closers_after = std::cell::OnceCell::new();
    let closers_ahead = |i: usize, family: Family| {
        let after: &Vec<(usize, usize)> = closers_after.get_or_init(|| {
            let mut after = vec![(0usize, 0usize); marks.len() + 1];
            for i in (0..marks.len()).rev() {
                let (mut double, mut single) = after[i + 1];
                if marks[i].can_close() {
                    match marks[i].family {
                        Family::Double => double += 1,
                        Family::Single => single += 1,
                    }
                }
                after[i] = (double, single);
            }
            after
        });
        match family {
            Family::Double => after[i + 1].0,
            Family::Single => after[i + 1].1,
        }
    };
    // Whether the next quotation mark of the family of mark `i` can close. Asked only of a
    // stray-looking opener, and each search ends at the next mark of that family, so the
    // searches of a paragraph read each mark at most once per family.
    let next_same_family_closes = |i: usize| {
        let family = marks[i].family;
        let next = marks[i + 1..]
            .iter()
            .find(|m| m.is_quote() && m.family == family);
        next.is_some_and(|m| {
            m.can_close() && !(m.role == Role::Either && m.context == Context::Opening)
        })
    };

    let mut open: Vec<usize> = Vec::new();
    // The second mark of a doubled pair is skipped; the second of a merge opens.
    let mut skip: Option<usize> = None;
    let mut force_open: Option<usize> = None;
    for (i, mark) in marks.iter().enumerate() {
        if skip == Some(i) {
            continue;
        }
        if force_open == Some(i) {
            open.push(i);
            continue;
        }
        if let Some(next) = marks.get(i + 1) {
            // Two closers that close two open quotations (`“A “B””`) are not a doubling.
            let closes_two = |merged: bool| {
                !merged
                    && mark.can_close()
                    && innermost_closable(&open, marks, mark, locale).is_some_and(|at| {
                        innermost_closable(&open[..at], marks, next, locale).is_some()
                    })
            };
            if let Some(merged) = doubled(text, mark, next).filter(|&m| !closes_two(m)) {
                structure.doubled.push((i, i + 1, merged));
                if merged {
                    force_open = Some(i + 1);
                } else {
                    skip = Some(i + 1);
                }
            }
        }
        let role = match mark.role {
            Role::Apostrophe | Role::Prime => continue,
            Role::Either => {
                if innermost_closable(&open, marks, mark, locale).is_some() {
                    Role::Closer
                } else {
                    Role::Opener
                }
            }
            Role::CloserOrApostrophe | Role::CloserOrPrime => {
                if innermost_closable(&open, marks, mark, locale).is_some() {
                    Role::Closer
                } else {
                    continue;
                }
            }
            role => role,
        };
        if role == Role::Opener && mark.flipped {
            // A closer glyph read as an opener from its neighbours (`“ …text ”라고`), while a
            // quotation it pairs with is open: it closes that quotation after all.
            if let Some(&top) = open.last() {
                let top_mark = &marks[top];
                if top_mark.family == mark.family
                    && top_mark.style == mark.style
                    && locale.pairs_anywhere(top_mark.ch, mark.ch)
                {
                    structure.reversed[i] = false;
                    let innermost = open.len() - 1;
                    close(&mut structure, marks, &mut open, innermost, i);
                    continue;
                }
            }
        }
        if role == Role::Opener {
            let same_kind_open = open.last().is_some_and(|&o| same_kind(&marks[o], mark));
            if same_kind_open && !mark.flipped {
                if is_after_sentence_end(text, mark)
                    && starts_sentence(text, mark)
                    && next_same_family_closes(i)
                {
                    structure.stray.push(i);
                    continue;
                }
                // A TeX opener (``) is never a closer written the wrong way round: a run of
                // backticks is code or decoration, not two marks of one quotation.
                if mark.context == Context::Unknown
                    && mark.style != Style::Tex
                    && closers_ahead(i, mark.family) == 0
                {
                    // Nothing ahead can close the open quotation: this mark is its closer,
                    // written the wrong way round (`„bereit„` read with spaces around).
                    structure.reversed[i] = true;
                    let innermost = open.len() - 1;
                    close(&mut structure, marks, &mut open, innermost, i);
                    continue;
                }
            }
            open.push(i);
            continue;
        }
        match innermost_closable(&open, marks, mark, locale) {
            Some(at) => close(&mut structure, marks, &mut open, at, i),
            None if mark.context != Context::Closing && opens_elsewhere(mark) => {
                // A closer of this locale that is another locale's opener (“ in German
                // text), with nothing open: it opens.
                open.push(i);
            }
            None if mark.style != Style::Straight => structure.unopened.push(i),
            None => {}
        }
    }
    structure.unclosed = open;
    structure
}

fn close(
    structure: &mut Structure,
    marks: &[Mark],
    open: &mut Vec<usize>,
    at: usize,
    closer: usize,
) {
    let typographic_depth = open[..at]
        .iter()
        .rev()
        .take(MAX_DEPTH)
        .filter(|&&o| marks[o].style != Style::Straight)
        .count();
    structure.quotations.push(Quotation {
        open: open[at],
        close: closer,
        depth: at,
        typographic_depth,
    });
    open.truncate(at);
}

/// How deep the pass looks into open quotations. Real text nests three or four levels; the
/// bound keeps the pass linear on pathological input (a megabyte of openers).
const MAX_DEPTH: usize = 16;

/// The stack position of the innermost open quotation `closer` can close.
fn innermost_closable(
    open: &[usize],
    marks: &[Mark],
    closer: &Mark,
    locale: &QuoteLocale,
) -> Option<usize> {
    let floor = open.len().saturating_sub(MAX_DEPTH);
    open[floor..]
        .iter()
        .rposition(|&o| can_pair(&marks[o], closer, locale))
        .map(|at| floor + at)
}

/// Whether `open` … `close` can be one quotation: a pair of this locale or another, the same
/// straight mark twice, TeX marks, or straight and typographic marks of one family mixed.
pub fn can_pair(open: &Mark, close: &Mark, locale: &QuoteLocale) -> bool {
    if open.family != close.family {
        return false;
    }
    match (open.style, close.style) {
        (Style::Typographic, Style::Typographic) => {
            locale.pairs_anywhere(open.ch, close.ch) || (open.flipped || close.flipped)
        }
        (Style::Straight, Style::Straight) => open.ch == close.ch,
        (Style::Tex, Style::Tex) => true,
        (Style::Straight, Style::Typographic) | (Style::Typographic, Style::Straight) => true,
        _ => false,
    }
}

/// A typographic glyph that opens quotations in the languages that use it as an opener.
fn opens_elsewhere(mark: &Mark) -> bool {
    mark.style == Style::Typographic
        && matches!(mark.ch, '“' | '‘' | '„' | '‚' | '«' | '‹' | '「' | '『')
}

/// Two marks that open (or close) the same kind of quotation.
fn same_kind(a: &Mark, b: &Mark) -> bool {
    a.family == b.family && a.style == b.style && (a.ch == b.ch || a.flipped || b.flipped)
}

/// `a` and `b` are the same typographic glyph, written one after the other. Returns whether
/// they are a merge of two quotations (`.””Next`: closers followed by text) rather than a
/// plain doubling.
fn doubled(text: &str, a: &Mark, b: &Mark) -> Option<bool> {
    if a.ch != b.ch || a.range.end != b.range.start || a.style != Style::Typographic {
        return None;
    }
    let next = text[b.range.end..].chars().next();
    let merged = a.role == Role::Closer && next.is_some_and(char::is_alphanumeric);
    Some(merged)
}

/// The mark follows a sentence end: `.`, `?`, `!` or `…` and a space, or a CJK full stop.
pub fn is_after_sentence_end(text: &str, mark: &Mark) -> bool {
    let before = &text[..mark.range.start];
    let trimmed = before.trim_end();
    let spaced = trimmed.len() < before.len();
    match trimmed.chars().next_back() {
        Some('.' | '?' | '!' | '…') => spaced,
        Some('。' | '？' | '！') => true,
        _ => false,
    }
}

/// The text after the mark starts a sentence: a capital, a digit, or a letter of a script
/// without case.
fn starts_sentence(text: &str, mark: &Mark) -> bool {
    text[mark.range.end..]
        .trim_start_matches(['\u{a0}', '\u{202f}'])
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::super::{locale, marks};
    use super::*;

    fn structure(text: &str, lang: &str) -> Structure {
        let locale = locale::for_language(lang).unwrap();
        let marks = marks::tokenize(text, locale);
        build(text, &marks, locale)
    }

    #[test]
    fn pairs_nested_quotations() {
        let s = structure("“He said, ‘We will win,’ and left.”", "en");
        assert_eq!(s.quotations.len(), 2);
        assert!(s.unclosed.is_empty() && s.unopened.is_empty() && s.stray.is_empty());
    }

    #[test]
    fn finds_a_stray_opener() {
        let s = structure("“It means something. “There is no doubt,” he said.", "en");
        assert_eq!(s.stray, [1]);
        assert_eq!(
            s.quotations,
            [Quotation {
                open: 0,
                close: 2,
                depth: 0,
                typographic_depth: 0
            }]
        );
    }

    #[test]
    fn an_unclosable_opener_is_a_closer() {
        let s = structure("田中氏は「改革を進める「と強調した。", "ja");
        assert_eq!(s.reversed, [false, true]);
        assert!(s.unclosed.is_empty());
    }

    #[test]
    fn doubled_and_merged_marks() {
        assert_eq!(
            structure("““We will,” he said.", "en").doubled,
            [(0, 1, false)]
        );
        let s = structure("“A milestone.””Preparing starts now,” he said.", "en");
        assert_eq!(s.doubled, [(1, 2, true)]);
        assert_eq!(s.quotations.len(), 2);
    }

    #[test]
    fn primes_need_no_partner() {
        let s = structure(
            "\"02\" will sort before \"10\" as expected, size 10\".",
            "en",
        );
        assert_eq!(s.quotations.len(), 2);
        assert!(s.unopened.is_empty() && s.unclosed.is_empty());
    }
}
