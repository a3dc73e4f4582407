//! Inputs: files and directories named on the command line, or standard input.
//!
//! A directory is walked with the ignore crate, as ripgrep walks it: `.gitignore` rules and
//! hidden files are respected, `--glob` patterns filter, and the format of each file comes
//! from its extension. Binary files met on a walk are skipped with a note. JSON Lines inputs
//! are opened as streams and never read whole.
//!
//! A large file is mapped into memory (memmap2) rather than copied into it: the pages are the
//! operating system's file cache, read as the workers reach them, with no copy, no fresh
//! memory to zero and no page of the process's own to fault in for each 4 KB. Its UTF-8 is
//! checked once, with SIMD (simdutf8). The one thing a mapping cannot promise is what another
//! program does to the file meanwhile: a file cut short under a running `mtscrub` stops it with
//! a bus error, where a copy would have been read whole. Smaller files and standard input are
//! read, and so is every file a command writes back ([`Reading`]).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use mtscrub::ingest::Format;

use super::args::InputFormat;

/// One input to process.
#[derive(Clone)]
pub struct Target {
    /// How the input is named in output: its path, or `<stdin>`.
    pub label: String,
    /// The file, when the input is one.
    pub path: Option<PathBuf>,
    pub format: Format,
}

/// One input, read whole and checked to be UTF-8.
pub struct Input {
    pub label: String,
    pub path: Option<PathBuf>,
    pub text: InputText,
    pub format: Format,
    /// How the text was encoded, so that it is written back the same way.
    pub encoding: TextEncoding,
}

impl Input {
    /// The bytes as they were read, to compare with the file before it is written back: a
    /// copy, never a mapping, which would change with the file (see [`Reading`]).
    pub fn bytes_as_read(&self) -> std::borrow::Cow<'_, [u8]> {
        debug_assert!(
            !self.text.is_mapped(),
            "{}: a file written back is read as a copy",
            self.label
        );
        self.encoding.encode(&self.text)
    }
}

/// How a command holds a whole file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// A copy in memory: for a command that writes the file back, which must compare the file
    /// as it is then with the text it read, whatever another program did to the file since
    /// (a mapped file changed in place would change under it too).
    Copy,
    /// Mapped when it is a regular file of at least [`MAP_BYTES`], a copy otherwise.
    MapLarge,
}

/// Files from this size on are mapped instead of read: below it, reading costs little more
/// than setting up a mapping does.
const MAP_BYTES: u64 = 1 << 20;

/// An input's text, checked to be UTF-8: in memory of its own, or a mapped file.
pub struct InputText(Held);

enum Held {
    Read(String),
    Mapped(memmap2::Mmap),
}

impl InputText {
    /// The text of the file `file` opened, mapped, when it is a regular file (`metadata` is
    /// its own) of at least [`MAP_BYTES`] in UTF-8; `Ok(None)` when it is to be read instead
    /// (smaller, not a regular file, UTF-16, or a mapping refused).
    fn map(file: &File, metadata: Option<&std::fs::Metadata>) -> Result<Option<InputText>, String> {
        if !metadata.is_some_and(|m| m.is_file() && m.len() >= MAP_BYTES) {
            return Ok(None);
        }
        // SAFETY: the mapping is read-only, and its bytes are read only through `Deref` after
        // the UTF-8 check below. Another program changing the file while it is mapped could
        // change them under us: the caveat of every mapped read, stated in the module docs.
        let Ok(map) = (unsafe { memmap2::Mmap::map(file) }) else {
            return Ok(None);
        };
        if matches!(map.get(..2), Some([0xff, 0xfe] | [0xfe, 0xff])) {
            return Ok(None);
        }
        if simdutf8::basic::from_utf8(&map).is_err() {
            // The slower check, only on the error path, for the offset it names.
            let offset = std::str::from_utf8(&map).map_or_else(|e| e.valid_up_to(), |_| 0);
            return Err(mtscrub::Error::InvalidUtf8 { offset }.to_string());
        }
        Ok(Some(InputText(Held::Mapped(map))))
    }

    /// Whether the text is a mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Held::Mapped(_))
    }
}

impl From<String> for InputText {
    fn from(text: String) -> InputText {
        InputText(Held::Read(text))
    }
}

