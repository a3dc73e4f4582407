//! `mtscrub check`: report findings.
//!
//! Whole files are checked in one piece; JSON Lines inputs are checked record by record as a
//! stream. Either way findings go to one [`Report`], which formats them and keeps the counts
//! the summary line and the exit code need.

use std::fmt::Write as _;

use mtscrub::detect::Finding;
use mtscrub::ingest::Format;
use mtscrub::repair::Safety;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use mtscrub::pipeline::Analysis;
use mtscrub::report::sarif::{github_annotation, sarif_log};
use mtscrub::report::snippet::{render_finding, write_finding_line};
use mtscrub::report::{FindingRecord, LineIndex};
use mtscrub::rules::Ruleset;
use mtscrub::rules::Severity;
use mtscrub::{Engine, Options};

use super::args::{CheckArgs, OutputFormat};
use super::input::{self, Found, Input, ReadAhead, Reading, Target};
use super::setup::{RuleChoice, Setup};
use super::{print, print_error, stream, Exit, Fatal};

pub fn run(args: &CheckArgs) -> Result<Exit, Fatal> {
    let found = input::targets(
        &args.common.paths,
        args.common.input_format,
        &args.common.globs,
        true,
    );
    let ahead = ReadAhead::start(
        &found.iter().filter_map(Found::target).collect::<Vec<_>>(),
        Reading::MapLarge,
    );
    let mut setup = Setup::new(&args.common)?;
    let started = std::time::Instant::now();
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::read(path).map_err(Fatal)?.counts()),
        None => None,
    };
    let mut report = Report {
        format: args.output_format,
        safe_only: args.common.safe_only,
        styled: super::colour_stdout(),
        statistics: args.statistics,
        baseline,
        recording: args.write_baseline.is_some(),
        ..Report::default()
    };
    let mut errors = false;
    // Whole files are checked a batch at a time on the pool's threads, and reported in order.
    let mut batch = Batch::default();
    for found in found {
        let target = match found {
            Found::Target(target) => target,
            Found::Skipped(note) => {
                errors |= batch.drain(&setup, &mut report);
                eprintln!("note: {note}");
                continue;
            }
            Found::Error(message) => {
                batch.drain(&setup, &mut report);
                print_error(&message);
                errors = true;
                continue;
            }
        };
        let (choice, options) = setup.prepare(target.path.as_deref())?;
        let options = Options {
            format: target.format,
            ..options
        };
        report.files += 1;
        let read = ahead.take();
        if target.format == Format::Jsonl {
            errors |= batch.drain(&setup, &mut report);
            if let Err(message) = check_stream(setup.built(&choice), &options, &target, &mut report)
            {
                print_error(&message);
                errors = true;
            }
            continue;
        }
        batch.add(
            choice,
            options,
            read.unwrap_or_else(|| target.read(Reading::MapLarge)),
        );
        if batch.is_full() {
            errors |= batch.check(&setup, &mut report);
        }
    }
    errors |= batch.drain(&setup, &mut report);
    let (engine, _) = setup.for_target(None)?;
    report.finish(started.elapsed(), engine.rules());
    // Counts and a baseline from a run that could not read all its input would be wrong: when
    // an input was refused, files that hold them from an earlier run are left as they are.
    let outputs = [&args.common.stats_json, &args.write_baseline];
    if errors {
        for path in outputs.into_iter().flatten() {
            eprintln!(
                "note: {} not written: an input could not be checked",
                path.display()
            );
        }
    } else {
        if let Some(path) = &args.common.stats_json {
            write_stats(path, &report.by_rule, report.total, report.records_changed)
                .map_err(Fatal)?;
        }
        if let Some(path) = &args.write_baseline {
            let baseline = Baseline {
                version: 1,
                findings: std::mem::take(&mut report.recorded),
            };
            let json = serde_json::to_string_pretty(&baseline).expect("baseline serialises") + "\n";
            std::fs::write(path, json)
                .map_err(|e| Fatal(format!("{}: {}", path.display(), input::io_message(&e))))?;
        }
    }
    // JSON Lines on standard input is a pipeline stage: processed means success.
    let pipe_stage = args.common.paths.iter().all(|p| p.as_os_str() == "-")
        && args.common.input_format == Some(super::args::InputFormat::Jsonl);
    if pipe_stage && !args.common.fail_on_findings && !errors {
        return Ok(Exit::Clean);
    }
    Ok(if errors {
        Exit::Error
    } else if report.failing > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// Most whole files, and most of their bytes, checked together: enough files for the pool's
/// threads to share when they are small, few enough that memory stays bounded.
const BATCH_FILES: usize = 64;
const BATCH_BYTES: usize = 16 << 20;

/// Whole-file inputs waiting to be checked together, each with its rules and options, or the
/// error reading it gave; and the inputs of the batch before, checked, waiting to be reported.
#[derive(Default)]
struct Batch {
    inputs: Vec<(RuleChoice, Options, Result<Input, String>)>,
    bytes: usize,
    checked: Vec<Result<Checked, String>>,
}

/// An input checked: its findings, and their drawing when it was made on the thread that
/// checked it (see [`Report::predraw`]).
struct Checked {
    input: Input,
    analysis: Analysis,
    drawn: Option<String>,
}

impl Batch {
    fn add(&mut self, choice: RuleChoice, options: Options, input: Result<Input, String>) {
        self.bytes += input.as_ref().map_or(0, |input| input.text.len());
        self.inputs.push((choice, options, input));
    }

    fn is_full(&self) -> bool {
        self.inputs.len() >= BATCH_FILES || self.bytes >= BATCH_BYTES
    }

    /// Checks the waiting inputs on the pool's threads (a long one is also read in parallel
    /// pieces) while the batch before is reported on a thread of its own. Drawing findings is
    /// a good part of the work: the findings of a file with few are drawn by the thread that
    /// checked it, so that the drawing of many small files is shared by the pool's threads
    /// instead of falling to the one that reports. (With one worker thread, as a task given
    /// one core asks, the batch before is reported first.) Whether any input of the batch
    /// reported could not be read or checked.
    fn check(&mut self, setup: &Setup, report: &mut Report) -> bool {
        let inputs = std::mem::take(&mut self.inputs);
        self.bytes = 0;
        let before = std::mem::take(&mut self.checked);
        let predraw = report.predraw();
        let check = || {
            inputs
                .into_par_iter()
                .map(|(choice, options, input)| {
                    let input = input?;
                    let analysis = setup
                        .built(&choice)
                        .check(&input.text, &options)
                        .map_err(|e| format!("{}: {e}", input.label))?;
                    let drawn = predraw
                        .filter(|_| analysis.findings.len() < RENDER_IN_PARALLEL)
                        .map(|styled| draw(&input.label, &input.text, &analysis.findings, styled));
                    Ok(Checked {
                        input,
                        analysis,
                        drawn,
                    })
                })
                .collect()
        };
        let errors = if rayon::current_num_threads() == 1 {
            let errors = report_checked(before, report);
            self.checked = check();
            errors
        } else {
            std::thread::scope(|scope| {
                let reported = scope.spawn(|| report_checked(before, report));
                self.checked = check();
                reported.join().expect("reporting does not panic")
            })
        };
        errors
    }

    /// Checks and reports every input waiting, leaving nothing behind: before anything else is
    /// printed, so that the output keeps the order of the inputs.
    fn drain(&mut self, setup: &Setup, report: &mut Report) -> bool {
        let errors = self.check(setup, report);
        errors | report_checked(std::mem::take(&mut self.checked), report)
    }
}

/// The findings of `text` (a whole file) drawn as text output, in order: what
/// [`Report::count_and_render`] writes for them when it leaves none out.
fn draw(label: &str, text: &str, findings: &[Finding], styled: bool) -> String {
    let index = LineIndex::new(text);
    findings
        .iter()
        .map(|finding| render_finding(label, text, &index, 0, finding, styled))
        .collect()
}

/// Reports checked inputs in order; whether any could not be read or checked.
fn report_checked(checked: Vec<Result<Checked, String>>, report: &mut Report) -> bool {
    let mut errors = false;
    for result in checked {
        match result {
            Ok(Checked {
                input,
                analysis,
                drawn,
            }) => {
                report.add(&input.label, &input.text, 0, 0, &analysis.findings, drawn);
                report.flush();
            }
            Err(message) => {
                print_error(&message);
                errors = true;
            }
        }
    }
    errors
}

/// A JSON Lines input, record by record: line numbers and byte offsets are the file's.
fn check_stream(
    engine: &Engine,
    options: &Options,
    target: &Target,
    report: &mut Report,
) -> Result<(), String> {
    let label = target.label.clone();
    if target
        .size()
        .is_none_or(|size| size >= stream::LONG_STREAM_BYTES)
    {
        engine.expect_long_input();
    }
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
                        // A record that is not JSON goes on unchanged, below.
                        if report.format == OutputFormat::Jsonl && analysis.notes.is_empty() {
                            report.add_record(&label, text, record, &analysis.findings);
                            continue;
                        }
                        if report.format != OutputFormat::Jsonl {
                            report.add(
                                &label,
                                text,
                                record.line - 1,
                                record.offset,
                                &analysis.findings,
                                None,
                            );
                            continue;
                        }
                    }
                }
                // A line that could not be read goes on unchanged.
                if report.format == OutputFormat::Jsonl {
                    report.flush();
                    let mut raw = record.bytes().to_vec();
                    raw.extend_from_slice(record.terminator.as_bytes());
                    super::print_bytes(&raw);
                }
            }
            report.flush();
            Ok(())
        },
        &target.label,
        target.size(),
    )
}

