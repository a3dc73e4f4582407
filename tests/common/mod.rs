//! What the command-line tests share: running the built binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the built `mtscrub` with `args` in `dir` (the crate's root when `None`). `stdin` is
/// written from a thread of its own while the output is read, so that a large input and a
/// large output cannot fill the two pipes with each end waiting on the other. A run that
/// refuses its input may close standard input before reading it all; that is no error here.
pub fn run(dir: Option<&Path>, args: &[&str], stdin: &[u8]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(args)
        .current_dir(dir.unwrap_or(root))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mtscrub");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("mtscrub ends");
    writer.join().expect("the writer ends");
    output
}
