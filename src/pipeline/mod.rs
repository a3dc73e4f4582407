//! The pipeline: ingest → normalize → detect language → detect → repair, as one call.
//!
//! [`Engine::check`] runs the stages once and returns findings on the original text.
//! [`Engine::fix`] repeats detect and repair until the text stops changing (or a pass limit is
//! reached, which is an error naming the rules still editing), so repairs converge and running
//! `fix` on its own output changes nothing. Every edit it reports points into the original
//! bytes, whichever pass made it. [`Engine::fix_in_pieces`] leaves a plain text's repair in the
//! pieces it was made in, for a caller that writes it out. Reporting (the sixth stage) is left
//! to the caller.

use std::ops::Range;
use std::sync::Arc;

mod parts;
mod repaired_text;

pub use repaired_text::RepairedText;

use crate::analyzers::quotes::{QuoteCounts, QuoteStyle};
use crate::analyzers::DocumentFacts;
use crate::dateline::Dateline;
use crate::detect::{self, Finding, Plan};
use crate::error::{Error, Result};
use crate::ingest::{Document, Format, ReadNote, SegmentKind};
use crate::language::{KnownLanguages, Lang, LanguageDetector, SegmentLanguages, SegmentText};
use crate::normalize::View;
use crate::repair::{self, EditMap, Safety};
use crate::rules::{RuleMeta, Ruleset};

/// Most repair passes before giving up.
pub const MAX_PASSES: usize = 8;

/// What the caller decides per run.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// The target language of every segment, instead of detecting it.
    pub lang: Option<Lang>,
    /// Language of text too short or unclear to detect, when no `lang` is given.
    pub fallback_lang: Lang,
    /// Apply only safe edits.
    pub safe_only: bool,
    /// The story's dateline date, for rules that complete partial dates.
    pub dateline: Option<Dateline>,
    /// JSON Lines: the string fields (dotted paths) that are prose.
    pub fields: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Text,
            lang: None,
            fallback_lang: "en",
            safe_only: false,
            dateline: None,
            fields: crate::ingest::jsonl::DEFAULT_FIELDS
                .iter()
                .map(|f| f.to_string())
                .collect(),
        }
    }
}

/// The rule set and language detector, built once and used for many inputs.
pub struct Engine {
    rules: Ruleset,
    plan: Plan,
    detector: LanguageDetector,
}

/// The result of checking one text.
#[derive(Debug)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Parts of the input the reader passed over (a JSON Lines record that is not JSON).
    pub notes: Vec<ReadNote>,
}

/// An edit `fix` applied.
#[derive(Clone, Debug)]
pub struct AppliedEdit {
    pub rule: Arc<RuleMeta>,
    /// The bytes of the original this edit touches (for a later pass, the original bytes its
    /// edited region descends from).
    pub range: Range<usize>,
    /// The text the range became, in the pass that made the edit.
    pub replacement: String,
    pub safety: Safety,
    /// 1 for edits made on the original text, 2 for edits made on the first pass's output, …
    pub pass: usize,
}

/// An edit set aside because it overlapped another, mapped to the original text.
#[derive(Clone, Debug)]
pub struct DroppedEdit {
    pub rule: Arc<RuleMeta>,
    pub range: Range<usize>,
    pub replacement: String,
    pub kept_rule: String,
    pub pass: usize,
}

/// The result of fixing one text: its repaired text as one string, or (from
/// [`Engine::fix_in_pieces`]) as a [`RepairedText`] of pieces.
#[derive(Debug)]
pub struct FixOutcome<Output = String> {
    pub output: Output,
    pub applied: Vec<AppliedEdit>,
    pub dropped: Vec<DroppedEdit>,
    /// Findings in the output that `fix` left (no repair, or a tier it was not allowed to
    /// apply), with ranges in the output text.
    pub remaining: Vec<Finding>,
    /// Detection passes run (the last found nothing more to apply).
    pub passes: usize,
    /// Parts of the input the reader passed over, left unchanged.
    pub notes: Vec<ReadNote>,
}

impl Engine {
    /// Compiles the rule set for detection.
    pub fn new(rules: Ruleset) -> Engine {
        Engine {
            plan: Plan::new(&rules),
            rules,
            detector: LanguageDetector::default(),
        }
    }

    pub fn rules(&self) -> &Ruleset {
        &self.rules
    }