/// Findings on their way out, with the counts for the summary and the exit code.
#[derive(Default)]
struct Report {
    format: OutputFormat,
    safe_only: bool,
    /// Colour the human output (a terminal, and NO_COLOR unset).
    styled: bool,
    files: usize,
    /// Findings by severity: error, warning, info.
    by_severity: [usize; 3],
    /// Print counts per rule and per language at the end.
    statistics: bool,
    by_rule: BTreeMap<String, usize>,
    by_language: BTreeMap<String, usize>,
    /// Known findings to leave out (with how many of each), and how many were left out.
    baseline: Option<HashMap<BaselineEntry, usize>>,
    baselined: usize,
    /// Record every finding for `--write-baseline`.
    recording: bool,
    recorded: Vec<BaselineEntry>,
    /// JSON Lines records `fix` would change.
    records_changed: usize,
    /// Findings for `--output-format json`, printed as one array at the end.
    records: Vec<FindingRecord>,
    /// Text waiting to be printed.
    pending: String,
    total: usize,
    failing: usize,
    fixable: usize,
}

/// Findings drawn together, at most: the drawings of one chunk are held until written.
const RENDER_CHUNK: usize = 4096;
/// Drawn findings held before they are written.
const WRITE_BYTES: usize = 1 << 20;
/// Fewest findings worth handing to the thread pool.
const RENDER_IN_PARALLEL: usize = 64;

