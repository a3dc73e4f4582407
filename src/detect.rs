//! Detect: the fourth stage. Rules read the segments and produce [`Finding`]s.
//!
//! Pattern rules run per segment on the normalized view; analyzers (code for what a regex
//! cannot see, such as quotation structure across a paragraph) run once per document on the
//! checks their rules enabled. Either way a finding leaves this stage pointing into the
//! original bytes, with its repair and that repair's safety tier already decided.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::analyzers::{self, AnalyzerInput, Checks, Hit};
use crate::dateline::Dateline;
use crate::ingest::Document;
use crate::language::Lang;
use crate::normalize::View;
use crate::repair::Safety;
use crate::rules::{Matcher, RuleMeta, Ruleset};

/// A problem a rule found, as a byte range of the original text.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    pub range: Range<usize>,
    /// The language of the segment it was found in.
    pub lang: Lang,
    pub fix: Option<Fix>,
}

/// A repair: the text that replaces the finding's range, and how far it can be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub replacement: String,
    pub safety: Safety,
}

/// Runs every active rule of `ruleset` over the document.
pub fn detect(
    ruleset: &Ruleset,
    doc: &Document,
    views: &[View],
    langs: &[Lang],
    dateline: Option<Dateline>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut checks: BTreeMap<&str, Checks> = BTreeMap::new();

    for rule in ruleset.active() {
        match &rule.matcher {
            Matcher::Pattern(pattern) => {
                for (index, segment) in doc.segments.iter().enumerate() {
                    let lang = langs[index];
                    if !rule.meta.contexts.contains(&segment.kind) || !rule.meta.applies_to(lang) {
                        continue;
                    }
                    let view = &views[index];
                    for found in pattern.find_iter(&view.text) {
                        findings.push(finding(
                            doc,
                            &rule.meta,
                            view,
                            lang,
                            found.range,
                            found.replacement,
                        ));
                    }
                }
            }
            Matcher::Analyzer {
                analyzer,
                check,
                options,
            } => {
                checks.entry(analyzer).or_default().enable(check, options);
            }
        }
    }

    let input = AnalyzerInput {
        doc,
        views,
        langs,
        dateline,
    };
    for (analyzer, enabled) in checks {
        let mut hits: Vec<Hit> = Vec::new();
        analyzers::run(analyzer, &input, &enabled, &mut hits);
        for hit in hits {
            let segment = &doc.segments[hit.segment];
            let lang = langs[hit.segment];
            for rule in ruleset.active().filter(|r| {
                matches!(&r.matcher, Matcher::Analyzer { analyzer: a, check: c, .. }
                    if a == analyzer && c == hit.check)
                    && r.meta.contexts.contains(&segment.kind)
                    && r.meta.applies_to(lang)
            }) {
                findings.push(finding(
                    doc,
                    &rule.meta,
                    &views[hit.segment],
                    lang,
                    hit.range.clone(),
                    hit.replacement.clone(),
                ));
            }
        }
    }

    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, ruleset.rank(&a.rule.id)).cmp(&(
            b.range.start,
            b.range.end,
            ruleset.rank(&b.rule.id),
        ))
    });
    findings
}

fn finding(
    doc: &Document,
    rule: &Arc<RuleMeta>,
    view: &View,
    lang: Lang,
    range: Range<usize>,
    replacement: Option<String>,
) -> Finding {
    let (range, fix) = match replacement {
        Some(replacement) => {
            let (range, replacement) = view.to_source(range, &replacement);
            let safety = Safety::of_edit(&doc.source[range.clone()], &replacement, rule.fix);
            (
                range,
                Some(Fix {
                    replacement,
                    safety,
                }),
            )
        }
        None => (view.source_range(range), None),
    };
    Finding {
        rule: rule.clone(),
        range,
        lang,
        fix,
    }
}
