//! Built-in analyzers: code for artifacts a regular expression cannot see.
//!
//! An analyzer reads a whole document (a quotation can open in one sentence and break three
//! sentences later) and offers named checks; a rule file enables a check by naming it
//! (`analyzer = "quotes.stray-opener"`), and gives it its id, message, why and examples, like
//! any other rule. Analyzers report [`Hit`]s in the coordinates of a segment's normalized view;
//! the detect stage maps them to the original bytes.

pub mod bilingual;
pub mod dates;
pub mod encoding;
pub mod quotes;
pub mod unicode;

use std::cell::{Cell, RefCell};
use std::ops::Range;

use crate::dateline::Dateline;
use crate::ingest::Document;
use crate::language::SegmentLanguages;
use crate::normalize::View;

/// What an analyzer reads: the document, each segment's view, each segment's language, and
/// what the run knows about the story.
pub struct AnalyzerInput<'a> {
    pub doc: &'a Document<'a>,
    pub views: &'a [View<'a>],
    pub langs: &'a SegmentLanguages<'a>,
    /// The story's dateline date, when given (`--date`).
    pub dateline: Option<Dateline>,
    pub facts: &'a DocumentFacts,
}

/// What analyzers learn of a whole document, and what a caller reading a document in parts
/// decides for them from all the parts, so that a part reads as it would in the whole.
#[derive(Debug, Default)]
pub struct DocumentFacts {
    /// The quotation style of the whole document, when the caller knows it; otherwise the
    /// quotes analyzer takes it from the quotations it reads.
    pub quote_style: Option<quotes::QuoteStyle>,
    /// The quotations the quotes analyzer read, by style.
    pub quotations: Cell<quotes::QuoteCounts>,
    /// Where each paragraph that leaves a quotation open ends (the end of its last segment in
    /// the document's source), in order: only there can a quotation reach into the next
    /// paragraph, so a caller may read the text in parts cut anywhere else.
    pub open_ends: RefCell<Vec<usize>>,
}

/// The checks of one analyzer that rules enabled, each with its rule's options.
#[derive(Default)]
pub struct Checks<'a> {
    enabled: Vec<(&'a str, &'a toml::Table)>,
}

impl<'a> Checks<'a> {
    /// No check enabled yet, with room for `capacity` without growing.
    pub fn with_capacity(capacity: usize) -> Checks<'a> {
        Checks {
            enabled: Vec::with_capacity(capacity),
        }
    }

    /// Disables every check, keeping the room for the next analyzer's.
    pub fn clear(&mut self) {
        self.enabled.clear();
    }

    pub fn enable(&mut self, check: &'a str, options: &'a toml::Table) {
        self.enabled.push((check, options));
    }

    pub fn is_enabled(&self, check: &str) -> bool {
        self.enabled.iter().any(|(c, _)| *c == check)
    }

    /// The options of the (first) rule that enabled `check`.
    pub fn options(&self, check: &str) -> Option<&'a toml::Table> {
        self.enabled
            .iter()
            .find(|(c, _)| *c == check)
            .map(|(_, o)| *o)
    }
}

/// One thing an analyzer found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The check that found it, e.g. `stray-opener`.
    pub check: &'static str,
    /// Index of the segment in the document.
    pub segment: usize,
    /// Byte range in the segment's view.
    pub range: Range<usize>,
    /// The repair, when it is clear: its edits, each in the view of its own segment (a
    /// repair may reach into the next part of a paragraph split by inline markup).
    pub edits: Option<Vec<HitEdit>>,
}

/// One edit of a hit's repair: a range of a segment's view and its new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HitEdit {
    pub segment: usize,
    pub range: Range<usize>,
    pub text: String,
}

impl Hit {
    /// A hit whose repair, if any, replaces its whole range.
    pub fn replacing(
        check: &'static str,
        segment: usize,
        range: Range<usize>,
        replacement: Option<String>,
    ) -> Hit {
        Hit {
            check,
            segment,
            edits: replacement.map(|text| {
                vec![HitEdit {
                    segment,
                    range: range.clone(),
                    text,
                }]
            }),
            range,
        }
    }
}

/// The analyzers and their checks.
const ANALYZERS: &[(&str, &[&str])] = &[
    ("quotes", quotes::CHECKS),
    ("bilingual", bilingual::CHECKS),
    ("encoding", encoding::CHECKS),
    ("unicode", unicode::CHECKS),
    ("dates", dates::CHECKS),
];

/// Whether `analyzer` offers `check`.
pub fn has_check(analyzer: &str, check: &str) -> bool {
    ANALYZERS
        .iter()
        .any(|(name, checks)| *name == analyzer && checks.contains(&check))
}

/// Runs `analyzer` with the `enabled` checks, pushing hits into `out`.
pub fn run(analyzer: &str, input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    match analyzer {
        "quotes" => quotes::analyze(input, checks, out),
        "bilingual" => bilingual::analyze(input, checks, out),
        "encoding" => encoding::analyze(input, checks, out),
        "unicode" => unicode::analyze(input, checks, out),
        "dates" => dates::analyze(input, checks, out),
        _ => {}
    }
}