    /// Runs every stage once and returns the findings on `source`.
    pub fn check(&self, source: &str, options: &Options) -> Result<Analysis> {
        if options.format == Format::Text {
            return Ok(Analysis {
                findings: parts::check_text(self, source, options),
                notes: Vec::new(),
            });
        }
        let (findings, notes) = self.detect(source, options)?;
        Ok(Analysis { findings, notes })
    }

    /// Repairs `source` until the text stops changing.
    pub fn fix(&self, source: &str, options: &Options) -> Result<FixOutcome> {
        if options.format == Format::Text {
            return parts::fix_text(self, source, options).map(|fixed| fixed.joined(source));
        }
        let (first, notes) = self.detect(source, options)?;
        let repaired = self.converge(source, first, options, |text| {
            self.detect(text, options).map(|(findings, _)| findings)
        })?;
        Ok(repaired.with_notes(notes))
    }

    /// Readies the engine for megabytes of input in many short texts (the records of a large
    /// JSON Lines file): builds what pays back only over a long input, which a long plain text
    /// builds for itself. What is found is the same either way.
    pub fn expect_long_input(&self) {
        self.plan.expect_long_text();
    }

    /// [`Engine::fix`], the repaired text left in the pieces it was repaired in: a plain text's
    /// spans that no repair touched are not copied, for a caller that writes the text out
    /// ([`RepairedText::pieces`]) rather than keeping it.
    pub fn fix_in_pieces(
        &self,
        source: &str,
        options: &Options,
    ) -> Result<FixOutcome<RepairedText>> {
        if options.format == Format::Text {
            return parts::fix_text(self, source, options);
        }
        Ok(self.fix(source, options)?.map_output(RepairedText::whole))
    }

    /// Repairs `source`, whose findings are `first`, pass after pass until nothing more is
    /// to be applied; `detect` finds what is left in each pass's output.
    fn converge(
        &self,
        source: &str,
        first: Vec<Finding>,
        options: &Options,
        detect: impl Fn(&str) -> Result<Vec<Finding>>,
    ) -> Result<Repaired> {
        let allow = |safety: Safety| match safety {
            Safety::Safe => true,
            Safety::Review => !options.safe_only,
            Safety::Suggest => false,
        };
        let mut text = source.to_string();
        let mut maps: Vec<EditMap> = Vec::new();
        let mut applied = Vec::new();
        let mut dropped = Vec::new();
        let mut findings = first;
        for pass in 1..=MAX_PASSES + 1 {
            if pass > 1 {
                findings = detect(&text)?;
            }
            let resolution = repair::resolve(&text, &findings, allow);
            if resolution.accepted.is_empty() {
                return Ok(Repaired {
                    output: text,
                    applied,
                    dropped,
                    remaining: findings,
                    passes: pass,
                });
            }
            if pass > MAX_PASSES {
                let mut rules: Vec<String> = resolution
                    .accepted
                    .iter()
                    .map(|f| f.rule.id.clone())
                    .collect();
                rules.sort();
                rules.dedup();
                return Err(Error::NoConvergence {
                    passes: MAX_PASSES,
                    rules,
                });
            }
            let to_original = |range: Range<usize>| {
                maps.iter()
                    .rev()
                    .fold(range, |range, map| map.to_old(range))
            };
            // One entry per edit, not per repair: a repair of a quotation's two marks spans
            // the words between them, which another repair of the same pass may change.
            for finding in &resolution.accepted {
                let fix = finding.fix.as_ref().expect("accepted edits have fixes");
                for edit in &fix.edits {
                    applied.push(AppliedEdit {
                        rule: finding.rule.clone(),
                        range: to_original(edit.range.clone()),
                        replacement: edit.replacement.clone(),
                        safety: fix.safety,
                        pass,
                    });
                }
            }
            for conflict in resolution.conflicts {
                let fix = conflict.dropped.fix.as_ref().expect("conflicts have fixes");
                dropped.push(DroppedEdit {
                    rule: conflict.dropped.rule.clone(),
                    range: to_original(conflict.dropped.range.clone()),
                    replacement: fix.apply_within(&text, conflict.dropped.range.clone()),
                    kept_rule: conflict.kept_rule,
                    pass,
                });
            }
            let (next, map) = repair::apply(&text, &resolution.accepted);
            maps.push(map);
            text = next;
        }
        unreachable!("the loop returns by its last pass")
    }

