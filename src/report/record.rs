//! The machine-readable form of a finding: one JSON object per finding, with the fields the
//! command-line contract promises (`check --output-format json`).

use serde::Serialize;

use super::LineIndex;
use crate::detect::Finding;

/// A finding as `check --output-format json` prints it.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct FindingRecord {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: String,
    pub severity: String,
    pub message: String,
    /// The text `byte_start..byte_end` becomes, when the rule has a repair.
    pub replacement: Option<String>,
    /// `safe`, `review` or `suggest`; absent without a repair.
    pub safety: Option<String>,
}

impl FindingRecord {
    pub fn new(path: &str, source: &str, index: &LineIndex, finding: &Finding) -> FindingRecord {
        let start = index.position(finding.range.start);
        let end = index.position(finding.range.end);
        FindingRecord {
            path: path.to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: finding.range.start,
            byte_end: finding.range.end,
            rule: finding.rule.id.clone(),
            severity: finding.rule.severity.as_str().to_string(),
            message: finding.rule.message.clone(),
            replacement: finding
                .fix
                .as_ref()
                .map(|f| f.apply_within(source, finding.range.clone())),
            safety: finding.fix.as_ref().map(|f| f.safety.as_str().to_string()),
        }
    }
}
