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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use regex_automata::util::syntax;
use regex_automata::{meta, MatchKind, PatternID};

/// Largest automaton (Thompson NFA) one pattern may compile to, for each of the two the regex
/// engine builds for a long text (forward, and reverse to find where a match starts).
pub const MAX_PATTERN_NFA_BYTES: usize = 2 << 20;
/// Most memory the lazy DFA of one pattern may cache when it searches a long text, for each
/// direction and each thread that searches with it; past that it starts over. (The `regex`
/// crate's own default; the largest default rules need at least 0.5 MiB to build one at all.)
pub const MAX_PATTERN_DFA_BYTES: usize = 2 << 20;
const NEST_LIMIT: u32 = 64;
/// Longest pattern or replacement once `{{name}}` placeholders are filled: a placeholder used
/// many times, a long list, or a long literal must not make a huge pattern.
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
    /// What the compiled pattern takes, measured when first asked.
    compiled_bytes: OnceLock<usize>,
    /// Compiled into mtscrub (a default rule as its file defines it): not counted against a
    /// rule set's budget.
    builtin: bool,
}

/// A compiled pattern and the index of its `span` group.
///
/// The pattern is compiled by regex-automata's meta engine without its lazy DFAs: its forward
/// automaton (a Thompson NFA) alone, searched by the bounded backtracker, or by the PikeVM on a
/// segment too long for it, behind the pattern's literal prefilter when it has one. A pattern
/// only reads the segments that the rule automaton of [`crate::detect`] picked for it, which
/// mostly match, so the DFAs would search little and cost much: building them, and the reverse
/// automaton they need to find where a match starts, took three times as long as the forward
/// automaton for patterns with large Unicode classes (`\p{L}`, `\w`), and their states are
/// worked out anew by every run. Without them `fix` ran 7% faster on 10 MB of English news and
/// 8% on 10 MB in four languages, and on a 4 KB article in two thirds of the time
/// (BENCHMARKS.md).
///
/// The automaton alone reads a byte in tens of nanoseconds, though, and in hundreds for a
/// pattern of many states that are alive at once (a repeated Unicode class), where the lazy
/// DFAs read one in about one. So the pattern is compiled a second time with its lazy DFAs,
/// which then search for it:
/// - a text of [`LONG_TEXT`] or more (a page without paragraph breaks);
/// - every text, once the searches without them have taken [`SEARCH_BUDGET`] in all. A rule
///   file's pattern may be slow without them on every paragraph (ten times slower on 20 KB
///   paragraphs, in BENCHMARKS.md); the budget bounds what that costs before they are built.
///
/// Both engines find the same matches: which one searches changes only the time.
#[derive(Debug)]
struct Compiled {
    regex: meta::Regex,
    /// The pattern with its lazy DFAs, compiled when first needed.
    with_dfas: OnceLock<meta::Regex>,
    /// Nanoseconds spent in searches without the DFAs, by every thread.
    searched_nanos: AtomicU64,
    span_group: Option<usize>,
}

/// Length from which a text is searched with a pattern's lazy DFAs, whatever the budget.
const LONG_TEXT: usize = 32 << 10;
/// Time a pattern may spend searching without its lazy DFAs before they are built: about what
/// compiling the largest default rules with them takes.
const SEARCH_BUDGET: Duration = Duration::from_millis(4);

impl Clone for Compiled {
    fn clone(&self) -> Compiled {
        Compiled {
            regex: self.regex.clone(),
            with_dfas: self.with_dfas.clone(),
            searched_nanos: AtomicU64::new(self.searched_nanos.load(Ordering::Relaxed)),
            span_group: self.span_group,
        }
    }
}

impl Compiled {
    fn new(pattern: &str) -> Result<Compiled, String> {
        let regex = engine(pattern, false)?;
        let span_group = regex
            .group_info()
            .pattern_names(PatternID::ZERO)
            .position(|name| name == Some("span"));
        Ok(Compiled {
            regex,
            with_dfas: OnceLock::new(),
            searched_nanos: AtomicU64::new(0),
            span_group,
        })
    }

    /// The engine to search `text` with, and whether it is the one without DFAs (whose
    /// searches are timed).
    fn for_text(&self, pattern: &str, text: &str) -> (&meta::Regex, bool) {
        let over_budget =
            || self.searched_nanos.load(Ordering::Relaxed) >= SEARCH_BUDGET.as_nanos() as u64;
        if text.len() < LONG_TEXT && !over_budget() {
            return (&self.regex, true);
        }
        let with_dfas = self.with_dfas.get_or_init(|| {
            // It compiled without DFAs; their size is bounded by the cache, not the build.
            engine(pattern, true).expect("a pattern that compiled compiles with lazy DFAs")
        });
        (with_dfas, false)
    }

