//! Pattern rules: a regular expression, an optional replacement template, and options.
//!
//! Two conventions keep rule files readable without lookaround (which the regex crate, chosen
//! for its linear-time guarantee, does not have):
//! - a capture group named `span` marks the part of the match that is reported and replaced;
//!   the rest of the match is context that must be there but is left alone;
//! - `{{name}}` in the pattern or the replacement is filled from the rule's `[options]`: a list
//!   of strings becomes an alternation of literals, a string is inserted as written. House
//!   style (how a credit or byline is rewritten) lives in options, so a desk changes it by
//!   overriding an option, not by rewriting the pattern.

use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// Most memory one compiled pattern may take, so a rule file cannot exhaust memory.
const COMPILED_SIZE_LIMIT: usize = 8 << 20;
const NEST_LIMIT: u32 = 64;
/// Longest pattern or replacement once `{{name}}` placeholders are filled: a placeholder used
/// many times, or a long list, must not make a small rule file a huge pattern.
pub const MAX_FILLED_BYTES: usize = 256 << 10;

/// When a pattern is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compile {
    /// At once, so that a pattern that does not compile, or compiles too large, is an error
    /// of the file it is in: for rule files a user gives.
    Now,
    /// When it first has a segment to read: for the rules compiled into mtscrub, which the
    /// test suite compiles, so that start-up does not pay for rules a text never needs.
    WhenUsed,
}

/// A pattern rule.
#[derive(Clone, Debug)]
pub struct PatternRule {
    /// The pattern with its placeholders filled.
    pattern: String,
    compiled: OnceLock<Compiled>,
    replacement: Option<String>,
    /// The templates and options it was built from, to rebuild it with other options.
    source: (String, Option<String>),
    options: toml::Table,
}

/// A compiled pattern and the index of its `span` group.
#[derive(Clone, Debug)]
struct Compiled {
    regex: Regex,
    span_group: Option<usize>,
}

impl Compiled {
    fn new(pattern: &str) -> Result<Compiled, String> {
        let regex = RegexBuilder::new(pattern)
            .size_limit(COMPILED_SIZE_LIMIT)
            .dfa_size_limit(COMPILED_SIZE_LIMIT)
            .nest_limit(NEST_LIMIT)
            .build()
            .map_err(|e| format!("invalid pattern: {}", one_line(&e.to_string())))?;
        let span_group = regex.capture_names().position(|name| name == Some("span"));
        Ok(Compiled { regex, span_group })
    }
}

/// One match: the reported range (relative to the searched text) and its repair, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct PatternMatch {
    pub range: Range<usize>,
    pub replacement: Option<String>,
}

impl PatternRule {
    /// A rule compiled at once ([`Compile::Now`]).
    pub fn new(
        pattern: &str,
        replacement: Option<&str>,
        options: &toml::Table,
    ) -> Result<PatternRule, String> {
        PatternRule::build(pattern, replacement, options, Compile::Now)
    }

    pub fn build(
        pattern: &str,
        replacement: Option<&str>,
        options: &toml::Table,
        compile: Compile,
    ) -> Result<PatternRule, String> {
        let source = (pattern.to_string(), replacement.map(str::to_string));
        let pattern = fill(pattern, options, true)?;
        let replacement = replacement.map(|r| fill(r, options, false)).transpose()?;
        let compiled = OnceLock::new();
        if compile == Compile::Now {
            let _ = compiled.set(Compiled::new(&pattern)?);
        }
        Ok(PatternRule {
            pattern,
            compiled,
            replacement,
            source,
            options: options.clone(),
        })
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            Compiled::new(&self.pattern).expect("the rules compiled into mtscrub compile")
        })
    }

    /// The same rule built with other options.
    pub fn with_options(&self, options: &toml::Table) -> Result<PatternRule, String> {
        PatternRule::new(&self.source.0, self.source.1.as_deref(), options)
    }

    pub fn options(&self) -> &toml::Table {
        &self.options
    }

    /// Every match in `text`, left to right.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = PatternMatch> + 't {
        let compiled = self.compiled();
        compiled.regex.captures_iter(text).filter_map(move |caps| {
            let span = match compiled.span_group {
                Some(i) => caps.get(i)?,
                None => caps.get(0)?,
            };
            let replacement = self.replacement.as_ref().map(|template| {
                let mut out = String::new();
                caps.expand(template, &mut out);
                out
            });
            Some(PatternMatch {
                range: span.range(),
                replacement,
            })
        })
    }

    /// The pattern as compiled, its placeholders filled.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The compiled pattern (compiled now if it was not yet).
    pub fn regex(&self) -> &Regex {
        &self.compiled().regex
    }
}

/// Fills `{{name}}` placeholders from `options`.
fn fill(template: &str, options: &toml::Table, in_pattern: bool) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed `{{{{` in `{template}`"))?;
        let name = after[..end].trim();
        let value = options
            .get(name)
            .ok_or_else(|| format!("`{{{{{name}}}}}` names no option"))?;
        out.push_str(&option_text(name, value, in_pattern)?);
        if out.len() > MAX_FILLED_BYTES {
            return Err(format!(
                "`{template:.40}…` is longer than {} KiB with its options filled in",
                MAX_FILLED_BYTES >> 10
            ));
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn option_text(name: &str, value: &toml::Value, in_pattern: bool) -> Result<String, String> {
    match value {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Array(items) if in_pattern => {
            let mut literals = items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("option `{name}` must list strings"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            // Longest first, so an alternation prefers `Getty Images` over `Getty`.
            literals.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            let escaped: Vec<_> = literals.iter().map(|l| regex::escape(l)).collect();
            Ok(format!("(?:{})", escaped.join("|")))
        }
        _ => Err(format!(
            "option `{name}` must be a string{}",
            if in_pattern {
                " or a list of strings"
            } else {
                ""
            }
        )),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    #[test]
    fn span_group_limits_the_report() {
        let rule =
            PatternRule::new(r"\. (?P<span>=) ", Some("(sic)"), &toml::Table::new()).unwrap();
        let found: Vec<_> = rule.find_iter("a. = b").collect();
        assert_eq!(
            found,
            [PatternMatch {
                range: 3..4,
                replacement: Some("(sic)".into())
            }]
        );
    }

    #[test]
    fn options_fill_pattern_and_replacement() {
        let options =
            table("agencies = ['AP', 'Getty Images', 'Getty']\nformat = '${place} (${agency})'");
        let rule = PatternRule::new(
            r"(?P<place>\w+) = (?P<agency>{{agencies}})$",
            Some("{{format}}"),
            &options,
        )
        .unwrap();
        let found: Vec<_> = rule.find_iter("Kazan = Getty Images").collect();
        assert_eq!(
            found[0].replacement.as_deref(),
            Some("Kazan (Getty Images)")
        );
    }

    #[test]
    fn huge_patterns_are_refused() {
        let err =
            PatternRule::new(r"\w{1000}\w{1000}\w{1000}", None, &toml::Table::new()).unwrap_err();
        assert!(err.contains("invalid pattern"), "{err}");
    }

    #[test]
    fn unknown_option_is_an_error() {
        assert!(PatternRule::new("{{nope}}", None, &toml::Table::new()).is_err());
    }
}