impl Report {
    /// Adds the findings of one file (or record): `text` starts at line `line_base + 1` and
    /// byte `byte_base` of the input. In `jsonl` output, one line for the file.
    /// `drawn`: the findings already drawn, as [`draw`] draws them when
    /// [`Report::predraw`] allows.
    fn add(
        &mut self,
        label: &str,
        text: &str,
        line_base: usize,
        byte_base: usize,
        findings: &[Finding],
        drawn: Option<String>,
    ) {
        let records = self.count_and_render(label, text, line_base, byte_base, findings, drawn);
        if self.format == OutputFormat::Jsonl {
            let line = serde_json::json!({
                "path": label,
                "line": line_base + 1,
                "findings": records,
            });
            let _ = writeln!(self.pending, "{line}");
        }
    }

    /// A JSON Lines record for `--output-format jsonl`: the record as it came, with a
    /// `mtscrub` field added (its findings, rule ids, counts per rule, whether `fix` would change
    /// it, and a stable hash of its bytes) for downstream filters and aggregations.
    fn add_record(
        &mut self,
        label: &str,
        text: &str,
        record: &stream::Record,
        findings: &[Finding],
    ) {
        let records =
            self.count_and_render(label, text, record.line - 1, record.offset, findings, None);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &records {
            *counts.entry(r.rule.as_str()).or_default() += 1;
        }
        let changed = records.iter().any(|r| {
            matches!(r.safety.as_deref(), Some("safe"))
                || (matches!(r.safety.as_deref(), Some("review")) && !self.safe_only)
        });
        self.records_changed += usize::from(changed);
        let extra = serde_json::json!({
            "findings": records,
            "rules": counts.keys().collect::<Vec<_>>(),
            "counts": counts,
            "changed": changed,
            "hash": sha256_hex(text.as_bytes()),
        });
        let trimmed = text.trim_end();
        match trimmed.strip_suffix('}') {
            Some(body) if trimmed.trim_start().starts_with('{') => {
                let empty = body.trim_start().trim_start_matches('{').trim().is_empty();
                let separator = if empty { "" } else { "," };
                let _ = write!(self.pending, "{body}{separator}\"mtscrub\":{extra}}}");
            }
            _ => self.pending.push_str(text),
        }
        self.pending.push_str(record.terminator);
    }

