//! Rules: what mtscrub looks for and how it repairs it, loaded from rule files.
//!
//! A rule file (TOML, under `rules/`) is the unit a desk reads, tests and changes: each rule
//! has a stable id, a message, a *why*, its languages, a severity, a matcher (a regex with a
//! replacement template, or a named check of a built-in analyzer) and examples. The default
//! rule files are compiled into the binary (module `defaults`); user directories add rules, and a
//! user rule with an existing id replaces the default one.

pub(crate) mod defaults;
pub mod examples;
mod file;
mod pattern;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::SegmentKind;
use crate::language::Lang;

pub use examples::{Example, ExampleFailure};
pub use file::{MAX_EXAMPLES_PER_RULE, MAX_FILE_BYTES, MAX_RULES_PER_FILE};
pub use pattern::{Compile, PatternRule, MAX_FILLED_BYTES, MAX_PATTERN_NFA_BYTES};

/// How serious a finding is; `check` fails on warnings and errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The most a rule's author allows its repair to be trusted; the tier actually used is also
/// derived from what the edit changes (see [`crate::repair::Safety`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclaredFix {
    /// Safe when the edit touches only punctuation and spacing, review otherwise.
    #[default]
    Auto,
    /// Always needs review, even when only punctuation changes.
    Review,
    /// Shown as a suggestion, never applied.
    Suggest,
}

/// What a rule says about itself: everything but its matcher.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub message: String,
    pub why: String,
    /// Target languages (ISO 639-1), or empty for every language.
    pub languages: Vec<Lang>,
    /// Source languages whose machine translation produces the artifact (informative).
    pub source_languages: Vec<Lang>,
    pub severity: Severity,
    pub fix: DeclaredFix,
    /// Segment kinds the rule reads.
    pub contexts: Vec<SegmentKind>,
    /// Rules off by default run only when selected.
    pub enabled: bool,
    /// Where the rule was defined, as `file:line`.
    pub origin: String,
}

impl RuleMeta {
    /// Whether the rule reads text in `lang`.
    /// Whether the rule reads text in `lang`; a regional variant (`en-GB`) reads the rules of
    /// its language and its own.
    pub fn applies_to(&self, lang: Lang) -> bool {
        self.languages.is_empty()
            || self.languages.contains(&lang)
            || self.languages.contains(&crate::language::primary(lang))
    }
}

/// How a rule finds its matches.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// A regular expression with an optional replacement template.
    Pattern(PatternRule),
    /// A named check of a built-in analyzer, such as `quotes.stray-opener`, with the rule's
    /// options.
    Analyzer {
        analyzer: String,
        check: String,
        options: toml::Table,
    },
}

impl Matcher {
    /// The same matcher with `changes` merged into its options. Only options the rule
    /// defines may change, and a changed value keeps its type.
    fn with_options(&self, changes: &toml::Table) -> Result<Matcher, String> {
        let merge = |defined: &toml::Table| -> Result<toml::Table, String> {
            let mut merged = defined.clone();
            for (key, value) in changes {
                match defined.get(key) {
                    Some(old) if old.type_str() == value.type_str() => {
                        merged.insert(key.clone(), value.clone());
                    }
                    Some(old) => {
                        return Err(format!("option `{key}` must be a {}", old.type_str()));
                    }
                    None => return Err(format!("the rule has no option `{key}`")),
                }
            }
            Ok(merged)
        };
        Ok(match self {
            Matcher::Pattern(pattern) => {
                Matcher::Pattern(pattern.with_options(&merge(pattern.options())?)?)
            }
            Matcher::Analyzer {
                analyzer,
                check,
                options,
            } => Matcher::Analyzer {
                analyzer: analyzer.clone(),
                check: check.clone(),
                options: merge(options)?,
            },
        })
    }
}

/// A loaded rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub meta: Arc<RuleMeta>,
    pub matcher: Matcher,
    pub examples: Vec<Example>,
    /// The matcher as the rule file defined it, kept when an override changed its options:
    /// the examples are written for it.
    defined: Option<Matcher>,
}

impl Rule {
    /// The rule as its file defined it, before any override: what its examples test.
    pub fn as_defined(&self) -> Rule {
        let mut rule = self.clone();
        if let Some(matcher) = rule.defined.take() {
            rule.matcher = matcher;
        }
        rule
    }
}

/// Most rules one rule directory may add, so that many small rule files cannot exhaust memory
/// where one large one may not.
pub const MAX_RULES_PER_DIR: usize = 1024;

