//! `mtscrub check`: report findings.

use std::fmt::Write as _;

use mtscrub::detect::Finding;
use mtscrub::report::{FindingRecord, LineIndex};
use mtscrub::rules::Severity;

use super::args::{CheckArgs, OutputFormat};
use super::{engine_and_options, input, print, print_error, Exit, Fatal};

/// Characters of context shown on each side of a finding.
const CONTEXT_CHARS: usize = 40;

pub fn run(args: &CheckArgs) -> Result<Exit, Fatal> {
    let (engine, options) = engine_and_options(&args.common)?;
    let mut records = Vec::new();
    let mut text_out = String::new();
    let mut failing = 0usize;
    let mut fixable = 0usize;
    let mut total = 0usize;
    let mut errors = false;

    for input in input::read_all(&args.common.paths, args.common.input_format) {
        let input = match input {
            Ok(input) => input,
            Err(message) => {
                print_error(&message);
                errors = true;
                continue;
            }
        };
        let options = mtscrub::Options {
            format: input.format,
            ..options.clone()
        };
        let analysis = match engine.check(&input.text, &options) {
            Ok(analysis) => analysis,
            Err(e) => {
                print_error(&format!("{}: {e}", input.label));
                errors = true;
                continue;
            }
        };
        let index = LineIndex::new(&input.text);
        for finding in &analysis.findings {
            total += 1;
            failing += usize::from(finding.rule.severity >= Severity::Warning);
            let applicable = finding.fix.as_ref().is_some_and(|f| {
                f.safety == mtscrub::repair::Safety::Safe
                    || (f.safety == mtscrub::repair::Safety::Review && !args.common.safe_only)
            });
            fixable += usize::from(applicable);
            match args.output_format {
                OutputFormat::Json => records.push(FindingRecord::new(
                    &input.label,
                    &input.text,
                    &index,
                    finding,
                )),
                OutputFormat::Text => {
                    describe(&mut text_out, &input.label, &input.text, &index, finding)
                }
            }
        }
    }

    match args.output_format {
        OutputFormat::Json => {
            let mut json = serde_json::to_string_pretty(&records)?;
            json.push('\n');
            print(&json);
        }
        OutputFormat::Text => {
            if total > 0 {
                let _ = writeln!(
                    text_out,
                    "Found {total} finding{} ({fixable} fixable with `mtscrub fix`).",
                    if total == 1 { "" } else { "s" }
                );
            }
            print(&text_out);
        }
    }
    Ok(if errors {
        Exit::Error
    } else if failing > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// `path:line:column: RULE message`, then the line around the finding with the span marked,
/// then the repair and its tier.
fn describe(out: &mut String, label: &str, text: &str, index: &LineIndex, finding: &Finding) {
    let start = index.position(finding.range.start);
    let _ = writeln!(
        out,
        "{label}:{}:{}: {} {}",
        start.line, start.column, finding.rule.id, finding.rule.message
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
