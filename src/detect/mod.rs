//! Detect: the fourth stage. Rules read the segments and produce [`Finding`]s.
//!
//! Pattern rules run per segment on the normalized view; analyzers (code for what a regex
//! cannot see, such as quotation structure across a paragraph) run once per document on the
//! checks their rules enabled. Either way a finding leaves this stage pointing into the
//! original bytes, with its repair and that repair's safety tier already decided.

use std::ops::Range;
use std::sync::Arc;

mod plan;
mod prefilter;

use rayon::prelude::*;
use regex_automata::PatternSet;

pub use plan::Plan;

use crate::analyzers::{self, AnalyzerInput, Checks, DocumentFacts, Hit, HitEdit};
use crate::dateline::Dateline;
use crate::ingest::Document;
use crate::language::{Lang, SegmentLanguages};
use crate::normalize::View;
use crate::repair::Safety;
use crate::rules::{Matcher, PatternRule, RuleMeta, Ruleset};

/// A problem a rule found, as a byte range of the original text.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    pub range: Range<usize>,
    /// The language of the segment it was found in.
    pub lang: Lang,
    pub fix: Option<Fix>,
}

/// A repair: edits inside the finding's range, applied together, and how far they can be
/// trusted. Most repairs are one edit; a repair of a quotation's two marks is two, so that a
/// separate repair of the words between them can apply in the same pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub safety: Safety,
}

/// One replacement of a byte range of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Fix {
    /// The text of `range` (which holds every edit) once the edits are applied.
    pub fn apply_within(&self, source: &str, range: Range<usize>) -> String {
        let mut out = String::new();
        let mut at = range.start;
        for edit in &self.edits {
            out.push_str(&source[at..edit.range.start]);
            out.push_str(&edit.replacement);
            at = edit.range.end;
        }
        out.push_str(&source[at..range.end]);
        out
    }

    /// Whether applying the edits would leave the text as it is.
    pub fn is_noop(&self, source: &str) -> bool {
        self.edits
            .iter()
            .all(|e| source[e.range.clone()] == e.replacement)
    }
}

/// Runs every active rule of `ruleset` over the document; `plan` must have been built from
/// the same rule set.
pub fn detect(
    ruleset: &Ruleset,
    plan: &Plan,
    doc: &Document,
    views: &[View],
    langs: &SegmentLanguages,
    dateline: Option<Dateline>,
    facts: &DocumentFacts,
) -> Vec<Finding> {
    let mut findings = Vec::new();

    if !plan.patterns.is_empty() {
        let rules = ruleset.rules();
        let pattern_of = |m: usize| {
            let rule = &rules[plan.patterns[m]];
            match &rule.matcher {
                Matcher::Pattern(pattern) => (rule, pattern),
                Matcher::Analyzer { .. } => unreachable!("the set holds pattern rules"),
            }
        };
        // The rules that may match each segment and read it (its kind, its language), found
        // first, so that the ones not compiled yet are compiled together.
        let mut cache = plan.take_cache();
        let mut candidates = PatternSet::new(plan.patterns.len());
        let mut picked: Vec<(usize, Range<usize>)> = Vec::new();
        let mut patterns: Vec<usize> = Vec::new();
        for (index, view) in views.iter().enumerate() {
            plan.matching(cache.as_mut(), &view.text, &mut candidates);
            if candidates.is_empty() {
                continue;
            }
            let start = patterns.len();
            for m in candidates.iter() {
                let (rule, _) = pattern_of(m.as_usize());
                if rule.meta.contexts.contains(&doc.segments[index].kind)
                    && rule.meta.applies_to(langs.get(index))
                {
                    patterns.push(m.as_usize());
                }
            }
            if patterns.len() > start {
                picked.push((index, start..patterns.len()));
            }
        }
        plan.give_back(cache);
        compile_together(patterns.iter().map(|&m| pattern_of(m).1));

        for (index, range) in picked {
            let view = &views[index];
            let lang = langs.get(index);
            for &m in &patterns[range] {
                let (rule, pattern) = pattern_of(m);
                for found in pattern.find_iter(&view.text) {
                    let hit = Hit::replacing("", index, found.range, found.replacement);
                    findings.push(finding(views, &rule.meta, lang, hit));
                }
            }
        }
    }

    let input = AnalyzerInput {
        doc,
        views,
        langs,
        dateline,
        facts,
    };
    let rules = ruleset.rules();
    let check_of = |i: usize| match &rules[i].matcher {
        Matcher::Analyzer { check, options, .. } => (check.as_str(), options),
        Matcher::Pattern(_) => unreachable!("the plan lists analyzer rules"),
    };
    // One list of hits, emptied after each analyzer, and one of enabled checks, sized once for
    // the analyzer with the most rules: a paragraph's document is short, and growing a list
    // check by check for every analyzer cost more than some analyzers' reading.
    let mut hits: Vec<Hit> = Vec::new();
    let most_rules = plan
        .analyzers
        .iter()
        .map(|(_, members)| members.len())
        .max();
    let mut enabled = Checks::with_capacity(most_rules.unwrap_or(0));
    for (analyzer, members) in &plan.analyzers {
        enabled.clear();
        for &i in members {
            let (check, options) = check_of(i);
            enabled.enable(check, options);
        }
        analyzers::run(analyzer, &input, &enabled, &mut hits);
        for hit in hits.drain(..) {
            let segment = &doc.segments[hit.segment];
            let lang = langs.get(hit.segment);
            for &i in members {
                let rule = &rules[i];
                if check_of(i).0 == hit.check
                    && rule.meta.contexts.contains(&segment.kind)
                    && rule.meta.applies_to(lang)
                {
                    findings.push(finding(views, &rule.meta, lang, hit.clone()));
                }
            }
        }
    }

    // The rank (a linear search) is only needed between findings of one range.
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end)
            .cmp(&(b.range.start, b.range.end))
            .then_with(|| ruleset.rank(&a.rule.id).cmp(&ruleset.rank(&b.rule.id)))
    });
    findings
}

