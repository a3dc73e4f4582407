//! The quotation analyzer: rebuilds the quotation structure of each paragraph and reports
//! where machine translation broke it.
//!
//! Marks come from the tokenizer ([`marks`]); a stack pairs openers with closers the way a
//! reader does, so a mark is judged by the quotation it sits in, not by counting. Checks:
//! - `stray-opener`: an opener inside a quotation that is still open, right after a sentence
//!   end, with a closer later that ends the quotation (`…means something. “There is…,” he
//!   said.`): the source had one quotation, the translation split it. Repair: drop the mark.
//! - `attribution-fragment`: a quotation opened right after a closed one that never closes and
//!   holds only an attribution (`…problem.” “He said.`): the "he said" of the source was
//!   quoted with the speech. Repair: `…problem,” he said.`
//!
//! In English a paragraph that ends inside a quotation followed by a paragraph that opens one
//! is a continued quotation, not an unclosed one.

mod attribution;
pub mod marks;

use crate::analyzers::{AnalyzerInput, Checks, Hit};
use crate::ingest::SegmentKind;
use marks::{Family, Mark, Role};

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &["stray-opener", "attribution-fragment"];

/// Characters whose presence makes a segment worth tokenizing.
const QUOTE_LIKE: &[char] = &['“', '”', '"', '‘', '’', '\''];

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    let paragraphs: Vec<usize> = input
        .doc
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind, SegmentKind::Prose | SegmentKind::Attribute))
        .map(|(i, _)| i)
        .collect();
    for (k, &segment) in paragraphs.iter().enumerate() {
        let text: &str = &input.views[segment].text;
        if !text.contains(QUOTE_LIKE) {
            continue;
        }
        let continued = paragraphs.get(k + 1).is_some_and(|&next| {
            input.doc.segments[next].kind == SegmentKind::Prose
                && opens_with_quotation(&input.views[next].text)
        });
        let paragraph = Paragraph {
            segment,
            text,
            marks: marks::tokenize(text),
            continued,
        };
        paragraph.check(checks, out);
    }
}

/// Whether a paragraph starts with an opening quotation mark.
fn opens_with_quotation(text: &str) -> bool {
    marks::tokenize(text.trim_start())
        .first()
        .is_some_and(|m| m.pos == 0 && matches!(m.role, Role::Opener | Role::Either))
}

struct Paragraph<'t> {
    segment: usize,
    text: &'t str,
    marks: Vec<Mark>,
    /// The next paragraph opens a quotation, so one left open here may continue there.
    continued: bool,
}

impl Paragraph<'_> {
    fn check(&self, checks: &Checks, out: &mut Vec<Hit>) {
        let stray_enabled = checks.is_enabled("stray-opener");
        // Open quotations, innermost last, as indexes into `marks`.
        let mut open: Vec<usize> = Vec::new();
        for (i, mark) in self.marks.iter().enumerate() {
            let double_open = open
                .last()
                .is_some_and(|&o| self.marks[o].family == Family::Double);
            match (mark.family, mark.role) {
                (_, Role::Apostrophe | Role::Prime) => {}
                (Family::Double, Role::Opener) | (Family::Double, Role::Either)
                    if !(mark.role == Role::Either && double_open) =>
                {
                    if double_open && self.is_stray_opener(i) {
                        if stray_enabled {
                            out.push(self.hit("stray-opener", mark.range(), String::new()));
                        }
                        continue;
                    }
                    open.push(i);
                }
                (Family::Double, _) => {
                    // A closer: it ends the innermost open double quotation, and any single
                    // quotation left open inside it.
                    if let Some(at) = open
                        .iter()
                        .rposition(|&o| self.marks[o].family == Family::Double)
                    {
                        open.truncate(at);
                    }
                }
                (Family::Single, Role::Opener) => open.push(i),
                (Family::Single, _) => {
                    let single_open = open
                        .last()
                        .is_some_and(|&o| self.marks[o].family == Family::Single);
                    if single_open {
                        open.pop();
                    } else if mark.role == Role::Either {
                        open.push(i);
                    }
                }
            }
        }
        if !self.continued {
            for &o in &open {
                if self.marks[o].family == Family::Double {
                    self.check_attribution(o, checks, out);
                }
            }
        }
    }

    /// An opener right after a sentence end, starting a sentence, whose next double mark
    /// closes: the quotation it sits in goes on past it.
    fn is_stray_opener(&self, i: usize) -> bool {
        let mark = &self.marks[i];
        let before = self.text[..mark.pos].trim_end();
        let gap = mark.pos - before.len();
        let after_sentence_end = gap > 0 && before.ends_with(['.', '?', '!', '…']);
        let starts_sentence = self.text[mark.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let closes_later = self.marks[i + 1..]
            .iter()
            .find(|m| m.family == Family::Double && !matches!(m.role, Role::Prime))
            .is_some_and(|m| matches!(m.role, Role::Closer | Role::Either));
        after_sentence_end && starts_sentence && closes_later
    }

    /// The quotation opened by mark `o` is never closed: if it holds only an attribution and
    /// follows a closed quotation, join the attribution to that quotation.
    fn check_attribution(&self, o: usize, checks: &Checks, out: &mut Vec<Hit>) {
        if !checks.is_enabled("attribution-fragment") || o == 0 {
            return;
        }
        let opener = &self.marks[o];
        let closer = &self.marks[o - 1];
        if closer.family != Family::Double || !matches!(closer.role, Role::Closer | Role::Either) {
            return;
        }
        if self.text[closer.end()..opener.pos] != *" " {
            return;
        }
        let Some(punct) = self.text[..closer.pos].chars().next_back() else {
            return;
        };
        if !matches!(punct, '.' | ',' | '?' | '!') {
            return;
        }
        let content = &self.text[opener.end()..];
        let Some((_, lower)) = attribution::clause_start(content) else {
            return;
        };
        let first = content.chars().next().expect("a clause has a first word");
        let start = closer.pos - punct.len_utf8();
        let end = opener.end() + first.len_utf8();
        let mut replacement = String::new();
        replacement.push(if punct == '.' { ',' } else { punct });
        replacement.push(closer.ch);
        replacement.push(' ');
        if lower {
            replacement.extend(first.to_lowercase());
        } else {
            replacement.push(first);
        }
        out.push(self.hit("attribution-fragment", start..end, replacement));
    }

    fn hit(&self, check: &'static str, range: std::ops::Range<usize>, replacement: String) -> Hit {
        Hit {
            check,
            segment: self.segment,
            range,
            replacement: Some(replacement),
        }
    }
}
