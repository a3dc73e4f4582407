//! The quotation-mark tokenizer: finds every quote-like mark in a paragraph and classifies it
//! from its glyph, its neighbours and the language's conventions.
//!
//! The same glyph plays different parts: ’ closes a quotation but is an apostrophe in it’s,
//! students’, ’90s and rock ’n’ roll; " opens or closes, or is an inch mark after 12; “ opens
//! in English and closes in German. The tokenizer decides what glyph and neighbours make
//! certain and leaves the rest to the structure pass, which knows what is open. A mark whose
//! glyph says one direction while its neighbours clearly say the other (`said: ”I`,
//! `Jobs“ at`) is marked `flipped`. Marks inside markup (`<img alt="…">` pasted into text)
//! are not quotation marks and are skipped.

use std::ops::Range;

use super::locale::QuoteLocale;
use crate::ingest::markup::tag_spans;

/// Double-level (“ ” „ « » 「 」 ") or single-level (‘ ’ ‚ ‹ › 『 』 ') marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
}

/// How the mark is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Typographic,
    /// The typewriter marks " and '.
    Straight,
    /// TeX's two backticks (opening) and two apostrophes (closing).
    Tex,
}

/// What a mark does in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Opener,
    Closer,
    /// Opens or closes, depending on whether a quotation it can close is open.
    Either,
    /// Closes if a quotation is open; otherwise an apostrophe (students’, goin’).
    CloserOrApostrophe,
    /// Closes if a straight quotation is open; otherwise a prime (a 12" record).
    CloserOrPrime,
    Apostrophe,
    /// A prime or inch/foot mark: 6'2".
    Prime,
}

/// Which way a mark's neighbours point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Space or an opening bracket before, text after.
    Opening,
    /// Text before, space or closing punctuation after.
    Closing,
    Unknown,
}

/// A quote-like mark in a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    /// The glyph; for TeX marks, '`' (opening) or '\'' (closing).
    pub ch: char,
    pub family: Family,
    pub style: Style,
    pub role: Role,
    pub context: Context,
    /// The glyph's direction contradicts its neighbours; `role` follows the neighbours.
    pub flipped: bool,
}

impl Mark {
    pub fn can_open(&self) -> bool {
        matches!(self.role, Role::Opener | Role::Either)
    }

    pub fn can_close(&self) -> bool {
        matches!(
            self.role,
            Role::Closer | Role::Either | Role::CloserOrApostrophe | Role::CloserOrPrime
        )
    }

    /// Whether the mark may be a quotation mark at all.
    pub fn is_quote(&self) -> bool {
        !matches!(self.role, Role::Apostrophe | Role::Prime)
    }
}

/// The bytes that can start a quote-like mark (the ASCII marks, and the lead bytes of the
/// others), found in order by two of memchr's vector searches side by side: one for the
/// ASCII marks, one for the lead bytes. Each search runs again only once the tokenizer has
/// passed the byte it found, so text is read at memory speed between marks.
struct MarkLeads<'t> {
    bytes: &'t [u8],
    /// The next ASCII mark and the next lead byte from where each was last sought
    /// (`bytes.len()` for none); `None` before the first search.
    ascii: Option<usize>,
    lead: Option<usize>,
}

impl<'t> MarkLeads<'t> {
    fn new(bytes: &'t [u8]) -> MarkLeads<'t> {
        MarkLeads {
            bytes,
            ascii: None,
            lead: None,
        }
    }

    /// The first byte at or after `at` that can start a mark.
    fn next_from(&mut self, at: usize) -> Option<usize> {
        let rest = self.bytes.get(at..)?;
        let end = self.bytes.len();
        if self.ascii.is_none_or(|found| found < at) {
            self.ascii = Some(memchr::memchr3(b'"', b'\'', b'`', rest).map_or(end, |i| at + i));
        }
        if self.lead.is_none_or(|found| found < at) {
            self.lead = Some(memchr::memchr3(0xC2, 0xE2, 0xE3, rest).map_or(end, |i| at + i));
        }
        let next = self.ascii.min(self.lead).unwrap_or(end);
        (next < end).then_some(next)
    }
}

/// Whether `text` holds anything the tokenizer would look at.
pub fn has_marks(text: &str) -> bool {
    // The ASCII marks first, then the lead bytes of the others, each with memchr's vector
    // search: a paragraph without marks is read at memory speed. By their UTF-8 encodings:
    // U+00AB and U+00BB are C2 AB and C2 BB; U+2018–201E and U+2039–203A are E2 80 98–9E and
    // E2 80 B9–BA; U+300C–300F are E3 80 8C–8F.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'"', b'\'', b'`', bytes).is_some() {
        return true;
    }
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(|i| starts_mark(bytes, i))
}

