//! Reading inputs: files named on the command line, or standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use mtscrub::ingest::{self, Format};

use super::args::InputFormat;

/// One input, read whole and checked to be UTF-8.
pub struct Input {
    /// How the input is named in output: its path, or `<stdin>`.
    pub label: String,
    /// The file, when the input is one.
    pub path: Option<PathBuf>,
    pub text: String,
    pub format: Format,
}

/// Reads every input named by `paths` (standard input when empty or `-`). Each failure is a
/// one-line message naming the input.
pub fn read_all(paths: &[PathBuf], format: Option<InputFormat>) -> Vec<Result<Input, String>> {
    if paths.is_empty() {
        return vec![read_stdin(format)];
    }
    paths
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                read_stdin(format)
            } else {
                read_file(path, format)
            }
        })
        .collect()
}

fn read_stdin(format: Option<InputFormat>) -> Result<Input, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("<stdin>: {e}"))?;
    let text = decode("<stdin>", bytes)?;
    Ok(Input {
        label: "<stdin>".to_string(),
        path: None,
        text,
        format: chosen(format).unwrap_or(Format::Text),
    })
}

fn read_file(path: &Path, format: Option<InputFormat>) -> Result<Input, String> {
    let label = path.display().to_string();
    if path.is_dir() {
        return Err(format!("{label}: is a directory, not a file"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{label}: {}", io_message(&e)))?;
    let text = decode(&label, bytes)?;
    Ok(Input {
        label,
        path: Some(path.to_path_buf()),
        text,
        format: chosen(format).unwrap_or_else(|| Format::from_path(path)),
    })
}

fn decode(label: &str, bytes: Vec<u8>) -> Result<String, String> {
    if let Err(e) = ingest::decode(&bytes) {
        return Err(format!("{label}: {e}"));
    }
    Ok(String::from_utf8(bytes).expect("checked above"))
}

fn chosen(format: Option<InputFormat>) -> Option<Format> {
    format.map(|f| match f {
        InputFormat::Text => Format::Text,
        InputFormat::Html => Format::Html,
        InputFormat::Markdown => Format::Markdown,
    })
}

/// An I/O error's message without the "(os error N)" suffix.
pub fn io_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