impl From<InputText> for String {
    fn from(text: InputText) -> String {
        match text.0 {
            Held::Read(text) => text,
            Held::Mapped(_) => text.to_string(),
        }
    }
}

impl std::ops::Deref for InputText {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Held::Read(text) => text,
            // SAFETY: checked to be UTF-8 when mapped (`InputText::map`), and never written.
            Held::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map) },
        }
    }
}

/// How a file's text is encoded: UTF-8, or UTF-16 that starts with a byte order mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextEncoding {
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// The text of `bytes`: UTF-16 when they start with its byte order mark (kept in the text
    /// as U+FEFF, so that writing the text back writes the mark), UTF-8 otherwise. An error
    /// names the first byte that cannot be decoded.
    pub fn decode(bytes: Vec<u8>) -> Result<(String, TextEncoding), String> {
        let encoding = match bytes.as_slice() {
            [0xff, 0xfe, ..] => TextEncoding::Utf16Le,
            [0xfe, 0xff, ..] => TextEncoding::Utf16Be,
            _ => {
                // Validated once, the error worded as the library's reader words it.
                return match String::from_utf8(bytes) {
                    Ok(text) => Ok((text, TextEncoding::Utf8)),
                    Err(e) => Err(mtscrub::Error::InvalidUtf8 {
                        offset: e.utf8_error().valid_up_to(),
                    }
                    .to_string()),
                };
            }
        };
        let units = bytes.chunks_exact(2).map(|pair| match encoding {
            TextEncoding::Utf16Le => u16::from_le_bytes([pair[0], pair[1]]),
            _ => u16::from_be_bytes([pair[0], pair[1]]),
        });
        let mut text = String::with_capacity(bytes.len() / 2);
        let mut offset = 0;
        for c in char::decode_utf16(units) {
            let c = c.map_err(|_| format!("invalid UTF-16 at byte {offset}"))?;
            offset += 2 * c.len_utf16();
            text.push(c);
        }
        if bytes.len() % 2 == 1 {
            return Err(format!(
                "invalid UTF-16 at byte {offset}: an odd number of bytes"
            ));
        }
        Ok((text, encoding))
    }

    /// `text` in this encoding.
    pub fn encode(self, text: &str) -> std::borrow::Cow<'_, [u8]> {
        let units = text.encode_utf16();
        match self {
            TextEncoding::Utf8 => std::borrow::Cow::Borrowed(text.as_bytes()),
            TextEncoding::Utf16Le => units.flat_map(u16::to_le_bytes).collect(),
            TextEncoding::Utf16Be => units.flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// What a walk found: an input, a file it skipped (with why), or an error.
pub enum Found {
    Target(Target),
    Skipped(String),
    Error(String),
}

impl Found {
    /// The input, when this is one.
    pub fn target(&self) -> Option<Target> {
        match self {
            Found::Target(target) => Some(target.clone()),
            _ => None,
        }
    }
}

/// The inputs named by `paths` (standard input when empty or `-`); directories are walked
/// when `walk` allows it, and are an error otherwise.
pub fn targets(
    paths: &[PathBuf],
    format: Option<InputFormat>,
    globs: &[String],
    walk: bool,
) -> Vec<Found> {
    let stdin = || {
        Found::Target(Target {
            label: "<stdin>".to_string(),
            path: None,
            format: chosen(format).unwrap_or(Format::Text),
        })
    };
    if paths.is_empty() {
        return vec![stdin()];
    }
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(stdin());
        } else if path.is_dir() {
            if walk {
                found.extend(walk_dir(path, format, globs));
            } else {
                found.push(Found::Error(format!(
                    "{}: is a directory, not a file",
                    path.display()
                )));
            }
        } else {
            found.push(Found::Target(Target {
                label: path.display().to_string(),
                path: Some(path.clone()),
                format: chosen(format).unwrap_or_else(|| Format::from_path(path)),
            }));
        }
    }
    found
}