/// Most memory the compiled patterns of one rule set may take, beyond those of the built-in
/// rules (about 6 MiB): the sum of [`PatternRule::compiled_bytes`] over every pattern that
/// rule files, overrides and configured options add, checked as each is compiled. Each
/// pattern is also bounded on its own ([`MAX_PATTERN_NFA_BYTES`]), so the sum passes the
/// budget by one pattern at most before the rule that crosses it is refused.
pub const MAX_COMPILED_BYTES: usize = 64 << 20;

/// Why a pattern is refused when it takes the rule set past [`MAX_COMPILED_BYTES`].
fn over_budget(bytes: usize) -> String {
    format!(
        "the compiled patterns of the rule files would take more than {} MiB (this one takes {} KiB)",
        MAX_COMPILED_BYTES >> 20,
        bytes.div_ceil(1 << 10)
    )
}

/// The rules in force, in a stable order (file path, then position in the file).
#[derive(Debug, Default)]
pub struct Ruleset {
    rules: Vec<Rule>,
}

impl Ruleset {
    /// The rules compiled into the binary.
    pub fn defaults() -> Result<Ruleset> {
        let mut set = Ruleset::default();
        for (name, text) in defaults::FILES {
            let origin = format!("rules/{name}");
            let parsed = file::parse(text, &origin, None)?;
            for rule in parsed.rules {
                set.insert(rule, false)?;
            }
            set.apply_overrides(parsed.overrides)?;
        }
        Ok(set)
    }

    /// Loads every `*.toml` rule file under `dir` (sorted by path), without defaults.
    pub fn from_dir(dir: &Path) -> Result<Ruleset> {
        let mut set = Ruleset::default();
        set.add_dir(dir)?;
        Ok(set)
    }

