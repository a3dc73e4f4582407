//! Quotation conventions per target language, read from `rules/tables/quote-locales.toml`.
//!
//! The table is data a desk can read and check against public sources; this module only
//! answers questions about it: which pairs a language accepts, which mark closes a given
//! opener, whether a glyph opens or closes. Glyphs a locale does not use get their most common
//! meaning elsewhere (“ opens in English, ” closes), which is how marks carried over from
//! another language are recognised.

use std::cell::Cell;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::language::Lang;
use crate::rules::defaults::TABLES;

const TABLE: &str = "tables/quote-locales.toml";

/// An opening and a closing mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    #[serde(deserialize_with = "one_char")]
    pub open: char,
    #[serde(deserialize_with = "one_char")]
    pub close: char,
}

/// Whether a space belongs between the marks and the quoted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InnerSpace {
    None,
    /// A no-break space (French « … »); U+00A0 and U+202F are both kept as found.
    Nbsp,
}

/// The quotation conventions of one locale.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuoteLocale {
    pub tag: String,
    pub languages: Vec<String>,
    pub primary: Pair,
    pub secondary: Pair,
    pub alternatives: Vec<Pair>,
    pub inner_space: InnerSpace,
    #[serde(deserialize_with = "one_char")]
    pub apostrophe: char,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    locale: Vec<QuoteLocale>,
}

fn one_char<'de, D: serde::Deserializer<'de>>(d: D) -> Result<char, D::Error> {
    let text = String::deserialize(d)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(serde::de::Error::custom(format!(
            "`{text}` is not one character"
        ))),
    }
}

static LOCALES: LazyLock<Vec<QuoteLocale>> = LazyLock::new(|| {
    let text = TABLES
        .iter()
        .find(|(name, _)| *name == TABLE)
        .map(|(_, text)| *text)
        .expect("the quote locale table is embedded");
    toml::from_str::<Table>(text)
        .expect("the embedded quote locale table is valid (tests/quote_locales_table.rs)")
        .locale
});

/// The locale of a language code: the entry with that tag (`de-CH`), else the entry that is
/// the default for its language (`de`), if the table has one.
pub fn for_language(lang: &str) -> Option<&'static QuoteLocale> {
    let primary = crate::language::primary(lang);
    LOCALES
        .iter()
        .find(|l| l.tag.eq_ignore_ascii_case(lang))
        .or_else(|| {
            LOCALES
                .iter()
                .find(|l| l.languages.iter().any(|code| code == primary))
        })
}

/// [`for_language`] for a language the pipeline decided, remembered per thread for the last
/// one asked: paragraph after paragraph asks for the same one or two, and the table is read
/// by name.
pub fn for_lang(lang: Lang) -> Option<&'static QuoteLocale> {
    type Remembered = Option<(Lang, Option<&'static QuoteLocale>)>;
    thread_local! {
        static LAST: Cell<Remembered> = const { Cell::new(None) };
    }
    LAST.with(|last| {
        if let Some((code, locale)) = last.get() {
            // The same static code, not just the same letters: no lookup can go stale.
            if std::ptr::eq(code, lang) {
                return locale;
            }
        }
        let locale = for_language(lang);
        last.set(Some((lang, locale)));
        locale
    })
}

/// The locale used to read text whose language has no entry.
pub fn fallback() -> &'static QuoteLocale {
    for_language("en").expect("the table has English")
}

/// Pairs in use somewhere, for marks a locale does not use itself: a glyph's usual partner.
const UNIVERSAL: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('„', '“'),
    ('„', '”'),
    ('‚', '‘'),
    ('‚', '’'),
    ('«', '»'),
    ('‹', '›'),
    ('»', '«'),
    ('›', '‹'),
    ('「', '」'),
    ('『', '』'),
    ('”', '”'),
    ('’', '’'),
];

/// What a glyph does: opens, closes, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Direction {
    pub opens: bool,
    pub closes: bool,
}

impl QuoteLocale {
    /// The pairs this locale accepts: primary, secondary, alternatives.
    pub fn pairs(&self) -> impl Iterator<Item = Pair> + '_ {
        [self.primary, self.secondary]
            .into_iter()
            .chain(self.alternatives.iter().copied())
    }

    pub fn accepts(&self, open: char, close: char) -> bool {
        self.pairs().any(|p| p.open == open && p.close == close)
    }

    /// Whether the locale uses `c` as a quotation mark at all.
    pub fn uses(&self, c: char) -> bool {
        self.pairs().any(|p| p.open == c || p.close == c)
    }

    /// What `c` does in this locale; for a glyph the locale does not use, what it usually does.
    pub fn direction(&self, c: char) -> Direction {
        if self.uses(c) {
            return Direction {
                opens: self.pairs().any(|p| p.open == c),
                closes: self.pairs().any(|p| p.close == c),
            };
        }
        let opens = matches!(c, '“' | '‘' | '„' | '‚' | '«' | '‹' | '「' | '『');
        Direction {
            opens,
            closes: !opens,
        }
    }

    /// The mark that closes a quotation opened with `open`.
    pub fn close_for(&self, open: char) -> char {
        self.pairs()
            .find(|p| p.open == open)
            .map(|p| p.close)
            .or_else(|| UNIVERSAL.iter().find(|p| p.0 == open).map(|p| p.1))
            .unwrap_or(open)
    }

    /// The mark that opens a quotation closed with `close`.
    pub fn open_for(&self, close: char) -> char {
        self.pairs()
            .find(|p| p.close == close)
            .map(|p| p.open)
            .or_else(|| UNIVERSAL.iter().find(|p| p.1 == close).map(|p| p.0))
            .unwrap_or(close)
    }

    /// Whether `open` … `close` is a pair anywhere (this locale's or another's).
    pub fn pairs_anywhere(&self, open: char, close: char) -> bool {
        self.accepts(open, close) || UNIVERSAL.contains(&(open, close))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_lookups_answer_as_the_table_does() {
        let codes: [Lang; 8] = ["de", "de", "en", "de-CH", "de-CH", "ko", "zh-Hant", "de"];
        for code in codes {
            let remembered = for_lang(code).map(|l| l.tag.as_str());
            let looked_up = for_language(code).map(|l| l.tag.as_str());
            assert_eq!(remembered, looked_up, "{code}");
        }
        assert_eq!(for_lang("de-CH").map(|l| l.tag.as_str()), Some("de-CH"));
    }

    #[test]
    fn table_answers() {
        let de = for_language("de").unwrap();
        assert_eq!(de.close_for('„'), '“');
        assert!(de.direction('“').closes && !de.direction('“').opens);
        let en = for_language("en").unwrap();
        assert!(en.direction('“').opens);
        assert!(!en.accepts('„', '“'));
        let sv = for_language("sv").unwrap();
        let d = sv.direction('”');
        assert!(d.opens && d.closes);
        assert_eq!(for_language("fr").unwrap().inner_space, InnerSpace::Nbsp);
        assert!(for_language("xx").is_none());
        assert_eq!(for_language("de-CH").unwrap().primary.open, '«');
        assert_eq!(for_language("en-GB").unwrap().primary.open, '‘');
    }
}
