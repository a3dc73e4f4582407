//! `mtscrub fix`: repair, then print the text, print a diff, or rewrite the files.
//!
//! Every input is repaired before anything is printed or written, so an input that cannot be
//! read or repaired stops the run with nothing half-done.

use std::fmt::Write as _;

use mtscrub::pipeline::FixOutcome;
use mtscrub::repair::Safety;
use mtscrub::report::{unified_diff, LineIndex};
use mtscrub::rules::Severity;

use super::args::FixArgs;
use super::input::{self, Input};
use super::write::write_atomically;
use super::{engine_and_options, print, Exit, Fatal};

pub fn run(args: &FixArgs) -> Result<Exit, Fatal> {
    let (engine, options) = engine_and_options(&args.common)?;
    if args.write && args.common.paths.iter().all(|p| p.as_os_str() == "-") {
        return Err(Fatal("--write needs file paths, not standard input".into()));
    }

    let mut results: Vec<(Input, FixOutcome)> = Vec::new();
    for input in input::read_all(&args.common.paths, args.common.input_format) {
        let input = input.map_err(Fatal)?;
        let options = mtscrub::Options {
            format: input.format,
            ..options.clone()
        };
        let outcome = engine
            .fix(&input.text, &options)
            .map_err(|e| Fatal(format!("{}: {e}", input.label)))?;
        results.push((input, outcome));
    }

    let mut stdout = String::new();
    let mut notes = String::new();
    let mut unrepaired = 0usize;
    let (mut safe, mut review) = (0usize, 0usize);
    for (input, outcome) in &results {
        let index = LineIndex::new(&input.text);
        for edit in &outcome.applied {
            match edit.safety {
                Safety::Safe => safe += 1,
                _ => review += 1,
            }
        }
        for dropped in &outcome.dropped {
            let at = index.position(dropped.range.start);
            let _ = writeln!(
                notes,
                "note: {}:{}:{}: {} edit set aside in pass {}: it overlaps an edit by {}",
                input.label, at.line, at.column, dropped.rule.id, dropped.pass, dropped.kept_rule
            );
        }
        let output_index = LineIndex::new(&outcome.output);
        for finding in &outcome.remaining {
            if finding.rule.severity >= Severity::Warning {
                unrepaired += 1;
                let at = output_index.position(finding.range.start);
                let _ = writeln!(
                    notes,
                    "remaining: {}:{}:{}: {} {}",
                    input.label, at.line, at.column, finding.rule.id, finding.rule.message
                );
            }
        }
        if args.diff {
            stdout.push_str(&unified_diff(&input.label, &input.text, &outcome.output));
        } else if args.write {
            if let Some(path) = &input.path {
                if outcome.output != input.text {
                    write_atomically(path, &outcome.output).map_err(Fatal)?;
                }
            }
        } else {
            stdout.push_str(&outcome.output);
        }
    }
    print(&stdout);
    let _ = writeln!(
        notes,
        "Applied {} repair{} ({safe} safe, {review} review); {unrepaired} finding{} left.",
        safe + review,
        if safe + review == 1 { "" } else { "s" },
        if unrepaired == 1 { "" } else { "s" },
    );
    eprint!("{notes}");
    Ok(if unrepaired > 0 && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Clean
    })
}