    /// Adds the rule files under `dir`; a rule whose id already exists replaces it.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let mut seen = HashMap::new();
        let mut overrides = Vec::new();
        for path in file::rule_files(dir)? {
            let text = file::read(&path)?;
            let origin = path.display().to_string();
            let allowance = MAX_COMPILED_BYTES.saturating_sub(self.added_bytes());
            let parsed = file::parse(&text, &origin, Some(allowance))?;
            overrides.extend(parsed.overrides);
            for rule in parsed.rules {
                if seen.len() == MAX_RULES_PER_DIR {
                    let (file, line) = split_origin(&rule.meta.origin);
                    return Err(Error::RuleFile {
                        file,
                        line,
                        message: format!("more than {MAX_RULES_PER_DIR} rules in one directory"),
                    });
                }
                if let Some(first) = seen.insert(rule.meta.id.clone(), rule.meta.origin.clone()) {
                    let (file, line) = split_origin(&rule.meta.origin);
                    return Err(Error::RuleFile {
                        file,
                        line,
                        message: format!("duplicate rule id `{}` (first at {first})", rule.meta.id),
                    });
                }
                self.insert(rule, true)?;
            }
        }
        self.apply_overrides(overrides)
    }

    /// Sets options of rule `id` (a house style from a configuration file); `origin` names the
    /// file in errors.
    pub fn set_options(&mut self, id: &str, options: &toml::Table, origin: &str) -> Result<()> {
        self.apply_overrides(vec![file::Override {
            rule: id.to_string(),
            options: options.clone(),
            severity: None,
            enabled: None,
            file: origin.to_string(),
            line: 0,
        }])
    }

    /// Applies `[[override]]` tables: new option values, severity or enablement for a rule
    /// defined anywhere in the set.
    fn apply_overrides(&mut self, overrides: Vec<file::Override>) -> Result<()> {
        for o in overrides {
            let fail = |message: String| Error::RuleFile {
                file: o.file.clone(),
                line: o.line,
                message,
            };
            let rule = self
                .rules
                .iter_mut()
                .find(|r| r.meta.id == o.rule)
                .ok_or_else(|| fail(format!("override of unknown rule `{}`", o.rule)))?;
            if !o.options.is_empty() {
                let matcher = rule
                    .matcher
                    .with_options(&o.options)
                    .map_err(|m| fail(format!("override of `{}`: {m}", o.rule)))?;
                let defined = std::mem::replace(&mut rule.matcher, matcher);
                rule.defined.get_or_insert(defined);
            }
            let meta = Arc::make_mut(&mut rule.meta);
            if let Some(severity) = o.severity {
                meta.severity = severity;
            }
            if let Some(enabled) = o.enabled {
                meta.enabled = enabled;
            }
            if !o.options.is_empty() && self.added_bytes() > MAX_COMPILED_BYTES {
                let rule = self.get(&o.rule).expect("found above");
                let bytes = match &rule.matcher {
                    Matcher::Pattern(pattern) => pattern.compiled_bytes(),
                    Matcher::Analyzer { .. } => 0,
                };
                return Err(fail(format!(
                    "override of `{}`: {}",
                    o.rule,
                    over_budget(bytes)
                )));
            }
        }
        Ok(())
    }

    /// What the compiled patterns of the set take, in bytes (see
    /// [`PatternRule::compiled_bytes`]), the built-in ones included.
    pub fn compiled_bytes(&self) -> usize {
        self.patterns()
            .map(PatternRule::compiled_bytes)
            .fold(0, usize::saturating_add)
    }

    /// What the compiled patterns that rule files and options added take: what
    /// [`MAX_COMPILED_BYTES`] bounds.
    fn added_bytes(&self) -> usize {
        self.patterns()
            .filter(|p| !p.is_builtin())
            .map(PatternRule::compiled_bytes)
            .fold(0, usize::saturating_add)
    }

    /// Every compiled pattern the set holds, the one a rule's file defined included when an
    /// override changed its options.
    fn patterns(&self) -> impl Iterator<Item = &PatternRule> {
        self.rules
            .iter()
            .flat_map(|r| [Some(&r.matcher), r.defined.as_ref()])
            .filter_map(|m| match m {
                Some(Matcher::Pattern(pattern)) => Some(pattern),
                _ => None,
            })
    }

    fn insert(&mut self, rule: Rule, replace: bool) -> Result<()> {
        match self.rules.iter().position(|r| r.meta.id == rule.meta.id) {
            Some(i) if replace => self.rules[i] = rule,
            Some(i) => {
                let (file, line) = split_origin(&rule.meta.origin);
                return Err(Error::RuleFile {
                    file,
                    line,
                    message: format!(
                        "duplicate rule id `{}` (first at {})",
                        rule.meta.id, self.rules[i].meta.origin
                    ),
                });
            }
            None => self.rules.push(rule),
        }
        Ok(())
    }

    /// Keeps the rules `select` names (all enabled ones when empty) minus those in `ignore`.
    /// A selected rule runs even when it is off by default. Unknown ids are an error.
    pub fn filter(mut self, select: &[String], ignore: &[String]) -> Result<Ruleset> {
        for id in select.iter().chain(ignore) {
            if self.get(id).is_none() {
                return Err(Error::UnknownRule(id.clone()));
            }
        }
        self.rules.retain(|r| {
            let selected = if select.is_empty() {
                r.meta.enabled
            } else {
                select.contains(&r.meta.id)
            };
            selected && !ignore.contains(&r.meta.id)
        });
        if !select.is_empty() {
            for rule in &mut self.rules {
                if !rule.meta.enabled {
                    Arc::make_mut(&mut rule.meta).enabled = true;
                }
            }
        }
        Ok(self)
    }

    /// A set holding one rule, enabled, as the example harness runs it.
    pub fn single(rule: &Rule) -> Ruleset {
        let mut rule = rule.as_defined();
        Arc::make_mut(&mut rule.meta).enabled = true;
        Ruleset { rules: vec![rule] }
    }

    /// Keeps the rules for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    /// The rules, enabled or not, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The enabled rules only.
    pub fn active(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.meta.enabled)
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Position of a rule in the set, used to order edits deterministically.
    pub fn rank(&self, id: &str) -> usize {
        self.rules
            .iter()
            .position(|r| r.meta.id == id)
            .unwrap_or(usize::MAX)
    }
}

/// Splits an origin `file:line` back into its parts.
fn split_origin(origin: &str) -> (String, usize) {
    match origin.rsplit_once(':') {
        Some((file, line)) => (file.to_string(), line.parse().unwrap_or(0)),
        None => (origin.to_string(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use regex_automata::PatternID;

    #[test]
    fn every_default_pattern_compiles() {
        // The defaults compile when first used; this compiles them all.
        let rules = Ruleset::defaults().expect("default rules");
        let mut patterns = 0;
        for rule in rules.iter() {
            if let Matcher::Pattern(pattern) = &rule.matcher {
                // The compiled pattern is the one written: it has the `span` group if the
                // text names one.
                let names: Vec<_> = pattern
                    .regex()
                    .group_info()
                    .pattern_names(PatternID::ZERO)
                    .collect();
                assert_eq!(
                    names.contains(&Some("span")),
                    pattern.pattern().contains("(?P<span>"),
                    "{}",
                    rule.meta.id
                );
                patterns += 1;
            }
        }
        assert!(patterns > 40, "{patterns}");
    }
}