/// Whether the lead byte at `i` of `bytes` (C2, E2 or E3) starts a mark.
fn starts_mark(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        0xC2 => matches!(bytes.get(i + 1), Some(0xAB | 0xBB)),
        0xE2 => {
            bytes.get(i + 1) == Some(&0x80)
                && matches!(
                    bytes.get(i + 2),
                    Some(0x98..=0x9A | 0x9C..=0x9E | 0xB9 | 0xBA)
                )
        }
        _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x8C..=0x8F)),
    }
}

/// Whether `text` holds a mark that can be a quotation mark in some language: [`has_marks`]
/// but for ’ and ' between two letters or digits (it’s, O’Neill, the 1990's), which the
/// tokenizer reads as apostrophes (or primes) whatever the language. A paragraph of English
/// news often holds those and nothing else, and then needs no language for its marks.
pub fn may_quote(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inside_word = |at: usize, len: usize| {
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        alnum(text[..at].chars().next_back()) && alnum(text[at + len..].chars().next())
    };
    if memchr::memchr3_iter(b'"', b'\'', b'`', bytes)
        .any(|i| bytes[i] != b'\'' || !inside_word(i, 1))
    {
        return true;
    }
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(|i| {
        // ’ is E2 80 99.
        starts_mark(bytes, i) && !(bytes[i] == 0xE2 && bytes[i + 2] == 0x99 && inside_word(i, 3))
    })
}

/// The characters that can be quotation marks (the backtick only doubled, as in TeX).
const MARK_CHARS: [char; 17] = [
    '"', '\'', '“', '”', '‘', '’', '„', '‚', '«', '»', '‹', '›', '「', '」', '『', '』', '`',
];

fn is_mark_char(c: char) -> bool {
    MARK_CHARS.contains(&c)
}

/// The marks of `text`, in order.
///
/// Only the bytes that can start a mark are looked at (the ASCII marks and the lead bytes of
/// the others), each with the few characters around it that classify it: text without marks
/// costs one pass over its bytes.
pub fn tokenize(text: &str, locale: &QuoteLocale) -> Vec<Mark> {
    // memchr's vector search rather than `str::contains`, whose word-at-a-time loop costs
    // a few hundred instructions on a short paragraph.
    let masked = if memchr::memchr(b'<', text.as_bytes()).is_some() {
        tag_spans(text)
    } else {
        Vec::new()
    };
    let mut masked = masked.iter().peekable();
    let bytes = text.as_bytes();
    let mut marks = Vec::new();
    let mut tex_open = false;
    let mut at = 0;
    let mut leads = MarkLeads::new(bytes);
    while let Some(pos) = leads.next_from(at) {
        // The byte is ASCII or a lead byte, so a character starts here.
        let ch = text[pos..].chars().next().unwrap_or_default();
        at = pos + ch.len_utf8();
        if !is_mark_char(ch) {
            continue;
        }
        while masked.peek().is_some_and(|span| span.end <= pos) {
            masked.next();
        }
        if masked.peek().is_some_and(|span| span.start <= pos) {
            continue;
        }
        let (window, i) = neighbourhood(text, pos);
        let chars = window.as_slice();
        let next_is = |c: char| chars.get(i + 1).is_some_and(|&(_, n)| n == c);
        let context = context_at(chars, i, i + 1);
        if ch == '`' && next_is('`') {
            tex_open = true;
            marks.push(tex_mark(
                pos,
                '`',
                Role::Opener,
                context_at(chars, i, i + 2),
            ));
            at = pos + 2;
            continue;
        }
        if ch == '\'' && next_is('\'') && tex_open {
            tex_open = false;
            marks.push(tex_mark(
                pos,
                '\'',
                Role::Closer,
                context_at(chars, i, i + 2),
            ));
            at = pos + 2;
            continue;
        }
        if let Some(mark) = classify(chars, i, locale, context) {
            marks.push(mark);
        }
    }
    marks
}

