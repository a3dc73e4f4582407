//! `mtscrub fix`: repair, then print the text, print a diff, or rewrite the files.
//!
//! Every whole-file input is repaired before anything is printed or written, so an input that
//! cannot be read or repaired stops the run with nothing half-done. JSON Lines inputs are
//! repaired as a stream, record by record, in bounded memory; a record with no repair is
//! written back byte for byte, and one that is not JSON is noted and passed through.

use std::fmt::Write as _;

use mtscrub::ingest::Format;
use mtscrub::pipeline::{FixOutcome, RepairedText};
use mtscrub::repair::Safety;
use mtscrub::report::diff::{annotated_diff, DiffStyle, RepairNote};
use mtscrub::report::LineIndex;
use mtscrub::rules::Severity;
use mtscrub::{Engine, Options};
use rayon::prelude::*;

use super::args::FixArgs;
use super::input::{self, Found, Input, ReadAhead, Reading, Target};
use super::setup::Setup;
use super::write::{write_atomically, AtomicFile};
use super::{print, print_bytes, print_pieces, stream, Exit, Fatal};

/// A whole file repaired: its input, what `fix` made of it (the repaired text in the pieces it
/// was repaired in, printed without joining them), and its diff when one is asked for.
type Repaired = (Input, FixOutcome<RepairedText>, Option<String>);

/// What to do with a repaired input.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Print,
    Diff,
    Write,
}

/// Counts over the whole run, and the notes for standard error.
#[derive(Default)]
struct Tally {
    safe: usize,
    review: usize,
    unrepaired: usize,
    notes: String,
    /// Repairs applied per rule, and texts (records) changed, for `--stats-json`.
    by_rule: std::collections::BTreeMap<String, usize>,
    changed: usize,
}

impl Tally {
    /// Counts one repaired text; `line_base` is the line it starts on in its input.
    fn add(
        &mut self,
        label: &str,
        original: &str,
        outcome: &FixOutcome<RepairedText>,
        line_base: usize,
    ) {
        // Line indexes are built only for a text that has something to place.
        let mut index = None;
        for edit in &outcome.applied {
            match edit.safety {
                Safety::Safe => self.safe += 1,
                _ => self.review += 1,
            }
            *self.by_rule.entry(edit.rule.id.clone()).or_default() += 1;
        }
        self.changed += usize::from(outcome.output.differs_from(original));
        for dropped in &outcome.dropped {
            let at = index
                .get_or_insert_with(|| LineIndex::new(original))
                .position(dropped.range.start);
            let _ = writeln!(
                self.notes,
                "note: {label}:{}:{}: {} edit set aside in pass {}: it overlaps an edit by {}",
                at.line + line_base,
                at.column,
                dropped.rule.id,
                dropped.pass,
                dropped.kept_rule
            );
        }
        let output = outcome
            .remaining
            .iter()
            .any(|f| f.rule.severity >= Severity::Warning)
            .then(|| outcome.output.join(original));
        let mut output_index = None;
        for finding in &outcome.remaining {
            if let (Some(output), true) = (&output, finding.rule.severity >= Severity::Warning) {
                self.unrepaired += 1;
                let at = output_index
                    .get_or_insert_with(|| LineIndex::new(output))
                    .position(finding.range.start);
                let _ = writeln!(
                    self.notes,
                    "remaining: {label}:{}:{}: {} {}",
                    at.line + line_base,
                    at.column,
                    finding.rule.id,
                    finding.rule.message
                );
            }
        }
        for note in &outcome.notes {
            let _ = writeln!(
                self.notes,
                "note: {label}:{}: {}, left as it is",
                note.line + line_base,
                note.message
            );
        }
    }

    fn flush_notes(&mut self) {
        eprint!("{}", std::mem::take(&mut self.notes));
    }
}

