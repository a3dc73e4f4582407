//! SARIF 2.1.0, the format code-scanning services read: one run, mtscrub as its tool with the
//! rules' metadata (message, why, languages, default level), and a result per finding with its
//! location and, where there is one, its fix as a replacement of the finding's bytes.
//!
//! Built as serde_json values from a handful of fields rather than a SARIF crate: the format is
//! large, mtscrub uses a small part of it, and the part it uses is checked against the
//! published schema in the tests.

use serde_json::{json, Value};

use super::FindingRecord;
use crate::rules::{Ruleset, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of `records`, describing every rule of `rules`.
pub fn sarif_log(records: &[FindingRecord], rules: &Ruleset) -> Value {
    let rule_ids: Vec<&str> = rules.iter().map(|r| r.meta.id.as_str()).collect();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let meta = &rule.meta;
            json!({
                "id": meta.id,
                "shortDescription": { "text": meta.message },
                "fullDescription": { "text": meta.why },
                "help": { "text": meta.why },
                "defaultConfiguration": {
                    "level": level(meta.severity),
                    "enabled": meta.enabled,
                },
                "properties": {
                    "languages": meta.languages,
                    "sourceLanguages": meta.source_languages,
                    "fix": format!("{:?}", meta.fix).to_lowercase(),
                },
            })
        })
        .collect();
    let results: Vec<Value> = records
        .iter()
        .map(|record| {
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&record.path) },
                    "region": {
                        "startLine": record.line,
                        "startColumn": record.column,
                        "endLine": record.end_line,
                        "endColumn": record.end_column,
                        "byteOffset": record.byte_start,
                        "byteLength": record.byte_end - record.byte_start,
                    },
                },
            });
            let mut result = json!({
                "ruleId": record.rule,
                "level": record.severity.parse::<SeverityName>().map_or("warning", |s| s.0),
                "message": { "text": record.message },
                "locations": [location],
            });
            if let Some(index) = rule_ids.iter().position(|id| *id == record.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(replacement) = &record.replacement {
                result["fixes"] = json!([{
                    "description": {
                        "text": format!("{} repair", record.safety.as_deref().unwrap_or("review")),
                    },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&record.path) },
                        "replacements": [{
                            "deletedRegion": {
                                "byteOffset": record.byte_start,
                                "byteLength": record.byte_end - record.byte_start,
                            },
                            "insertedContent": { "text": replacement },
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mtscrub",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/mtscrub/mtscrub",
                    "rules": descriptors,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A severity as a record writes it, turned into SARIF's level.
struct SeverityName(&'static str);

impl std::str::FromStr for SeverityName {
    type Err = ();

    fn from_str(s: &str) -> Result<SeverityName, ()> {
        match s {
            "error" => Ok(SeverityName(level(Severity::Error))),
            "warning" => Ok(SeverityName(level(Severity::Warning))),
            "info" => Ok(SeverityName(level(Severity::Info))),
            _ => Err(()),
        }
    }
}

/// A path as a relative URI reference (SARIF wants `/` separators and escapes).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A GitHub Actions workflow command for one finding: an annotation on the file's line.
pub fn github_annotation(record: &FindingRecord) -> String {
    let command = match record.severity.as_str() {
        "error" => "error",
        "info" => "notice",
        _ => "warning",
    };
    let mut message = record.message.clone();
    if let (Some(replacement), Some(safety)) = (&record.replacement, &record.safety) {
        message.push_str(&format!(" ({safety} repair: {replacement:?})"));
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&record.path),
        record.line,
        record.column,
        record.end_line,
        record.end_column,
        escape_property(&record.rule),
        escape_data(&message)
    )
}

/// Workflow-command escaping of a message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> FindingRecord {
        FindingRecord {
            path: "news/a b.txt".into(),
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 6,
            byte_start: 40,
            byte_end: 43,
            rule: "quote-stray-opener".into(),
            severity: "warning".into(),
            message: "Stray opening quotation mark, 50% sure".into(),
            replacement: Some(String::new()),
            safety: Some("safe".into()),
        }
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        assert_eq!(
            github_annotation(&record()),
            "::warning file=news/a b.txt,line=3,col=5,endLine=3,endColumn=6,title=quote-stray-opener::Stray opening quotation mark, 50%25 sure (safe repair: \"\")"
        );
    }

    #[test]
    fn sarif_results_point_at_rules_and_carry_fixes() {
        let rules = Ruleset::defaults().unwrap();
        let log = sarif_log(&[record()], &rules);
        let result = &log["runs"][0]["results"][0];
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "quote-stray-opener"
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "news/a%20b.txt"
        );
        assert_eq!(
            result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
                ["byteLength"],
            3
        );
    }
}
