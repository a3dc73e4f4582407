//! The example harness: every rule's examples, checked the same way by `cargo test` and by
//! `mtscrub rules test`.
//!
//! For a bad example the rule must report exactly one finding, at the marked span; its repair
//! must give the expected text, and the repaired text must give the rule nothing more to
//! report. A good example must give the rule nothing to report. Each rule runs alone, so an
//! example tests its own rule and not the interplay of others.

use std::fmt;
use std::ops::Range;

use super::{DeclaredFix, Rule, Ruleset};
use crate::ingest::Format;
use crate::language::Lang;
use crate::pipeline::{Engine, Options};

/// Whether an example must be reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    Good,
    Bad,
}

/// One example of a rule.
#[derive(Clone, Debug)]
pub struct Example {
    pub kind: ExampleKind,
    pub text: String,
    /// The byte range a bad example must be reported at.
    pub span: Option<Range<usize>>,
    /// The text a bad example's repair must give.
    pub fixed: Option<String>,
    pub lang: Lang,
    /// How the example is read: text, or a bilingual format (a TSV line `source<TAB>target`)
    /// for checks that compare a translation with its source.
    pub format: Format,
}

/// An example that did not behave as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// `file:line` of the rule.
    pub origin: String,
    pub example: String,
    pub expected: String,
    pub actual: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: rule `{}`, example {:?}: expected {}, got {}",
            self.origin, self.rule, self.example, self.expected, self.actual
        )
    }
}

/// Runs the examples of every rule in `rules`; returns how many ran and the failures.
pub fn test_all(rules: &Ruleset) -> (usize, Vec<ExampleFailure>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for rule in rules.iter() {
        count += rule.examples.len();
        failures.extend(test_rule(rule));
    }
    (count, failures)
}

/// Runs the examples of one rule, alone.
pub fn test_rule(rule: &Rule) -> Vec<ExampleFailure> {
    let engine = Engine::new(Ruleset::single(rule));
    rule.examples
        .iter()
        .filter_map(|example| test_example(&engine, rule, example).err())
        .collect()
}

fn test_example(engine: &Engine, rule: &Rule, example: &Example) -> Result<(), ExampleFailure> {
    let fail = |expected: String, actual: String| ExampleFailure {
        rule: rule.meta.id.clone(),
        origin: rule.meta.origin.clone(),
        example: example.text.clone(),
        expected,
        actual,
    };
    let options = Options {
        format: example.format,
        lang: Some(example.lang),
        ..Options::default()
    };
    let run = |text: &str| {
        engine
            .check(text, &options)
            .map(|a| a.findings)
            .map_err(|e| fail("no error".into(), e.to_string()))
    };
    let spans = |text: &str| -> Result<Vec<String>, ExampleFailure> {
        Ok(run(text)?
            .iter()
            .map(|f| format!("{:?} at {:?}", &text[f.range.clone()], f.range))
            .collect())
    };

    let findings = run(&example.text)?;
    let Some(span) = &example.span else {
        return match findings.is_empty() {
            true => Ok(()),
            false => Err(fail("no finding".into(), spans(&example.text)?.join(", "))),
        };
    };
    let marked = format!("one finding {:?} at {span:?}", &example.text[span.clone()]);
    if findings.len() != 1 || findings[0].range != *span {
        let actual = spans(&example.text)?;
        let actual = if actual.is_empty() {
            "no finding".to_string()
        } else {
            actual.join(", ")
        };
        return Err(fail(marked, actual));
    }
    let Some(fixed) = &example.fixed else {
        return Ok(());
    };
    let output = if rule.meta.fix == DeclaredFix::Suggest {
        let finding = &findings[0];
        let Some(fix) = &finding.fix else {
            return Err(fail(
                format!("a repair giving {fixed:?}"),
                "no repair".into(),
            ));
        };
        let mut text = example.text.clone();
        text.replace_range(
            finding.range.clone(),
            &fix.apply_within(&example.text, finding.range.clone()),
        );
        text
    } else {
        engine
            .fix(&example.text, &options)
            .map_err(|e| fail(format!("{fixed:?}"), e.to_string()))?
            .output
    };
    if output != *fixed {
        return Err(fail(format!("repair {fixed:?}"), format!("{output:?}")));
    }
    let left = spans(&output)?;
    if !left.is_empty() {
        return Err(fail("no finding after the repair".into(), left.join(", ")));
    }
    Ok(())
}
