//! `mtscrub check`: report findings.
//!
//! Whole files are checked in one piece; JSON Lines inputs are checked record by record as a
//! stream. Either way findings go to one [`Report`], which formats them and keeps the counts
//! the summary line and the exit code need.

use std::fmt::Write as _;

use mtscrub::detect::Finding;
use mtscrub::ingest::Format;
use mtscrub::repair::Safety;
use mtscrub::report::{FindingRecord, LineIndex};
use mtscrub::rules::Severity;
use mtscrub::{Engine, Options};

use super::args::{CheckArgs, OutputFormat};
use super::input::{self, Found, Target};
use super::{engine_and_options, print, print_error, stream, Exit, Fatal};

/// Characters of context shown on each side of a finding.
const CONTEXT_CHARS: usize = 40;

pub fn run(args: &CheckArgs) -> Result<Exit, Fatal> {
    let (engine, options) = engine_and_options(&args.common)?;
    let mut report = Report {
        format: args.output_format,
        safe_only: args.common.safe_only,
        ..Report::default()
    };
    let mut errors = false;
    let found = input::targets(
        &args.common.paths,
        args.common.input_format,
        &args.common.globs,
        true,
    );
    for found in found {
        let target = match found {
            Found::Target(target) => target,
            Found::Skipped(note) => {
                eprintln!("note: {note}");
                continue;
            }
            Found::Error(message) => {
                print_error(&message);
                errors = true;
                continue;
            }
        };
        let options = Options {
            format: target.format,
            ..options.clone()
        };
        let result = if target.format == Format::Jsonl {
            check_stream(&engine, &options, &target, &mut report)
        } else {
            check_whole(&engine, &options, &target, &mut report)
        };
        if let Err(message) = result {
            print_error(&message);
            errors = true;
        }
    }
    report.finish();
    Ok(if errors {
        Exit::Error
    } else if report.failing > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

fn check_whole(
    engine: &Engine,
    options: &Options,
    target: &Target,
    report: &mut Report,
) -> Result<(), String> {
    let input = target.read()?;
    let analysis = engine
        .check(&input.text, options)
        .map_err(|e| format!("{}: {e}", input.label))?;
    report.add(&input.label, &input.text, 0, 0, &analysis.findings);
    report.flush();
    Ok(())
}

/// A JSON Lines input, record by record: line numbers and byte offsets are the file's.
fn check_stream(
    engine: &Engine,
    options: &Options,
    target: &Target,
    report: &mut Report,
) -> Result<(), String> {
    let label = target.label.clone();
    stream::run(
        target.open()?,
        |record| record.text().map(|text| engine.check(text, options)),
        |records, results| {
            for (record, result) in records.iter().zip(results) {
                match result {
                    None => eprintln!("note: {label}:{}: not UTF-8, left as it is", record.line),
                    Some(Err(e)) => eprintln!("note: {label}:{}: {e}", record.line),
                    Some(Ok(analysis)) => {
                        for note in &analysis.notes {
                            eprintln!(
                                "note: {label}:{}: {}, left as it is",
                                record.line, note.message
                            );
                        }
                        let text = record.text().expect("checked");
                        report.add(
                            &label,
                            text,
                            record.line - 1,
                            record.offset,
                            &analysis.findings,
                        );
                    }
                }
            }
            report.flush();
            Ok(())
        },
        &target.label,
    )
}

/// Findings on their way out, with the counts for the summary and the exit code.
#[derive(Default)]
struct Report {
    format: OutputFormat,
    safe_only: bool,
    /// Findings for `--output-format json`, printed as one array at the end.
    records: Vec<FindingRecord>,
    /// Text waiting to be printed.
    pending: String,
    total: usize,
    failing: usize,
    fixable: usize,
}

impl Report {
    /// Adds the findings of one record: `text` starts at line `line_base + 1` and byte
    /// `byte_base` of the input.
    fn add(
        &mut self,
        label: &str,
        text: &str,
        line_base: usize,
        byte_base: usize,
        findings: &[Finding],
    ) {
        let index = LineIndex::new(text);
        let mut line_records = Vec::new();
        for finding in findings {
            self.total += 1;
            self.failing += usize::from(finding.rule.severity >= Severity::Warning);
            let applicable = finding.fix.as_ref().is_some_and(|f| {
                f.safety == Safety::Safe || (f.safety == Safety::Review && !self.safe_only)
            });
            self.fixable += usize::from(applicable);
            let mut record = FindingRecord::new(label, text, &index, finding);
            record.line += line_base;
            record.end_line += line_base;
            record.byte_start += byte_base;
            record.byte_end += byte_base;
            match self.format {
                OutputFormat::Text => {
                    describe(&mut self.pending, label, text, &index, line_base, finding)
                }
                OutputFormat::Json => self.records.push(record),
                OutputFormat::Jsonl => line_records.push(record),
            }
        }
        if self.format == OutputFormat::Jsonl {
            let line = serde_json::json!({
                "path": label,
                "line": line_base + 1,
                "findings": line_records,
            });
            let _ = writeln!(self.pending, "{line}");
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            print(&std::mem::take(&mut self.pending));
        }
    }

    fn finish(&mut self) {
        match self.format {
            OutputFormat::Json => {
                let mut json =
                    serde_json::to_string_pretty(&self.records).expect("records serialise");
                json.push('\n');
                print(&json);
            }
            OutputFormat::Text if self.total > 0 => {
                let _ = writeln!(
                    self.pending,
                    "Found {} finding{} ({} fixable with `mtscrub fix`).",
                    self.total,
                    if self.total == 1 { "" } else { "s" },
                    self.fixable
                );
            }
            _ => {}
        }
        self.flush();
    }
}

/// `path:line:column: RULE message`, then the line around the finding with the span marked,
/// then the repair and its tier.
fn describe(
    out: &mut String,
    label: &str,
    text: &str,
    index: &LineIndex,
    line_base: usize,
    finding: &Finding,
) {
    let start = index.position(finding.range.start);
    let _ = writeln!(
        out,
        "{label}:{}:{}: {} {}",
        start.line + line_base,
        start.column,
        finding.rule.id,
        finding.rule.message
    );
    let line_start = text[..finding.range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[finding.range.start..]
        .find('\n')
        .map_or(text.len(), |i| finding.range.start + i)
        .max(finding.range.end.min(text.len()));
    let before: String = tail_chars(&text[line_start..finding.range.start], CONTEXT_CHARS);
    let span = text[finding.range.clone()].trim_end_matches(['\r', '\n']);
    let span_end = (finding.range.start + span.len()).min(line_end);
    let after: String = text[span_end..line_end]
        .trim_end_matches('\r')
        .chars()
        .take(CONTEXT_CHARS)
        .collect();
    let _ = writeln!(out, "  | {before}{span}{after}");
    let width = span.chars().count().max(1);
    let _ = writeln!(
        out,
        "  | {}{}",
        " ".repeat(before.chars().count()),
        "^".repeat(width)
    );
    if let Some(fix) = &finding.fix {
        let _ = writeln!(
            out,
            "  = fix ({}): replace {:?} with {:?}",
            fix.safety.as_str(),
            &text[finding.range.clone()],
            fix.apply_within(text, finding.range.clone())
        );
    }
}

fn tail_chars(text: &str, n: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(n)).collect()
}