fn walk_dir(dir: &Path, format: Option<InputFormat>, globs: &[String]) -> Vec<Found> {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.sort_by_file_name(|a, b| a.cmp(b));
    if !globs.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
        for glob in globs {
            if let Err(e) = overrides.add(glob) {
                return vec![Found::Error(format!("--glob {glob}: {e}"))];
            }
        }
        match overrides.build() {
            Ok(o) => {
                builder.overrides(o);
            }
            Err(e) => return vec![Found::Error(format!("--glob: {e}"))],
        }
    }
    let mut found = Vec::new();
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.push(Found::Error(e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path().to_path_buf();
        if is_binary(&path) {
            found.push(Found::Skipped(format!(
                "{}: skipped, binary file",
                path.display()
            )));
            continue;
        }
        found.push(Found::Target(Target {
            label: path.display().to_string(),
            format: chosen(format).unwrap_or_else(|| Format::from_path(&path)),
            path: Some(path),
        }));
    }
    found
}

/// A file whose first 8 KB hold a NUL byte is binary (as git and ripgrep judge it), unless it
/// starts with a UTF-16 byte order mark.
fn is_binary(path: &Path) -> bool {
    let mut head = [0u8; 8192];
    File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .is_ok_and(|n| {
            !matches!(head[..n], [0xff, 0xfe, ..] | [0xfe, 0xff, ..]) && head[..n].contains(&0)
        })
}

impl Target {
    /// Reads the whole input, checked to be UTF-8 (or UTF-16 with a byte order mark).
    pub fn read(&self, reading: Reading) -> Result<Input, String> {
        let failed = |e: std::io::Error| format!("{}: {}", self.label, io_message(&e));
        let input = |text: InputText, encoding| Input {
            label: self.label.clone(),
            path: self.path.clone(),
            text,
            format: self.format,
            encoding,
        };
        let bytes = match &self.path {
            Some(path) => {
                let mut file = File::open(path).map_err(failed)?;
                let metadata = file.metadata().ok();
                if reading == Reading::MapLarge {
                    if let Some(text) = InputText::map(&file, metadata.as_ref())
                        .map_err(|e| format!("{}: {e}", self.label))?
                    {
                        return Ok(input(text, TextEncoding::Utf8));
                    }
                }
                // Straight into a buffer of the file's size: no copy through a reader's
                // buffer, no growing by doubling (each a copy of all read so far).
                let size = metadata.map_or(0, |m| m.len() as usize);
                let mut bytes = Vec::with_capacity(size);
                file.read_to_end(&mut bytes).map_err(failed)?;
                bytes
            }
            None => {
                let mut bytes = Vec::new();
                self.open()?.read_to_end(&mut bytes).map_err(failed)?;
                bytes
            }
        };
        let (text, encoding) =
            TextEncoding::decode(bytes).map_err(|e| format!("{}: {e}", self.label))?;
        Ok(input(text.into(), encoding))
    }

    /// The input's size in bytes, when it is a file.
    pub fn size(&self) -> Option<u64> {
        self.path
            .as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
    }

    /// Opens the input for reading as a stream.
    pub fn open(&self) -> Result<Box<dyn BufRead>, String> {
        match &self.path {
            None => Ok(Box::new(BufReader::new(std::io::stdin()))),
            Some(path) => File::open(path)
                .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
                .map_err(|e| format!("{}: {}", self.label, io_message(&e))),
        }
    }
}

/// Largest file read ahead of its turn, but for the first (read while no other input is held):
/// a larger one is read when its turn comes, so that no more than one such input is held at a
/// time.
const READ_AHEAD_BYTES: u64 = 64 << 20;

/// Whole-file inputs read on a thread of their own, each while the one before it is worked on
/// (the first while the engine is built), so that reading a file and checking that it is
/// UTF-8 take no time of their own. JSON Lines inputs are streamed, not read ahead.
pub struct ReadAhead {
    /// For each target in order: what reading it gave, or `None` when it is read in its turn.
    read: Receiver<Option<Result<Input, String>>>,
}

impl ReadAhead {
    /// Starts reading `targets`, in order.
    pub fn start(targets: &[Target], reading: Reading) -> ReadAhead {
        let targets = targets.to_vec();
        // No buffer: the thread holds at most the one input it read until it is taken.
        let (send, read) = std::sync::mpsc::sync_channel(0);
        std::thread::spawn(move || {
            for (i, target) in targets.into_iter().enumerate() {
                let ahead = target.format != Format::Jsonl
                    && (i == 0 || target.size().is_none_or(|size| size <= READ_AHEAD_BYTES));
                if send.send(ahead.then(|| target.read(reading))).is_err() {
                    return;
                }
            }
        });
        ReadAhead { read }
    }