/// Characters before a mark that classify it, at most.
const CHARS_BEFORE: usize = 2;
/// The mark and the characters after it that classify it (a TeX pair and what follows).
const CHARS_FROM: usize = 4;

/// The characters around the mark at byte `pos` with their byte positions, and the index of
/// the mark among them.
fn neighbourhood(text: &str, pos: usize) -> (Neighbourhood, usize) {
    let mut window = Neighbourhood::default();
    let before = text[..pos].char_indices().rev().take(CHARS_BEFORE);
    for entry in before.collect::<Neighbourhood>().iter().rev() {
        window.push(*entry);
    }
    let i = window.len;
    for (offset, c) in text[pos..].char_indices().take(CHARS_FROM) {
        window.push((pos + offset, c));
    }
    (window, i)
}

/// A few characters with their byte positions, kept on the stack.
#[derive(Default)]
struct Neighbourhood {
    chars: [(usize, char); CHARS_BEFORE + CHARS_FROM],
    len: usize,
}

impl Neighbourhood {
    fn push(&mut self, entry: (usize, char)) {
        self.chars[self.len] = entry;
        self.len += 1;
    }

    fn as_slice(&self) -> &[(usize, char)] {
        &self.chars[..self.len]
    }

    fn iter(&self) -> std::slice::Iter<'_, (usize, char)> {
        self.as_slice().iter()
    }
}

impl FromIterator<(usize, char)> for Neighbourhood {
    fn from_iter<I: IntoIterator<Item = (usize, char)>>(entries: I) -> Self {
        let mut window = Neighbourhood::default();
        for entry in entries {
            window.push(entry);
        }
        window
    }
}

fn tex_mark(pos: usize, ch: char, role: Role, context: Context) -> Mark {
    Mark {
        range: pos..pos + 2,
        ch,
        family: Family::Double,
        style: Style::Tex,
        role,
        context,
        flipped: false,
    }
}

fn classify(
    chars: &[(usize, char)],
    i: usize,
    locale: &QuoteLocale,
    context: Context,
) -> Option<Mark> {
    let (pos, ch) = chars[i];
    let (family, style) = match ch {
        '“' | '”' | '„' | '«' | '»' | '「' | '」' => (Family::Double, Style::Typographic),
        '‘' | '’' | '‚' | '‹' | '›' | '『' | '』' => {
            (Family::Single, Style::Typographic)
        }
        '"' => (Family::Double, Style::Straight),
        '\'' => (Family::Single, Style::Straight),
        _ => return None,
    };
    let prev = i.checked_sub(1).map(|j| chars[j].1);
    let next = chars.get(i + 1).map(|&(_, c)| c);
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let mut flipped = false;

    let role = if ch == '’' || ch == '\'' {
        apostrophe_role(ch, prev, next, context, locale)
    } else if ch == '"' {
        if digit(prev) && !alnum(next) {
            Role::CloserOrPrime
        } else {
            by_context(context)
        }
    } else {
        let direction = locale.direction(ch);
        // Corner brackets have one direction in every language: spacing around them (rare in
        // CJK text) says nothing.
        let context = if matches!(ch, '「' | '」' | '『' | '』') {
            Context::Unknown
        } else {
            context
        };
        match (direction.opens, direction.closes, context) {
            (true, true, _) => by_context(context),
            (true, false, Context::Closing) | (false, true, Context::Opening) => {
                flipped = true;
                by_context(context)
            }
            (true, false, _) => Role::Opener,
            _ => Role::Closer,
        }
    };
    Some(Mark {
        range: pos..pos + ch.len_utf8(),
        ch,
        family,
        style,
        role,
        context,
        flipped,
    })
}

