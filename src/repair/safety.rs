//! Fix safety, derived from what an edit changes.
//!
//! A rule's author may declare a repair needs review or is only a suggestion, but "safe" is
//! never taken on trust: an edit is safe only when the letters, digits and symbols of the text
//! come out exactly as they went in (case included), so that only punctuation, quote marks,
//! whitespace and invisible format characters moved.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::rules::DeclaredFix;

/// How far a repair can be trusted, from most to least.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Only punctuation, quote marks and whitespace change: `fix` and `fix --safe-only` apply it.
    Safe,
    /// Words change (letters, digits, case): `fix` applies it, `fix --safe-only` does not.
    Review,
    /// Reported with its suggestion, never applied.
    Suggest,
}

/// Characters an edit may change and still be safe: punctuation (quote marks included),
/// separators, whitespace, format characters, and the backtick of TeX-style quotes.
static FREE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{P}\p{Z}\p{Cf}\s`]$").expect("valid class"));

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Review => "review",
            Safety::Suggest => "suggest",
        }
    }

    /// The tier of replacing `original` with `replacement`, capped by the rule's declaration.
    pub fn of_edit(original: &str, replacement: &str, declared: DeclaredFix) -> Safety {
        Safety::of_edits([(original, replacement)], declared)
    }

    /// The tier of a repair made of several `(original, replacement)` edits: safe only when
    /// every edit is.
    pub fn of_edits<'a>(
        edits: impl IntoIterator<Item = (&'a str, &'a str)>,
        declared: DeclaredFix,
    ) -> Safety {
        let words_kept = edits
            .into_iter()
            .all(|(original, replacement)| content(original).eq(content(replacement)));
        let derived = if words_kept {
            Safety::Safe
        } else {
            Safety::Review
        };
        let ceiling = match declared {
            DeclaredFix::Auto => Safety::Safe,
            DeclaredFix::Review => Safety::Review,
            DeclaredFix::Suggest => Safety::Suggest,
        };
        derived.max(ceiling)
    }
}

/// The characters that carry words: everything an edit must not change to stay safe.
fn content(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut buf = [0u8; 4];
    text.chars().filter(move |c| {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric()
                || matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '|' | '~');
        }
        !FREE.is_match(c.encode_utf8(&mut buf))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(a: &str, b: &str) -> Safety {
        Safety::of_edit(a, b, DeclaredFix::Auto)
    }

    #[test]
    fn punctuation_and_spacing_are_safe() {
        assert_eq!(tier("“", ""), Safety::Safe);
        assert_eq!(tier("\"", "”"), Safety::Safe);
        assert_eq!(tier(" ,", ","), Safety::Safe);
        assert_eq!(tier("a\u{200b}b", "ab"), Safety::Safe);
        assert_eq!(tier("``x''", "“x”"), Safety::Safe);
    }

    #[test]
    fn words_case_digits_and_symbols_need_review() {
        assert_eq!(tier(".” “He", ",” he"), Safety::Review);
        assert_eq!(tier("10", "11"), Safety::Review);
        assert_eq!(tier("Kazan = Getty", "Kazan (Getty"), Safety::Review);
        assert_eq!(tier("한", ""), Safety::Review);
    }

    #[test]
    fn declaration_caps_the_tier() {
        assert_eq!(
            Safety::of_edit("“", "", DeclaredFix::Review),
            Safety::Review
        );
        assert_eq!(
            Safety::of_edit("“", "", DeclaredFix::Suggest),
            Safety::Suggest
        );
        assert_eq!(
            Safety::of_edit("a", "b", DeclaredFix::Suggest),
            Safety::Suggest
        );
    }
}
