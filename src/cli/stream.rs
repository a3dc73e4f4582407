//! JSON Lines as a stream: records are read in batches, processed in parallel with rayon, and
//! handed on in input order, so memory stays bounded by a few batches whatever the input's
//! size. Reading and writing run on the calling thread, beside the rayon workers.
//! A large input read on behalf of someone at a terminal gets a progress bar on standard
//! error (indicatif); piped runs print nothing extra.

use std::io::BufRead;

use rayon::prelude::*;

/// Most records in one batch.
const BATCH_RECORDS: usize = 2048;
/// Most bytes in one batch (a batch always holds at least one record).
const BATCH_BYTES: usize = 4 << 20;
/// Size from which a stream readies the engine for a long input
/// ([`mtscrub::pipeline::Engine::expect_long_input`]): about where the two milliseconds that
/// takes are paid back. Standard input, of unknown size, counts as long.
pub const LONG_STREAM_BYTES: u64 = 1 << 20;

/// One line of the input.
pub struct Record {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset of the line in the input.
    pub offset: usize,
    /// The line without its terminator: its text when it is UTF-8 (checked once, as it is
    /// read, so that neither the worker nor the writer checks it again), else its bytes.
    body: Result<String, Vec<u8>>,
    /// `\n`, `\r\n`, or nothing at the end of the input.
    pub terminator: &'static str,
}

impl Record {
    /// The line as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        self.body.as_deref().ok()
    }

    /// The line's bytes, without its terminator.
    pub fn bytes(&self) -> &[u8] {
        match &self.body {
            Ok(text) => text.as_bytes(),
            Err(bytes) => bytes,
        }
    }
}

/// Reads `input` in batches, maps every record with `work` in parallel, and hands each batch's
/// results to `sink` in input order. While the workers process one batch, this thread hands
/// the batch before it to `sink` and reads the next, so neither reading nor writing holds the
/// workers up.
pub fn run<T: Send>(
    mut input: impl BufRead,
    work: impl Fn(&Record) -> T + Sync,
    mut sink: impl FnMut(&[Record], Vec<T>) -> Result<(), String>,
    label: &str,
    size: Option<u64>,
) -> Result<(), String> {
    let progress = progress_bar(size, label);
    let mut reader = BatchReader::default();
    let mut batch = reader.read(&mut input, label)?;
    // The batch processed last, waiting for `sink`.
    let mut done: Option<(Vec<Record>, Vec<T>)> = None;
    let mut sink_done = |done: Option<(Vec<Record>, Vec<T>)>, at: usize| -> Result<(), String> {
        if let Some((records, results)) = done {
            sink(&records, results)?;
            if let Some(bar) = &progress {
                bar.set_position(at as u64);
            }
        }
        Ok(())
    };
    while !batch.is_empty() {
        let mut results = Vec::new();
        let mut next = Ok(Vec::new());
        let mut sunk = Ok(());
        let previous = done.take();
        let at = batch.first().map_or(reader.offset, |r| r.offset);
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| results = batch.par_iter().map(&work).collect());
            sunk = sink_done(previous, at);
            next = reader.read(&mut input, label);
        });
        sunk?;
        let next = match next {
            Ok(next) => next,
            Err(e) => {
                // What was read before the error is written, as it would be without it.
                sink_done(Some((batch, results)), reader.offset)?;
                return Err(e);
            }
        };
        done = Some((batch, results));
        batch = next;
    }
    sink_done(done, reader.offset)?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    Ok(())
}

/// Where reading has got to.
#[derive(Default)]
struct BatchReader {
    line: usize,
    offset: usize,
}

impl BatchReader {
    /// The next batch of records; empty at the end of the input.
    fn read(&mut self, input: &mut impl BufRead, label: &str) -> Result<Vec<Record>, String> {
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        while batch.len() < BATCH_RECORDS && bytes < BATCH_BYTES {
            let mut raw = Vec::new();
            let n = input
                .read_until(b'\n', &mut raw)
                .map_err(|e| format!("{label}: {}", super::input::io_message(&e)))?;
            if n == 0 {
                break;
            }
            self.line += 1;
            let terminator = if raw.ends_with(b"\r\n") {
                "\r\n"
            } else if raw.ends_with(b"\n") {
                "\n"
            } else {
                ""
            };
            raw.truncate(raw.len() - terminator.len());
            bytes += n;
            batch.push(Record {
                line: self.line,
                offset: self.offset,
                body: String::from_utf8(raw).map_err(|e| e.into_bytes()),
                terminator,
            });
            self.offset += n;
        }
        Ok(batch)
    }
}

/// Inputs at least this large get a progress bar.
const PROGRESS_BYTES: u64 = 16 << 20;

/// A progress bar over the input's bytes, when standard error is a terminal and the input is
/// large.
fn progress_bar(size: Option<u64>, label: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let size = size.filter(|&s| s >= PROGRESS_BYTES)?;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(label.to_string());
    Some(bar)
}