pub fn run(args: &FixArgs) -> Result<Exit, Fatal> {
    let mode = if args.diff {
        Mode::Diff
    } else if args.write {
        Mode::Write
    } else {
        Mode::Print
    };
    let found = input::targets(
        &args.common.paths,
        args.common.input_format,
        &args.common.globs,
        mode != Mode::Print,
    );
    // A file written back is copied, so that what is compared before writing it is what was
    // read (see `Reading`).
    let reading = match mode {
        Mode::Write => Reading::Copy,
        Mode::Print | Mode::Diff => Reading::MapLarge,
    };
    let ahead = ReadAhead::start(
        &found.iter().filter_map(Found::target).collect::<Vec<_>>(),
        reading,
    );
    let mut setup = Setup::new(&args.common)?;
    if args.write && args.common.paths.iter().all(|p| p.as_os_str() == "-") {
        return Err(Fatal("--write needs file paths, not standard input".into()));
    }
    let mut targets = Vec::new();
    for found in found {
        match found {
            Found::Target(target) => targets.push(target),
            Found::Skipped(note) => eprintln!("note: {note}"),
            Found::Error(message) => return Err(Fatal(message)),
        }
    }

    // Repair every whole file first, on the pool's threads: a bad one stops the run before
    // anything is written (the first in input order, if several are).
    let mut whole = Vec::new();
    for target in &targets {
        let read = ahead.take();
        if target.format == Format::Jsonl {
            whole.push(None);
            continue;
        }
        let (choice, options) = setup.prepare(target.path.as_deref())?;
        whole.push(Some((
            choice,
            options,
            read.unwrap_or_else(|| target.read(reading)),
        )));
    }
    // With `--diff`, each file's diff is drawn on the same thread that repaired it.
    let diff = |input: &Input, outcome: &FixOutcome<RepairedText>| {
        (mode == Mode::Diff).then(|| {
            annotated_diff(
                &input.label,
                &input.text,
                &outcome.output.join(&input.text),
                &repair_notes(outcome, 0),
                diff_style(),
            )
        })
    };
    let repaired: Vec<Option<Result<Repaired, String>>> = whole
        .into_par_iter()
        .map(|whole| {
            whole.map(|(choice, options, input)| {
                let input = input?;
                let options = Options {
                    format: input.format,
                    ..options
                };
                let outcome = setup
                    .built(&choice)
                    .fix_in_pieces(&input.text, &options)
                    .map_err(|e| format!("{}: {e}", input.label))?;
                let diff = diff(&input, &outcome);
                Ok((input, outcome, diff))
            })
        })
        .collect();
    let repaired = repaired
        .into_iter()
        .map(Option::transpose)
        .collect::<Result<Vec<_>, String>>()
        .map_err(Fatal)?;

    let mut tally = Tally::default();
    for (target, repaired) in targets.iter().zip(repaired) {
        match repaired {
            Some((input, outcome, diff)) => {
                tally.add(&input.label, &input.text, &outcome, 0);
                match mode {
                    Mode::Print => print_pieces(
                        outcome
                            .output
                            .pieces(&input.text)
                            .map(|piece| input.encoding.encode(piece)),
                    ),
                    Mode::Diff => print(&diff.unwrap_or_default()),
                    Mode::Write => {
                        if let (Some(path), true) =
                            (&input.path, outcome.output.differs_from(&input.text))
                        {
                            write_atomically(
                                path,
                                input.bytes_as_read(),
                                input.encoding.encode(&outcome.output.join(&input.text)),
                            )
                            .map_err(Fatal)?;
                        }
                    }
                }
            }
            None => {
                let (engine, options) = setup.for_target(target.path.as_deref())?;
                let options = Options {
                    format: Format::Jsonl,
                    ..options
                };
                fix_stream(engine, &options, target, mode, &mut tally).map_err(Fatal)?;
            }
        }
        tally.flush_notes();
    }
    eprintln!(
        "Applied {} repair{} ({} safe, {} review); {} finding{} left.",
        tally.safe + tally.review,
        if tally.safe + tally.review == 1 {
            ""
        } else {
            "s"
        },
        tally.safe,
        tally.review,
        tally.unrepaired,
        if tally.unrepaired == 1 { "" } else { "s" },
    );
    if let Some(path) = &args.common.stats_json {
        super::check::write_stats(
            path,
            &tally.by_rule,
            tally.safe + tally.review,
            tally.changed,
        )
        .map_err(Fatal)?;
    }
    // JSON Lines on standard input is a pipeline stage: processed means success.
    let pipe_stage = args.common.paths.iter().all(|p| p.as_os_str() == "-")
        && args.common.input_format == Some(super::args::InputFormat::Jsonl);
    let quiet = args.exit_zero || (pipe_stage && !args.common.fail_on_findings);
    Ok(if tally.unrepaired > 0 && !quiet {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// A JSON Lines input, repaired record by record and written in input order.
fn fix_stream(
    engine: &Engine,
    options: &Options,
    target: &Target,
    mode: Mode,
    tally: &mut Tally,
) -> Result<(), String> {
    let label = target.label.clone();
    if target
        .size()
        .is_none_or(|size| size >= stream::LONG_STREAM_BYTES)
    {
        engine.expect_long_input();
    }
    let mut file = match (mode, &target.path) {
        (Mode::Write, Some(path)) => Some(AtomicFile::create(path)?),
        _ => None,
    };
    let mut original = String::new();
    let mut fixed = String::new();
    let mut notes = Vec::new();
    let mut changed = false;
    stream::run(
        target.open()?,
        |record| {
            record
                .text()
                .map(|text| engine.fix_in_pieces(text, options))
        },
        |records, results| {
            let mut out: Vec<u8> = Vec::new();
            for (record, result) in records.iter().zip(results) {
                match result {
                    Some(Ok(outcome)) => {
                        let text = record.text().expect("checked");
                        tally.add(&label, text, &outcome, record.line - 1);
                        changed |= outcome.output.differs_from(text);
                        if mode == Mode::Diff {
                            notes.extend(repair_notes(&outcome, record.offset));
                        }
                        for piece in outcome.output.pieces(text) {
                            out.extend_from_slice(piece.as_bytes());
                        }
                    }
                    Some(Err(e)) => {
                        let _ = writeln!(
                            tally.notes,
                            "note: {label}:{}: {e}, left as it is",
                            record.line
                        );
                        out.extend_from_slice(record.bytes());
                    }
                    None => {
                        let _ = writeln!(
                            tally.notes,
                            "note: {label}:{}: not UTF-8, left as it is",
                            record.line
                        );
                        out.extend_from_slice(record.bytes());
                    }
                }
                out.extend_from_slice(record.terminator.as_bytes());
            }
            tally.flush_notes();
            match mode {
                Mode::Print => print_bytes(&out),
                Mode::Write => {
                    if let Some(file) = file.as_mut() {
                        file.write_all(&out)?;
                    }
                }
                Mode::Diff => {
                    for record in records {
                        original.push_str(&String::from_utf8_lossy(record.bytes()));
                        original.push_str(record.terminator);
                    }
                    fixed.push_str(&String::from_utf8_lossy(&out));
                }
            }
            Ok(())
        },
        &target.label,
        target.size(),
    )?;
    match mode {
        Mode::Diff => print(&annotated_diff(
            &label,
            &original,
            &fixed,
            &notes,
            diff_style(),
        )),
        Mode::Write => {
            if let Some(file) = file {
                if changed {
                    file.commit()?;
                }
            }
        }
        Mode::Print => {}
    }
    Ok(())
}

/// The rules behind a text's repairs, at their original bytes (shifted by `offset`, where the
/// text starts in its input).
fn repair_notes(outcome: &FixOutcome<RepairedText>, offset: usize) -> Vec<RepairNote> {
    outcome
        .applied
        .iter()
        .map(|edit| RepairNote {
            range: edit.range.start + offset..edit.range.end + offset,
            rule: edit.rule.id.clone(),
        })
        .collect()
}

/// Diffs are coloured on a terminal, and always show invisible characters by name.
fn diff_style() -> DiffStyle {
    DiffStyle {
        styled: super::colour_stdout(),
        show_invisible: true,
    }
}