    /// Whether findings can be drawn before they are reported, on the thread that found
    /// them, and if so whether in colour: text output, with no baseline to leave any out or
    /// to record, so that every finding is drawn, as [`draw`] draws them.
    fn predraw(&self) -> Option<bool> {
        (self.format == OutputFormat::Text && self.baseline.is_none() && !self.recording)
            .then_some(self.styled)
    }

    /// Counts the findings not in the baseline and renders them in the output format (or
    /// writes `drawn`, their drawing made beforehand); returns their records for the `jsonl`
    /// forms.
    fn count_and_render(
        &mut self,
        label: &str,
        text: &str,
        line_base: usize,
        byte_base: usize,
        findings: &[Finding],
        drawn: Option<String>,
    ) -> Vec<FindingRecord> {
        let index = LineIndex::new(text);
        let mut reported: Vec<&Finding> = Vec::with_capacity(findings.len());
        for finding in findings {
            // A finding's baseline entry (its line's text, hashed) only when a baseline is read
            // or written: most runs have none, and most of what they report is counted here.
            if self.baseline.is_some() || self.recording {
                let entry = BaselineEntry::of(label, text, finding);
                if let Some(count) = self.baseline.as_mut().and_then(|b| b.get_mut(&entry)) {
                    if *count > 0 {
                        *count -= 1;
                        self.baselined += 1;
                        continue;
                    }
                }
                if self.recording {
                    self.recorded.push(entry);
                }
            }
            self.total += 1;
            self.failing += usize::from(finding.rule.severity >= Severity::Warning);
            self.by_severity[match finding.rule.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
            count_in(&mut self.by_rule, &finding.rule.id);
            count_in(&mut self.by_language, finding.lang);
            let applicable = finding.fix.as_ref().is_some_and(|f| {
                f.safety == Safety::Safe || (f.safety == Safety::Review && !self.safe_only)
            });
            self.fixable += usize::from(applicable);
            reported.push(finding);
        }
        let mut line_records = Vec::new();
        if self.format == OutputFormat::Concise {
            for finding in reported {
                write_finding_line(&mut self.pending, label, &index, line_base, finding);
                if self.pending.len() >= WRITE_BYTES {
                    self.flush();
                }
            }
            return line_records;
        }
        if let Some(drawn) = drawn {
            self.pending.push_str(&drawn);
            return line_records;
        }
        if self.format == OutputFormat::Text {
            // Drawn on every thread of the pool, a chunk at a time, and written in order.
            let styled = self.styled;
            let render = |finding: &&Finding| {
                render_finding(label, text, &index, line_base, finding, styled)
            };
            for chunk in reported.chunks(RENDER_CHUNK) {
                let rendered: Vec<String> = if chunk.len() < RENDER_IN_PARALLEL {
                    chunk.iter().map(render).collect()
                } else {
                    chunk.par_iter().map(render).collect()
                };
                for finding in rendered {
                    self.pending.push_str(&finding);
                }
                // Written as it is drawn: the drawing of a large file's findings is not held
                // whole (half a gigabyte for a gigabyte of this corpus), so memory does not
                // grow with it.
                if self.pending.len() >= WRITE_BYTES {
                    self.flush();
                }
            }
            return line_records;
        }
        for finding in reported {
            let mut record = FindingRecord::new(label, text, &index, finding);
            record.line += line_base;
            record.end_line += line_base;
            record.byte_start += byte_base;
            record.byte_end += byte_base;
            match self.format {
                OutputFormat::Text | OutputFormat::Concise => unreachable!("written above"),
                OutputFormat::Json | OutputFormat::Sarif => self.records.push(record),
                OutputFormat::Jsonl => line_records.push(record),
                OutputFormat::Github => {
                    let _ = writeln!(self.pending, "{}", github_annotation(&record));
                }
            }
        }
        line_records
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            print(&self.pending);
            self.pending.clear();
        }
    }

