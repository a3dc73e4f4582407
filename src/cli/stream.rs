//! JSON Lines as a stream: records are read in batches, processed in parallel with rayon, and
//! handed on in input order, so memory stays bounded by a batch whatever the input's size.

use std::io::BufRead;

use rayon::prelude::*;

/// Most records in one batch.
const BATCH_RECORDS: usize = 2048;
/// Most bytes in one batch (a batch always holds at least one record).
const BATCH_BYTES: usize = 4 << 20;

/// One line of the input.
pub struct Record {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset of the line in the input.
    pub offset: usize,
    /// The line's bytes, without its terminator.
    pub body: Vec<u8>,
    /// `\n`, `\r\n`, or nothing at the end of the input.
    pub terminator: &'static str,
}

impl Record {
    /// The line as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

/// Reads `input` in batches, maps every record with `work` in parallel, and hands each batch's
/// results to `sink` in input order.
pub fn run<T: Send>(
    mut input: impl BufRead,
    work: impl Fn(&Record) -> T + Sync,
    mut sink: impl FnMut(&[Record], Vec<T>) -> Result<(), String>,
    label: &str,
) -> Result<(), String> {
    let mut line = 0usize;
    let mut offset = 0usize;
    loop {
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
            line += 1;
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
                line,
                offset,
                body: raw,
                terminator,
            });
            offset += n;
        }
        if batch.is_empty() {
            return Ok(());
        }
        let results: Vec<T> = batch.par_iter().map(&work).collect();
        sink(&batch, results)?;
    }
}