/// ’ and ' are apostrophes inside words (it’s, O’Neill), before decades (’90s) and in
/// elisions after a space (’n’, ’em); after a word they close a quotation if one is open.
fn apostrophe_role(
    ch: char,
    prev: Option<char>,
    next: Option<char>,
    context: Context,
    locale: &QuoteLocale,
) -> Role {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if ch == '\'' && digit(prev) && !next.is_some_and(char::is_alphabetic) {
        return Role::Prime;
    }
    if alnum(prev) && alnum(next) {
        return Role::Apostrophe;
    }
    match context {
        Context::Opening if digit(next) => Role::Apostrophe,
        Context::Opening => {
            // A straight ' or a locale's own ’ opener (Swedish) opens; an English ’ after a
            // space is an elision.
            if ch == '\'' || locale.direction(ch).opens {
                Role::Opener
            } else {
                Role::Apostrophe
            }
        }
        Context::Closing => Role::CloserOrApostrophe,
        Context::Unknown => Role::CloserOrApostrophe,
    }
}

fn by_context(context: Context) -> Role {
    match context {
        Context::Opening => Role::Opener,
        Context::Closing => Role::Closer,
        Context::Unknown => Role::Either,
    }
}

/// The context of the mark spanning `chars[start..end]`. A no-break space next to the mark
/// (French « … ») is looked through.
fn context_at(chars: &[(usize, char)], start: usize, end: usize) -> Context {
    let thin = |c: char| matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}');
    let mut before = start.checked_sub(1).map(|j| chars[j].1);
    if before.is_some_and(thin) {
        before = start.checked_sub(2).map(|j| chars[j].1);
    }
    let mut after = chars.get(end).map(|&(_, c)| c);
    if after.is_some_and(thin) {
        after = chars.get(end + 1).map(|&(_, c)| c);
    }
    let open_side = before.is_none_or(opens_before);
    let close_side = after.is_none_or(closes_after);
    match (open_side, close_side) {
        (true, false) => Context::Opening,
        (false, true) => Context::Closing,
        _ => Context::Unknown,
    }
}

/// Characters after which a mark opens: space, opening brackets, dashes, colons, other
/// openers, and CJK punctuation that introduces a quotation.
fn opens_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '['
                | '{'
                | '—'
                | '–'
                | '-'
                | '/'
                | ':'
                | '‘'
                | '“'
                | '„'
                | '‚'
                | '«'
                | '‹'
                | '「'
                | '『'
                | '：'
                | '，'
                | '、'
                | '（'
                | '《'
                | '¿'
                | '¡'
        )
}

/// Characters before which a mark closes: space, closing punctuation, other closers.
fn closes_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '…'
                | '—'
                | '–'
                | '-'
                | '’'
                | '”'
                | '»'
                | '›'
                | '」'
                | '』'
                | '。'
                | '，'
                | '、'
                | '：'
                | '；'
                | '！'
                | '？'
                | '）'
                | '》'
        )
}

#[cfg(test)]
mod tests {
    use super::super::locale;
    use super::*;

    fn roles(text: &str, lang: &str) -> Vec<(char, Role, bool)> {
        tokenize(text, locale::for_language(lang).unwrap())
            .into_iter()
            .map(|m| (m.ch, m.role, m.flipped))
            .collect()
    }

    #[test]
    fn apostrophes_inside_words_are_not_quotation_marks_in_any_language() {
        for text in [
            "the company’s plan",
            "it's O’Neill’s",
            "the 1990's",
            "한국’s",
        ] {
            assert!(has_marks(text) && !may_quote(text), "{text}");
        }
        for text in [
            "“Yes”",
            "the ’90s",
            "students’ union",
            "'tis",
            "a \"b",
            "1`2",
            "»x«",
        ] {
            assert!(may_quote(text), "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 3000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(11),
            failure_persistence: None,
            ..Default::default()
        })]

