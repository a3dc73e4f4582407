//! `mtscrub apply`: replay the decisions made on a review page.
//!
//! The decisions file says which repairs an editor accepted, but the repairs themselves are
//! computed again here from each file with the rules and options given, so what is applied is
//! what mtscrub would offer now. Two checks keep that honest: the file's SHA-256 must be the
//! one recorded at review (an edited file is refused, since the editor never saw its repairs),
//! and every decision must name a repair of the recomputed list (other rules or options would
//! offer other repairs). Every file is checked before anything is printed or written.

use std::path::{Path, PathBuf};

use mtscrub::report::review::{sha256_hex, Decisions, FileDecisions, RepairList};
use mtscrub::Options;

use super::args::ApplyArgs;
use super::input::{self, io_message, Found, Reading};
use super::write::write_atomically;
use super::{engine_and_options, print, Exit, Fatal};

pub fn run(args: &ApplyArgs) -> Result<Exit, Fatal> {
    let (engine, options) = engine_and_options(&args.common)?;
    if args.write && args.common.paths.iter().all(|p| p.as_os_str() == "-") {
        return Err(Fatal("--write needs file paths, not standard input".into()));
    }
    let decisions = read_decisions(&args.decisions)?;

    let mut results = Vec::new();
    let (mut accepted, mut rejected, mut undecided) = (0, 0, 0);
    let found = input::targets(
        &args.common.paths,
        args.common.input_format,
        &args.common.globs,
        args.write,
    );
    for found in found {
        let target = match found {
            Found::Target(target) => target,
            Found::Skipped(note) => {
                eprintln!("note: {note}");
                continue;
            }
            Found::Error(message) => return Err(Fatal(message)),
        };
        let input = target.read(Reading::Copy).map_err(Fatal)?;
        let sha256 = sha256_hex(input.text.as_bytes());
        let Some(entry) = entry_for(&decisions, &input.label, input.path.as_deref(), &sha256)
        else {
            return Err(Fatal(format!(
                "{}: {} has no decisions for this file",
                input.label,
                args.decisions.display()
            )));
        };
        if entry.sha256 != sha256 {
            return Err(Fatal(format!(
                "{}: changed since it was reviewed (its SHA-256 differs from {}); review it again",
                input.label,
                args.decisions.display()
            )));
        }
        let options = Options {
            format: input.format,
            ..options.clone()
        };
        let analysis = engine
            .check(&input.text, &options)
            .map_err(|e| Fatal(format!("{}: {e}", input.label)))?;
        let list = RepairList::new(&input.text, &analysis.findings);
        let chosen = list
            .decide(&entry.repairs)
            .map_err(|e| Fatal(format!("{}: {e}", input.label)))?;
        let decided = entry.repairs.len();
        let taken = chosen.iter().filter(|&&c| c).count();
        accepted += taken;
        rejected += decided - taken;
        undecided += list.repairs.len() - decided;
        let output = list.apply(&input.text, |r| chosen[r.id]);
        results.push((input, output));
    }

    for (input, output) in &results {
        if args.write {
            if let (Some(path), true) = (&input.path, **output != *input.text) {
                write_atomically(path, input.bytes_as_read(), input.encoding.encode(output))
                    .map_err(Fatal)?;
            }
        } else {
            print(output);
        }
    }
    eprintln!(
        "Applied {accepted} repair{}; {rejected} rejected{}.",
        if accepted == 1 { "" } else { "s" },
        if undecided > 0 {
            format!(", {undecided} without a decision left out")
        } else {
            String::new()
        }
    );
    Ok(Exit::Clean)
}

fn read_decisions(path: &Path) -> Result<Decisions, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal(format!("{}: {}", path.display(), io_message(&e))))?;
    let decisions: Decisions = serde_json::from_str(&text)
        .map_err(|e| Fatal(format!("{}: not a decisions file: {e}", path.display())))?;
    if decisions.version != mtscrub::report::review::DECISIONS_VERSION {
        return Err(Fatal(format!(
            "{}: decisions file version {} is not supported (expected {})",
            path.display(),
            decisions.version,
            mtscrub::report::review::DECISIONS_VERSION
        )));
    }
    Ok(decisions)
}

/// The decisions for an input: the entry with its label, else the entry for the same file
/// named another way, else (for an input read under another name, such as standard input)
/// the one entry made on exactly this content.
fn entry_for<'a>(
    decisions: &'a Decisions,
    label: &str,
    path: Option<&Path>,
    sha256: &str,
) -> Option<&'a FileDecisions> {
    let canonical = |p: &Path| -> Option<PathBuf> { std::fs::canonicalize(p).ok() };
    let own = path.and_then(canonical);
    decisions
        .files
        .iter()
        .find(|e| e.path == label)
        .or_else(|| {
            let own = own.as_ref()?;
            decisions
                .files
                .iter()
                .find(|e| canonical(Path::new(&e.path)).as_ref() == Some(own))
        })
        .or_else(|| {
            let mut same = decisions.files.iter().filter(|e| e.sha256 == sha256);
            match (same.next(), same.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
}