    /// What reading the next target gave, or `None` when it was not read ahead (JSON Lines, a
    /// large file), for the caller to read or stream. Taken once for each target, in order.
    pub fn take(&self) -> Option<Result<Input, String>> {
        self.read.recv().ok().flatten()
    }
}

fn chosen(format: Option<InputFormat>) -> Option<Format> {
    format.map(|f| match f {
        InputFormat::Text => Format::Text,
        InputFormat::Html => Format::Html,
        InputFormat::Markdown => Format::Markdown,
        InputFormat::Jsonl => Format::Jsonl,
        InputFormat::Xliff => Format::Xliff,
        InputFormat::Tmx => Format::Tmx,
        InputFormat::Tsv => Format::Tsv,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: PathBuf, format: Format) -> Target {
        Target {
            label: path.display().to_string(),
            path: Some(path),
            format,
        }
    }

    /// A large file is mapped, a small one read, and both give the file's text; a large file
    /// that is not UTF-8 is refused at the same byte as a small one, and a large UTF-16 file
    /// is decoded, not mapped.
    #[test]
    fn large_files_are_mapped_and_read_as_small_ones_are() {
        let dir = tempfile::tempdir().unwrap();
        let line = "“Quoted,” she said. 한국어 문장입니다.\n";
        let large = line.repeat(MAP_BYTES as usize / line.len() + 1);
        let read = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            target(path, Format::Text).read(Reading::MapLarge)
        };

        let mapped = read("large.txt", large.as_bytes()).unwrap();
        assert!(mapped.text.is_mapped());
        assert_eq!(&*mapped.text, large);
        let copied = target(dir.path().join("large.txt"), Format::Text)
            .read(Reading::Copy)
            .unwrap();
        assert!(!copied.text.is_mapped());
        assert_eq!(&*copied.text, large);
        let small = read("small.txt", line.as_bytes()).unwrap();
        assert!(!small.text.is_mapped());
        assert_eq!(&*small.text, line);

        // A stray byte just before the end of each.
        for (name, text) in [
            ("bad-large.txt", &large),
            ("bad-small.txt", &line.to_string()),
        ] {
            let mut bytes = text.clone().into_bytes();
            let at = bytes.len() - 1;
            bytes[at] = 0xff;
            let error = read(name, &bytes).err().unwrap();
            assert!(
                error.ends_with(&format!("{name}: invalid UTF-8 at byte {at}")),
                "{error}"
            );
        }

        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(large.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = read("utf16.txt", &utf16).unwrap();
        assert!(!decoded.text.is_mapped());
        assert_eq!(decoded.encoding, TextEncoding::Utf16Le);
        assert_eq!(&decoded.text[3..], large);
    }

    #[test]
    fn inputs_read_ahead_come_in_order_and_streams_are_left_to_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let targets = [
            target(file("a.txt", "“One”".as_bytes()), Format::Text),
            target(file("b.jsonl", b"{\"text\": \"two\"}\n"), Format::Jsonl),
            target(file("c.txt", b"three \xff"), Format::Text),
            target(dir.path().join("missing.txt"), Format::Text),
            target(file("e.md", b"# five"), Format::Markdown),
        ];
        let ahead = ReadAhead::start(&targets, Reading::Copy);
        let text = |read: Option<Result<Input, String>>| {
            read.map(|r| r.map(|input| String::from(input.text)))
        };
        assert_eq!(text(ahead.take()), Some(Ok("“One”".to_string())));
        assert!(ahead.take().is_none(), "a JSON Lines input is streamed");
        let bad = text(ahead.take()).unwrap().unwrap_err();
        assert!(bad.ends_with("c.txt: invalid UTF-8 at byte 6"), "{bad}");
        let missing = text(ahead.take()).unwrap().unwrap_err();
        assert!(missing.contains("missing.txt"), "{missing}");
        assert_eq!(text(ahead.take()), Some(Ok("# five".to_string())));
        assert!(ahead.take().is_none(), "nothing after the last");
    }
}