    /// Ingest, normalize, detect language, detect.
    fn detect(&self, source: &str, options: &Options) -> Result<(Vec<Finding>, Vec<ReadNote>)> {
        let doc = Document::read_fields(source, options.format, &options.fields)?;
        let mut findings = self.detect_in(&doc, options, Whole::default()).findings;
        if matches!(options.format, Format::Html | Format::Markdown) {
            crate::suppress::apply(source, &mut findings);
        }
        Ok((findings, doc.notes))
    }

    /// Normalize, detect language, detect, on a document already read, which may be a part
    /// of a larger text (`whole`). Also returns the quotations the quotes analyzer counted.
    fn detect_in(&self, doc: &Document, options: &Options, whole: Whole) -> Detected {
        self.detect_remembering(doc, options, whole, Languages::Detect)
    }

    /// [`Engine::detect_in`], reusing the languages an earlier pass decided or keeping the
    /// ones this pass decides, as `languages` asks.
    fn detect_remembering(
        &self,
        doc: &Document,
        options: &Options,
        whole: Whole,
        languages: Languages,
    ) -> Detected {
        let views: Vec<View> = doc
            .segments
            .iter()
            .map(|s| View::new(doc.text(s), s.range.start, s.encoding))
            .collect();
        let langs = match options.lang {
            Some(lang) => SegmentLanguages::fixed(vec![lang; views.len()]),
            None => SegmentLanguages::detect_with(
                &self.detector,
                doc.segments
                    .iter()
                    .zip(&views)
                    .map(|(segment, view)| SegmentText {
                        block: segment.block,
                        text: (segment.kind != SegmentKind::Markup).then_some(&*view.text),
                        stated: segment.lang,
                    }),
                whole.lang,
                options.fallback_lang,
                match &languages {
                    Languages::Reuse(known) => Some(*known),
                    _ => None,
                },
            ),
        };
        let facts = DocumentFacts {
            quote_style: whole.quote_style,
            ..DocumentFacts::default()
        };
        let findings = detect::detect(
            &self.rules,
            &self.plan,
            doc,
            &views,
            &langs,
            options.dateline,
            &facts,
        );
        let known = match languages {
            Languages::Remember => langs.known(),
            _ => KnownLanguages::default(),
        };
        Detected {
            findings,
            counts: facts.quotations.get(),
            open_ends: facts.open_ends.take(),
            known,
        }
    }
}

/// What [`Engine::detect_in`] found: the findings, the quotations the quotes analyzer counted
/// and where the paragraphs that leave one open end, and the languages it decided when asked
/// to remember them.
struct Detected {
    findings: Vec<Finding>,
    counts: QuoteCounts,
    open_ends: Vec<usize>,
    known: KnownLanguages,
}

/// What a pass does with the languages of blocks read in an earlier pass.
#[derive(Clone)]
enum Languages<'k> {
    /// Detects every language it needs.
    Detect,
    /// Detects them and keeps them for a later pass.
    Remember,
    /// Takes those known from an earlier pass, detects the others.
    Reuse(&'k KnownLanguages),
}

/// What is decided for a whole document when it is read in parts: its language and its
/// quotation style (`None`: taken from what the part itself reads).
#[derive(Clone, Copy, Debug, Default)]
struct Whole {
    lang: Option<Lang>,
    quote_style: Option<QuoteStyle>,
}

/// What [`Engine::converge`] returns: a [`FixOutcome`] but for the reader's notes.
struct Repaired {
    output: String,
    applied: Vec<AppliedEdit>,
    dropped: Vec<DroppedEdit>,
    remaining: Vec<Finding>,
    passes: usize,
}

impl Repaired {
    fn with_notes(self, notes: Vec<ReadNote>) -> FixOutcome {
        FixOutcome {
            output: self.output,
            applied: self.applied,
            dropped: self.dropped,
            remaining: self.remaining,
            passes: self.passes,
            notes,
        }
    }
}

impl<Output> FixOutcome<Output> {
    fn map_output<T>(self, map: impl FnOnce(Output) -> T) -> FixOutcome<T> {
        FixOutcome {
            output: map(self.output),
            applied: self.applied,
            dropped: self.dropped,
            remaining: self.remaining,
            passes: self.passes,
            notes: self.notes,
        }
    }
}

impl FixOutcome<RepairedText> {
    /// The outcome with its text joined into one string; `source` is the text repaired.
    pub fn joined(self, source: &str) -> FixOutcome {
        self.map_output(|text| text.join(source))
    }
}
