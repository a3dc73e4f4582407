//! Detect: the fourth stage. Rules read the segments and produce [`Finding`]s.
//!
//! Pattern rules run per segment on the normalized view; analyzers (code for what a regex
//! cannot see, such as quotation structure across a paragraph) run once per document on the
//! checks their rules enabled. Either way a finding leaves this stage pointing into the
//! original bytes, with its repair and that repair's safety tier already decided.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use std::sync::Mutex;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

use crate::analyzers::{self, AnalyzerInput, Checks, DocumentFacts, Hit, HitEdit};
use crate::dateline::Dateline;
use crate::ingest::Document;
use crate::language::{Lang, SegmentLanguages};
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

/// What detection compiles once from a rule set: the active pattern rules and one lazy DFA
/// over all of them (regex-automata's hybrid DFA, the engine the regex crate runs inside a
/// `RegexSet`, built here from the forward automaton alone, which halves its compile time
/// at start-up). It reads a segment in a single pass and names the rules that match somewhere
/// in it; only those run their own regex for spans and captures, and only they need the
/// segment's language. Most segments of a clean text match no rule at all.
pub struct Plan {
    /// Indices (in the rule set) of the active pattern rules, in the order of the DFA's
    /// patterns.
    patterns: Vec<usize>,
    /// `None` when the union is over the size limit (each pattern compiled on its own when
    /// its file was loaded, so only the combined size can fail): then every pattern reads
    /// every segment.
    set: Option<DFA>,
    /// Search caches of the DFA, one per thread at work.
    caches: Mutex<Vec<Cache>>,
}

/// Most memory the automaton of all pattern rules may take, and its search cache.
const SET_SIZE_LIMIT: usize = 64 << 20;
const SET_CACHE_BYTES: usize = 8 << 20;

impl Plan {
    pub fn new(ruleset: &Ruleset) -> Plan {
        let patterns: Vec<usize> = ruleset
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.meta.enabled && matches!(rule.matcher, Matcher::Pattern(_)))
            .map(|(i, _)| i)
            .collect();
        let sources: Vec<&str> = patterns
            .iter()
            .map(|&i| match &ruleset.rules()[i].matcher {
                Matcher::Pattern(pattern) => pattern.regex().as_str(),
                Matcher::Analyzer { .. } => unreachable!("only pattern rules are listed"),
            })
            .collect();
        let set = DFA::builder()
            .thompson(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(SET_SIZE_LIMIT)),
            )
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(SET_CACHE_BYTES)
                    .unicode_word_boundary(true),
            )
            .build_many(&sources)
            .ok();
        Plan {
            patterns,
            set,
            caches: Mutex::new(Vec::new()),
        }
    }

    /// A search cache for this thread's use, returned with [`Plan::give_back`].
    fn take_cache(&self) -> Option<Cache> {
        let set = self.set.as_ref()?;
        let cached = self.caches.lock().ok().and_then(|mut caches| caches.pop());
        Some(cached.unwrap_or_else(|| set.create_cache()))
    }

    fn give_back(&self, cache: Option<Cache>) {
        if let (Some(cache), Ok(mut caches)) = (cache, self.caches.lock()) {
            caches.push(cache);
        }
    }

    /// Puts in `found` the positions in `patterns` of the rules that may match somewhere in
    /// `text`: those that do, or all of them where the DFA cannot say (a Unicode word
    /// boundary next to a non-ASCII letter, a cache that thrashes).
    fn matching(&self, cache: Option<&mut Cache>, text: &str, found: &mut PatternSet) {
        found.clear();
        if let (Some(set), Some(cache)) = (&self.set, cache) {
            if set
                .try_which_overlapping_matches(cache, &Input::new(text), found)
                .is_ok()
            {
                return;
            }
        }
        for p in 0..self.patterns.len() {
            found.insert(PatternID::new_unchecked(p));
        }
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
    let mut checks: BTreeMap<&str, Checks> = BTreeMap::new();
    for rule in ruleset.active() {
        if let Matcher::Analyzer {
            analyzer,
            check,
            options,
        } = &rule.matcher
        {
            checks.entry(analyzer).or_default().enable(check, options);
        }
    }

    if !plan.patterns.is_empty() {
        let rules = ruleset.rules();
        let mut cache = plan.take_cache();
        let mut candidates = PatternSet::new(plan.patterns.len());
        for (index, segment) in doc.segments.iter().enumerate() {
            let view = &views[index];
            plan.matching(cache.as_mut(), &view.text, &mut candidates);
            for m in candidates.iter() {
                let rule = &rules[plan.patterns[m.as_usize()]];
                let Matcher::Pattern(pattern) = &rule.matcher else {
                    unreachable!("the set holds pattern rules")
                };
                if !rule.meta.contexts.contains(&segment.kind) {
                    continue;
                }
                let lang = langs.get(index);
                if !rule.meta.applies_to(lang) {
                    continue;
                }
                for found in pattern.find_iter(&view.text) {
                    let hit = Hit::replacing("", index, found.range, found.replacement);
                    findings.push(finding(views, &rule.meta, lang, hit));
                }
            }
        }
        plan.give_back(cache);
    }

    let input = AnalyzerInput {
        doc,
        views,
        langs,
        dateline,
        facts,
    };
    for (analyzer, enabled) in checks {
        let mut hits: Vec<Hit> = Vec::new();
        analyzers::run(analyzer, &input, &enabled, &mut hits);
        for hit in hits {
            let segment = &doc.segments[hit.segment];
            let lang = langs.get(hit.segment);
            for rule in ruleset.active().filter(|r| {
                matches!(&r.matcher, Matcher::Analyzer { analyzer: a, check: c, .. }
                    if a == analyzer && c == hit.check)
                    && r.meta.contexts.contains(&segment.kind)
                    && r.meta.applies_to(lang)
            }) {
                findings.push(finding(views, &rule.meta, lang, hit.clone()));
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