    fn finish(&mut self, elapsed: std::time::Duration, rules: &Ruleset) {
        match self.format {
            OutputFormat::Sarif => {
                let mut json = serde_json::to_string_pretty(&sarif_log(&self.records, rules))
                    .expect("SARIF serialises");
                json.push('\n');
                print(&json);
            }
            OutputFormat::Json => {
                let mut json =
                    serde_json::to_string_pretty(&self.records).expect("records serialise");
                json.push('\n');
                print(&json);
            }
            OutputFormat::Text | OutputFormat::Concise if self.total > 0 => {
                let [errors, warnings, infos] = self.by_severity;
                let _ = writeln!(
                    self.pending,
                    "Found {} finding{} in {} file{} ({errors} error{}, {warnings} warning{}, {infos} info); {} fixable with `mtscrub fix`; {} ms.",
                    self.total,
                    plural(self.total),
                    self.files,
                    plural(self.files),
                    plural(errors),
                    plural(warnings),
                    self.fixable,
                    elapsed.as_millis()
                );
            }
            _ => {}
        }
        if self.baselined > 0 {
            eprintln!(
                "{} known finding{} left out (baseline).",
                self.baselined,
                plural(self.baselined)
            );
        }
        if self.statistics {
            let mut table = String::new();
            for (title, counts) in [("rule", &self.by_rule), ("language", &self.by_language)] {
                let _ = writeln!(table, "{:>8}  {title}", "findings");
                let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
                rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                for (name, count) in rows {
                    let _ = writeln!(table, "{count:>8}  {name}");
                }
            }
            if matches!(self.format, OutputFormat::Text | OutputFormat::Concise) {
                self.pending.push_str(&table);
            } else {
                eprint!("{table}");
            }
        }
        self.flush();
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Findings a corpus is known to have, so that CI fails on new ones only.
///
/// An entry is keyed by what the finding is and the words around it, not by its position, so
/// edits elsewhere in a file do not invalidate it; the same finding twice is two entries.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    version: u32,
    findings: Vec<BaselineEntry>,
}

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
struct BaselineEntry {
    path: String,
    rule: String,
    /// The finding's text.
    text: String,
    /// Up to [`BASELINE_CONTEXT`] characters on each side, on the finding's line.
    context: String,
}

const BASELINE_CONTEXT: usize = 24;

impl BaselineEntry {
    fn of(label: &str, text: &str, finding: &Finding) -> BaselineEntry {
        let range = finding.range.clone();
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i);
        let before: String = {
            let chars: Vec<char> = text[line_start..range.start].chars().collect();
            chars[chars.len().saturating_sub(BASELINE_CONTEXT)..]
                .iter()
                .collect()
        };
        let after: String = text[range.end..line_end]
            .chars()
            .take(BASELINE_CONTEXT)
            .collect();
        BaselineEntry {
            path: label.to_string(),
            rule: finding.rule.id.clone(),
            text: text[range].to_string(),
            context: format!("{before}\u{2038}{after}"),
        }
    }
}

impl Baseline {
    fn read(path: &std::path::Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {}", path.display(), input::io_message(&e)))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// How many times each entry is recorded.
    fn counts(self) -> HashMap<BaselineEntry, usize> {
        let mut counts = HashMap::new();
        for entry in self.findings {
            *counts.entry(entry).or_insert(0) += 1;
        }
        counts
    }
}

/// The SHA-256 of `bytes` in hex: a record's stable content hash.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `--stats-json`: per-rule counts at the end of a run, in a form partitions can sum.
pub fn write_stats(
    path: &std::path::Path,
    by_rule: &BTreeMap<String, usize>,
    findings: usize,
    changed: usize,
) -> Result<(), String> {
    let stats = serde_json::json!({
        "findings": findings,
        "records_changed": changed,
        "rules": by_rule,
    });
    std::fs::write(path, format!("{stats}\n"))
        .map_err(|e| format!("{}: {}", path.display(), input::io_message(&e)))
}

/// Adds one to `key`'s count, allocating the key only the first time it is counted.
fn count_in(counts: &mut BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}
