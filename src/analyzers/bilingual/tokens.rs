//! Text a translation must carry over unchanged: links (URLs, e-mail addresses) and the
//! placeholders of software strings (`{0}`, `%s`, `%1$d`, `{{name}}`, `%(name)s`).
//!
//! Each is found with its range and a key to compare by: a link by its lower-case address
//! without scheme or trailing slash (a translation may drop `https://`), a placeholder by its
//! exact text (`%s` and `%d` are different arguments). A `%` right after a digit is a percent
//! sign (`30%p`, `50%s` in a Korean percentage-point figure or a careless space), not a
//! placeholder.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// One link or placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub key: String,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("valid regex")
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+")
        .expect("valid regex")
});

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{\s*[A-Za-z0-9_.\-]+\s*\}\}",
        r"|\{[0-9]+(?:,[^{}\n]*)?\}",
        r"|\{[A-Za-z_][A-Za-z0-9_.]*\}",
        r"|%\([A-Za-z_][A-Za-z0-9_]*\)[-+#0]*[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrsa]",
        r"|%(?:[0-9]+\$)?[-+#0]*[0-9]*(?:\.[0-9]+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsS@]",
    ))
    .expect("valid regex")
});

/// The URLs and e-mail addresses of `text`.
pub fn links(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = EMAIL
        .find_iter(text)
        .map(|m| Token {
            range: m.range(),
            key: m.as_str().to_lowercase(),
        })
        .collect();
    for m in URL.find_iter(text) {
        let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let range = m.start()..m.start() + trimmed.len();
        if out
            .iter()
            .any(|t| t.range.start < range.end && range.start < t.range.end)
        {
            continue;
        }
        let lower = trimmed.to_lowercase();
        let key = lower
            .split_once("://")
            .map_or(lower.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_string();
        out.push(Token { range, key });
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// The placeholders of `text`.
pub fn placeholders(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    PLACEHOLDER
        .find_iter(text)
        .filter(|m| {
            if !m.as_str().starts_with('%') {
                return true;
            }
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end());
            !before.is_some_and(|b| b.is_ascii_digit() || b == b'%')
                && !after.is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .map(|m| Token {
            range: m.range(),
            key: m.as_str().to_string(),
        })
        .collect()
}

/// Tokens of `source` missing from `target` (indexes into `source`) and tokens of `target`
/// the source does not have (indexes into `target`), counting repeats.
pub fn compare(source: &[Token], target: &[Token]) -> (Vec<usize>, Vec<usize>) {
    let mut available: HashMap<&str, usize> = HashMap::new();
    for t in target {
        *available.entry(t.key.as_str()).or_default() += 1;
    }
    let mut missing = Vec::new();
    for (k, s) in source.iter().enumerate() {
        match available.get_mut(s.key.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(k),
        }
    }
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for s in source {
        *wanted.entry(s.key.as_str()).or_default() += 1;
    }
    let mut extra = Vec::new();
    for (k, t) in target.iter().enumerate() {
        match wanted.get_mut(t.key.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => extra.push(k),
        }
    }
    (missing, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.key.as_str()).collect()
    }

    #[test]
    fn links_are_compared_without_scheme() {
        let found = links("See https://Example.com/news/, www.example.org. Mail kim@donga.com.");
        assert_eq!(
            keys(&found),
            ["example.com/news", "www.example.org", "kim@donga.com"]
        );
    }

    #[test]
    fn placeholders_of_every_syntax() {
        let found = placeholders("{0} has {{count}} items, %s and %1$d and %(name)s {user}.");
        assert_eq!(
            keys(&found),
            ["{0}", "{{count}}", "%s", "%1$d", "%(name)s", "{user}"]
        );
    }

    #[test]
    fn percent_signs_are_not_placeholders() {
        assert!(placeholders("rose 30%p, 50% of voters, 100%%d, 20 %sales").is_empty());
    }

    #[test]
    fn comparison_counts_repeats() {
        let source = placeholders("%s and %s, {0}");
        let target = placeholders("%s, {1}");
        assert_eq!(compare(&source, &target), (vec![1, 2], vec![1]));
    }
}
