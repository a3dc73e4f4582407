//! The quotation-mark tokenizer: finds every quote-like mark in a paragraph and classifies it
//! from its glyph and its neighbours.
//!
//! The same glyph plays different parts: ’ closes a quotation, but is an apostrophe in it’s,
//! students’, ’90s and rock ’n’ roll; " opens or closes, or is an inch mark after 12. The
//! tokenizer decides what the glyph and its neighbours make certain and leaves the rest
//! [`Role::Either`] for the structure pass, which knows whether a quotation is open. Marks
//! inside markup (`<img alt="…">` pasted into text) are not quotation marks and are skipped.

use std::ops::Range;

use crate::ingest::markup::tag_spans;

/// Double (“ ” ") or single (‘ ’ ') quotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
}

/// Typographic (curly) or typewriter (straight) marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Curly,
    Straight,
}

/// What a mark does in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Opener,
    Closer,
    /// Opens or closes, depending on whether a quotation of its family is open.
    Either,
    /// Closes a quotation if one is open; otherwise an apostrophe (students’, goin’).
    CloserOrApostrophe,
    Apostrophe,
    /// A prime or inch/foot mark: 6'2", a 12" record.
    Prime,
}

/// A quote-like mark at a byte position of the paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub pos: usize,
    pub ch: char,
    pub family: Family,
    pub style: Style,
    pub role: Role,
}

impl Mark {
    pub fn range(&self) -> Range<usize> {
        self.pos..self.pos + self.ch.len_utf8()
    }

    pub fn end(&self) -> usize {
        self.pos + self.ch.len_utf8()
    }
}

/// The marks of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Mark> {
    let masked = tag_spans(text);
    let mut masked = masked.iter().peekable();
    let mut marks = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        while masked.peek().is_some_and(|span| span.end <= pos) {
            masked.next();
        }
        let in_markup = masked.peek().is_some_and(|span| span.start <= pos);
        if !in_markup {
            if let Some(mark) = classify(pos, ch, prev, next) {
                marks.push(mark);
            }
        }
        prev = Some(ch);
    }
    marks
}

fn classify(pos: usize, ch: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    let (family, style) = match ch {
        '“' | '”' => (Family::Double, Style::Curly),
        '"' => (Family::Double, Style::Straight),
        '‘' | '’' => (Family::Single, Style::Curly),
        '\'' => (Family::Single, Style::Straight),
        _ => return None,
    };
    let before_space = prev.is_none_or(opens_context);
    let after_space = next.is_none_or(|c| c.is_whitespace() || is_closing_punct(c));
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());

    let role = match ch {
        '“' => Role::Opener,
        '”' => Role::Closer,
        '‘' => Role::Opener,
        '’' | '\'' => {
            if ch == '\'' && digit(prev) && !next.is_some_and(char::is_alphabetic) {
                Role::Prime
            } else if (letter(prev) && letter(next)) || (before_space && digit(next)) {
                // it’s, O’Neill; ’90s.
                Role::Apostrophe
            } else if before_space && !after_space {
                // ’n’ and ’til after a space are elisions; a straight ' here opens.
                if ch == '’' {
                    Role::Apostrophe
                } else {
                    Role::Opener
                }
            } else {
                Role::CloserOrApostrophe
            }
        }
        _ => {
            // The straight double mark.
            if digit(prev) && !letter(next) {
                Role::Prime
            } else if before_space && !after_space {
                Role::Opener
            } else if after_space && !before_space {
                Role::Closer
            } else {
                Role::Either
            }
        }
    };
    Some(Mark {
        pos,
        ch,
        family,
        style,
        role,
    })
}

/// Characters after which a mark opens a quotation: space, opening brackets, dashes, slashes.
fn opens_context(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '‘' | '“')
}

/// Punctuation that may follow a closing mark.
fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '—' | '–' | '’' | '”' | '-'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(char, Role)> {
        tokenize(text).into_iter().map(|m| (m.ch, m.role)).collect()
    }

    #[test]
    fn apostrophes_are_told_apart() {
        use Role::*;
        assert_eq!(roles("it’s"), [('’', Apostrophe)]);
        assert_eq!(roles("the ’90s"), [('’', Apostrophe)]);
        assert_eq!(
            roles("rock ’n’ roll"),
            [('’', Apostrophe), ('’', CloserOrApostrophe)]
        );
        assert_eq!(roles("students’ union"), [('’', CloserOrApostrophe)]);
    }

    #[test]
    fn primes_and_straight_quotes() {
        use Role::*;
        assert_eq!(roles("6'2\" tall"), [('\'', Prime), ('"', Prime)]);
        assert_eq!(roles("a \"word\" here"), [('"', Opener), ('"', Closer)]);
    }

    #[test]
    fn markup_is_skipped() {
        let text = "<img alt=\"A “b” c\"/> He said “yes”";
        let found: Vec<_> = tokenize(text).into_iter().map(|m| m.ch).collect();
        assert_eq!(found, ['“', '”']);
    }
}