    /// Adds the time since `since` to the searches without DFAs.
    fn add_search_time(&self, since: Instant) {
        let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.searched_nanos.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// `pattern` compiled as every pattern rule is: with the `regex` crate's syntax and match
/// semantics (leftmost-first, no empty match inside a character); with lazy DFAs (each caching
/// at most [`MAX_PATTERN_DFA_BYTES`]) or without.
fn engine(pattern: &str, lazy_dfas: bool) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(MAX_PATTERN_NFA_BYTES))
        .hybrid(lazy_dfas)
        .hybrid_cache_capacity(MAX_PATTERN_DFA_BYTES)
        .dfa(false);
    let syntax = syntax::Config::new().utf8(true).nest_limit(NEST_LIMIT);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax)
        .build(pattern)
        .map_err(|e| format!("invalid pattern: {}", one_line(&build_error(&e))))
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
            compiled_bytes: OnceLock::new(),
            builtin: false,
        })
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            Compiled::new(&self.pattern).expect("the rules compiled into mtscrub compile")
        })
    }

    /// Marks the rule as one compiled into mtscrub.
    pub(super) fn mark_builtin(&mut self) {
        self.builtin = true;
    }

    /// Whether the rule is compiled into mtscrub, as its file defines it.
    pub(super) fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// The heap memory the compiled pattern takes, in bytes: its automata (the forward
    /// automaton, and the forward and reverse automata with their lazy DFAs that search a long
    /// text, and every text once the search budget is spent), literal prefilters, and the
    /// caches a thread allocates when it first searches with them. A thread's lazy DFAs may
    /// grow on top of that, up to `MAX_PATTERN_DFA_BYTES` (2 MiB) for each direction.
    ///
    /// Each of the two engines not compiled yet is compiled to measure it; the first call does
    /// that, later ones return the same number.
    pub fn compiled_bytes(&self) -> usize {
        *self
            .compiled_bytes
            .get_or_init(|| measure(&self.pattern, self.compiled.get()))
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
        let (regex, timed) = compiled.for_text(&self.pattern, text);
        let mut matches = regex.captures_iter(text);
        std::iter::from_fn(move || {
            if !timed {
                return matches.next();
            }
            let start = Instant::now();
            let next = matches.next();
            compiled.add_search_time(start);
            next
        })
        .filter_map(move |caps| {
            let span = match compiled.span_group {
                Some(i) => caps.get_group(i)?,
                None => caps.get_group(0)?,
            };
            let replacement = self.replacement.as_ref().map(|template| {
                let mut out = String::new();
                caps.interpolate_string_into(text, template, &mut out);
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

    /// Whether the pattern is compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Compiles the pattern if it is not yet.
    pub fn compile(&self) {
        self.compiled();
    }

    /// The compiled pattern (compiled now if it was not yet).
    pub fn regex(&self) -> &meta::Regex {
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
            return Err(too_long(template));
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    // The whole text: literal text before, between and after placeholders counts too.
    if out.len() > MAX_FILLED_BYTES {
        return Err(too_long(template));
    }
    Ok(out)
}

fn too_long(template: &str) -> String {
    format!(
        "`{template:.40}…` is longer than {} KiB with its options filled in",
        MAX_FILLED_BYTES >> 10
    )
}

/// What `pattern` takes compiled as [`PatternRule::new`] compiles it, both ways; the engines
/// of `compiled` (the pattern as the rule holds it compiled, if it is) are measured as they are.
fn measure(pattern: &str, compiled: Option<&Compiled>) -> usize {
    let mut bytes = 0usize;
    for lazy_dfas in [false, true] {
        let held = compiled.and_then(|c| match lazy_dfas {
            false => Some(&c.regex),
            true => c.with_dfas.get(),
        });
        let built;
        let regex = match held {
            Some(regex) => regex,
            None => match engine(pattern, lazy_dfas) {
                Ok(regex) => {
                    built = regex;
                    &built
                }
                // It compiled once with these limits, so it compiles again; were it not to,
                // it counts as too large for any budget.
                Err(_) => return usize::MAX,
            },
        };
        bytes = bytes.saturating_add(regex.memory_usage() + regex.create_cache().memory_usage());
    }
    bytes
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

/// What is wrong with a pattern that does not compile: the parser's account of a syntax
/// error, with the pattern and a caret under the place, or the limit it went past.
fn build_error(error: &meta::BuildError) -> String {
    if let Some(syntax) = error.syntax_error() {
        return syntax.to_string();
    }
    if let Some(limit) = error.size_limit() {
        return format!("the compiled pattern exceeds size limit of {limit} bytes");
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
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
    fn the_fill_limit_covers_literal_text() {
        let long = "x".repeat(MAX_FILLED_BYTES + 1);
        let options = table("word = 'y'");
        for (pattern, replacement) in [
            (long.as_str(), None),
            ("x", Some(long.as_str())),
            // Literal text after the last placeholder counts too.
            (&format!("{{{{word}}}}{long}")[..], None),
        ] {
            let err = PatternRule::new(pattern, replacement, &options).unwrap_err();
            assert!(err.contains("longer than 256 KiB"), "{err}");
        }
        let just = "x".repeat(MAX_FILLED_BYTES);
        assert!(PatternRule::new("x", Some(&just), &options).is_ok());
    }

    #[test]
    fn compiled_size_counts_more_than_the_nfa() {
        // A one-pass pattern over every ASCII byte: a small NFA, a large one-pass DFA.
        let ascii: String = (0u8..128).map(|b| format!("\\x{b:02X}")).collect();
        let rule = PatternRule::new(
            &format!("(x){}", ascii.repeat(3)),
            None,
            &toml::Table::new(),
        )
        .unwrap();
        assert!(
            rule.compiled_bytes() > 512 << 10,
            "{}",
            rule.compiled_bytes()
        );
        let small = PatternRule::new("x", None, &toml::Table::new()).unwrap();
        assert!(
            small.compiled_bytes() < 64 << 10,
            "{}",
            small.compiled_bytes()
        );
    }

    #[test]
    fn unknown_option_is_an_error() {
        assert!(PatternRule::new("{{nope}}", None, &toml::Table::new()).is_err());
    }

    /// The matches of `rule` in `text`, with their repairs, written out to compare.
    fn matches(rule: &PatternRule, text: &str) -> Vec<(Range<usize>, Option<String>)> {
        rule.find_iter(text)
            .map(|m| (m.range, m.replacement))
            .collect()
    }

    /// A text past [`LONG_TEXT`] is searched by the pattern compiled with its lazy DFAs, and
    /// gives every default rule the matches and repairs the short texts it is made of give.
    #[test]
    fn long_texts_match_as_their_parts_do() {
        let rules = crate::rules::Ruleset::defaults().expect("default rules");
        let mut searched_long = 0;
        for rule in rules.iter() {
            let crate::rules::Matcher::Pattern(pattern) = &rule.matcher else {
                continue;
            };
            // Each example on a line of its own, between blank lines.
            let part: String = rule
                .examples
                .iter()
                .map(|example| format!("{}\n\n", example.text))
                .collect();
            let expected_in_part = matches(pattern, &part);
            assert!(
                part.len() < LONG_TEXT,
                "{}: examples too long to compare",
                rule.meta.id
            );
            let copies = LONG_TEXT / part.len() + 2;
            let long = part.repeat(copies);
            let step = part.len();
            let expected: Vec<_> = (0..copies)
                .flat_map(|copy| {
                    expected_in_part.iter().map(move |(range, replacement)| {
                        let shift = copy * step;
                        (range.start + shift..range.end + shift, replacement.clone())
                    })
                })
                .collect();
            assert_eq!(matches(pattern, &long), expected, "{}", rule.meta.id);
            let compiled = pattern.compiled.get().expect("compiled by the search");
            assert!(compiled.with_dfas.get().is_some(), "{}", rule.meta.id);
            searched_long += usize::from(!expected.is_empty());
        }
        assert!(searched_long > 40, "{searched_long}");
    }

    /// A pattern slow without its lazy DFAs (a repeated Unicode class: thousands of states
    /// alive at once) is searched with them once its searches have taken [`SEARCH_BUDGET`],
    /// on texts shorter than [`LONG_TEXT`] too, and finds the same.
    #[test]
    fn a_slow_pattern_gets_its_dfas_when_its_searches_took_the_budget() {
        let rule = PatternRule::new(r"(?:\p{L}+[ ,]){3,40}qqq", None, &toml::Table::new())
            .expect("compiles");
        let text = format!("{}×× qqq and alpha beta qqq", "délta epsilon ".repeat(150));
        assert!(text.len() < LONG_TEXT);
        let first = matches(&rule, &text);
        assert_eq!(first.len(), 1, "{first:?}");
        let compiled = rule.compiled.get().expect("compiled at once");
        let mut searches = 1;
        while compiled.with_dfas.get().is_none() {
            assert!(searches < 1000, "no DFAs after {searches} searches");
            assert_eq!(matches(&rule, &text), first);
            searches += 1;
        }
        let spent = compiled.searched_nanos.load(Ordering::Relaxed);
        assert!(spent >= SEARCH_BUDGET.as_nanos() as u64, "{spent} ns");
        // The DFAs now search, and the time is no longer counted.
        assert_eq!(matches(&rule, &text), first);
        assert_eq!(compiled.searched_nanos.load(Ordering::Relaxed), spent);
    }

    /// The engines a rule holds are measured as a fresh compile of its pattern would be.
    #[test]
    fn held_engines_measure_as_fresh_ones() {
        let rule = PatternRule::new(r"(?P<span>\p{Lu}\w+) = Getty", None, &toml::Table::new())
            .expect("compiles");
        let fresh = measure(rule.pattern(), None);
        assert!(fresh > 0 && fresh < usize::MAX, "{fresh}");
        assert_eq!(rule.compiled_bytes(), fresh);
    }
}
