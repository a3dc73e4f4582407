//! `mtscrub rules list|test|explain`.

use std::fmt::Write as _;

use mtscrub::rules::examples::{self, ExampleKind};
use mtscrub::rules::{Matcher, Ruleset};

use super::args::RulesCommand;
use super::{load_rules, print, Exit, Fatal};

pub fn run(command: RulesCommand) -> Result<Exit, Fatal> {
    match command {
        RulesCommand::List { rule_dirs } => {
            let rules = load_rules(&rule_dirs)?;
            let mut out = String::new();
            for rule in rules.iter() {
                let langs = if rule.meta.languages.is_empty() {
                    "*".to_string()
                } else {
                    rule.meta.languages.join(",")
                };
                let _ = writeln!(
                    out,
                    "{:<32} {:<8} {:<8} {}{}",
                    rule.meta.id,
                    langs,
                    rule.meta.severity.as_str(),
                    rule.meta.message,
                    if rule.meta.enabled {
                        ""
                    } else {
                        " (off by default)"
                    }
                );
            }
            print(&out);
            Ok(Exit::Clean)
        }
        RulesCommand::Test { dir } => {
            // A user directory is loaded over the defaults (its overrides may name them), and
            // only the rules it defines are tested.
            let mut rules = Ruleset::defaults()?;
            if let Some(dir) = &dir {
                rules.add_dir(dir)?;
                let prefix = dir.display().to_string();
                rules.retain(|rule| rule.meta.origin.starts_with(&prefix));
            }
            let (count, failures) = examples::test_all(&rules);
            let mut out = String::new();
            for failure in &failures {
                let _ = writeln!(out, "FAIL {failure}");
            }
            let _ = writeln!(
                out,
                "{} passed, {} failed ({} examples of {} rules)",
                count - failures.len(),
                failures.len(),
                count,
                rules.len()
            );
            print(&out);
            Ok(if failures.is_empty() {
                Exit::Clean
            } else {
                Exit::Findings
            })
        }
        RulesCommand::Explain { id, rule_dirs } => {
            let rules = load_rules(&rule_dirs)?;
            let rule = rules
                .get(&id)
                .ok_or_else(|| Fatal(format!("unknown rule id `{id}`")))?;
            let meta = &rule.meta;
            let mut out = format!("{}: {}\n\n{}\n\n", meta.id, meta.message, meta.why);
            let list = |langs: &[&str]| match langs.is_empty() {
                true => "all".to_string(),
                false => langs.join(", "),
            };
            let _ = writeln!(out, "Languages: {}", list(&meta.languages));
            if !meta.source_languages.is_empty() {
                let _ = writeln!(
                    out,
                    "Produced by translation from: {}",
                    list(&meta.source_languages)
                );
            }
            let _ = writeln!(out, "Severity: {}", meta.severity.as_str());
            let kind = match &rule.matcher {
                Matcher::Pattern(p) => format!("pattern {}", p.pattern()),
                Matcher::Analyzer {
                    analyzer, check, ..
                } => format!("analyzer {analyzer}.{check}"),
            };
            let _ = writeln!(out, "Matcher: {kind}");
            let options = match &rule.matcher {
                Matcher::Pattern(p) => p.options(),
                Matcher::Analyzer { options, .. } => options,
            };
            for (key, value) in options {
                let _ = writeln!(out, "Option {key} = {value}");
            }
            let _ = writeln!(out, "Defined at: {}", meta.origin);
            let _ = writeln!(out, "\nExamples:");
            for example in &rule.examples {
                match example.kind {
                    ExampleKind::Bad => {
                        let _ = writeln!(out, "  bad:  {}", example.text);
                        if let Some(fixed) = &example.fixed {
                            let _ = writeln!(out, "  fix:  {fixed}");
                        }
                    }
                    ExampleKind::Good => {
                        let _ = writeln!(out, "  good: {}", example.text);
                    }
                }
            }
            print(&out);
            Ok(Exit::Clean)
        }
    }
}