        /// A text `may_quote` passes over holds no mark the tokenizer reads as a possible
        /// quotation mark, in any locale; and it passes over no text without marks.
        #[test]
        fn may_quote_passes_over_only_text_without_quotation_marks(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', 'Z', 'é', '한', '1', ' ', '.', '’', '\'', '‘', '“', '”', '"', '«', '»', '„',
                '`', '「', '<', '>',
            ]),
            0..24,
        )) {
            let text: String = chars.into_iter().collect();
            if !may_quote(&text) {
                for lang in ["en", "de", "fr", "sv", "ja"] {
                    let marks = tokenize(&text, locale::for_language(lang).unwrap());
                    proptest::prop_assert!(marks.iter().all(|m| !m.is_quote()), "{} {}", lang, text);
                }
            }
            proptest::prop_assert!(!may_quote(&text) || has_marks(&text));
        }
    }

    #[test]
    fn has_marks_knows_every_mark_by_its_bytes() {
        for mark in MARK_CHARS {
            assert!(has_marks(&format!("a{mark}b")), "{mark}");
        }
        for other in [
            '‐',
            '—',
            '…',
            '†',
            '€',
            '»'.to_ascii_uppercase(),
            '、',
            '。',
            '《',
        ] {
            assert_eq!(
                has_marks(&format!("a{other}b")),
                MARK_CHARS.contains(&other),
                "{other}"
            );
        }
    }

    #[test]
    fn apostrophes_are_told_apart() {
        use Role::*;
        assert_eq!(roles("it’s", "en"), [('’', Apostrophe, false)]);
        assert_eq!(roles("the ’90s", "en"), [('’', Apostrophe, false)]);
        assert_eq!(
            roles("rock ’n’ roll", "en"),
            [('’', Apostrophe, false), ('’', CloserOrApostrophe, false)]
        );
        assert_eq!(
            roles("students’ union", "en"),
            [('’', CloserOrApostrophe, false)]
        );
    }

    #[test]
    fn primes_and_straight_quotes() {
        use Role::*;
        assert_eq!(
            roles("6'2\" tall", "en"),
            [('\'', Prime, false), ('"', CloserOrPrime, false)]
        );
        assert_eq!(
            roles("a \"word\" here", "en"),
            [('"', Opener, false), ('"', Closer, false)]
        );
    }

    #[test]
    fn direction_follows_the_locale_and_the_neighbours() {
        use Role::*;
        assert_eq!(
            roles("„Ja“, sagte er", "de"),
            [('„', Opener, false), ('“', Closer, false)]
        );
        assert_eq!(roles("said: ”I am", "en"), [('”', Opener, true)]);
        assert_eq!(roles("Jobs“ at", "en"), [('“', Closer, true)]);
        assert_eq!(
            roles("«\u{202f}Oui\u{202f}»", "fr"),
            [('«', Opener, false), ('»', Closer, false)]
        );
        assert_eq!(
            roles("”Ja”, sade han", "sv"),
            [('”', Opener, false), ('”', Closer, false)]
        );
    }

    #[test]
    fn tex_quotes_are_one_mark_each() {
        let marks = tokenize("``Hello,'' she said", locale::fallback());
        let found: Vec<_> = marks
            .iter()
            .map(|m| (m.style, m.role, m.range.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (Style::Tex, Role::Opener, 0..2),
                (Style::Tex, Role::Closer, 8..10)
            ]
        );
    }

    #[test]
    fn markup_is_skipped() {
        let text = "<img alt=\"A “b” c\"/> He said “yes”";
        let found: Vec<_> = tokenize(text, locale::fallback())
            .into_iter()
            .map(|m| m.ch)
            .collect();
        assert_eq!(found, ['“', '”']);
    }
}