/// Compiles the patterns among `patterns` that are not compiled yet, on as many threads as
/// the rayon pool has: a desk's article needs a handful of the larger rules (bylines,
/// datelines, credits), each several milliseconds to compile, and compiling them side by
/// side is most of what its start-up can gain.
fn compile_together<'r>(patterns: impl Iterator<Item = &'r PatternRule>) {
    let mut waiting: Vec<&PatternRule> = patterns.filter(|p| !p.is_compiled()).collect();
    waiting.sort_by_key(|p| *p as *const PatternRule);
    waiting.dedup_by_key(|p| *p as *const PatternRule);
    match waiting.len() {
        0 => {}
        1 => waiting[0].compile(),
        _ => waiting.par_iter().for_each(|p| p.compile()),
    }
}

/// A finding from a hit: its range and edits mapped from segment views to the source.
fn finding(views: &[View], rule: &Arc<RuleMeta>, lang: Lang, hit: Hit) -> Finding {
    let mut range = views[hit.segment].source_range(hit.range);
    let fix = hit.edits.map(|edits| {
        // Safety is judged on the text as read (escapes decoded), not on its source syntax.
        let safety = Safety::of_edits(
            edits
                .iter()
                .map(|e| (&views[e.segment].text[e.range.clone()], e.text.as_str())),
            rule.fix,
        );
        let mut edits: Vec<Edit> = merge_widened(views, edits)
            .into_iter()
            .map(
                |HitEdit {
                     segment,
                     range,
                     text,
                 }| {
                    let (range, replacement) = views[segment].to_source(range, &text);
                    Edit { range, replacement }
                },
            )
            .collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        for edit in &edits {
            range.start = range.start.min(edit.range.start);
            range.end = range.end.max(edit.range.end);
        }
        Fix { edits, safety }
    });
    Finding {
        rule: rule.clone(),
        range,
        lang,
        fix,
    }
}

/// Edits of one segment that the view would widen into the same changed chunk (two marks of a
/// quotation inside one run of text that normalization changed) become one edit, so that the
/// edits of a repair never overlap in the source.
fn merge_widened(views: &[View], mut edits: Vec<HitEdit>) -> Vec<HitEdit> {
    edits.sort_by_key(|e| (e.segment, e.range.start, e.range.end));
    let mut merged: Vec<HitEdit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if let Some(last) = merged.last_mut() {
            if last.segment == edit.segment && last.range.end <= edit.range.start {
                let view = &views[edit.segment];
                let a = view.source_range(last.range.clone());
                let b = view.source_range(edit.range.clone());
                if a.end > b.start || a.start == b.start {
                    last.text
                        .push_str(&view.text[last.range.end..edit.range.start]);
                    last.text.push_str(&edit.text);
                    last.range.end = edit.range.end;
                    continue;
                }
            }
        }
        merged.push(edit);
    }
    merged
}
