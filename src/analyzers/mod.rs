//! Built-in analyzers: code for artifacts a regular expression cannot see.
//!
//! An analyzer reads a whole document (a quotation can open in one sentence and break three
//! sentences later) and offers named checks; a rule file enables a check by naming it
//! (`analyzer = "quotes.stray-opener"`), and gives it its id, message, why and examples, like
//! any other rule. Analyzers report [`Hit`]s in the coordinates of a segment's normalized view;
//! the detect stage maps them to the original bytes.

pub mod quotes;

use std::ops::Range;

use crate::ingest::Document;
use crate::language::Lang;
use crate::normalize::View;

/// What an analyzer reads: the document, each segment's view, and each segment's language.
pub struct AnalyzerInput<'a> {
    pub doc: &'a Document<'a>,
    pub views: &'a [View<'a>],
    pub langs: &'a [Lang],
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
    /// Replacement text for the range, when the repair is clear.
    pub replacement: Option<String>,
}

/// The analyzers and their checks.
const ANALYZERS: &[(&str, &[&str])] = &[("quotes", quotes::CHECKS)];

/// Whether `analyzer` offers `check`.
pub fn has_check(analyzer: &str, check: &str) -> bool {
    ANALYZERS
        .iter()
        .any(|(name, checks)| *name == analyzer && checks.contains(&check))
}

/// Runs `analyzer` with the `enabled` checks, pushing hits into `out`.
pub fn run(analyzer: &str, input: &AnalyzerInput, enabled: &[&str], out: &mut Vec<Hit>) {
    if analyzer == "quotes" {
        quotes::analyze(input, enabled, out)
    }
}
