//! The `mtscrub` command. See the README for the command-line contract.

mod cli;

use clap::Parser;

/// mimalloc serves the many small, short-lived lists each paragraph's checks build, which with
/// the system allocator cost about a tenth of the run. Without transparent huge pages
/// (`no_thp`): with them, memory freed and touched again is zeroed two megabytes at a time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::args::Cli::parse();
    let code = match cli::run(cli) {
        Ok(exit) => exit as i32,
        Err(cli::Fatal(message)) => {
            cli::print_error(&message);
            cli::Exit::Error as i32
        }
    };
    exit_now(code);
}

/// Ends the process with `code` once stdout is flushed, skipping the C runtime's exit
/// handlers. mimalloc's handler walks every page the run used and hands each back to the
/// system one `madvise` at a time, which the kernel's teardown of the process then does
/// again: 2% of a 10 MB `fix` and 4% of a 1 KB `check`, for nothing.
fn exit_now(code: i32) -> ! {
    use std::io::Write;
    // What `std::process::exit` would flush. Every file a command writes is flushed and closed
    // (or renamed into place) before `cli::run` returns, and stderr is not buffered.
    let _ = std::io::stdout().lock().flush();
    // A build instrumented for profiles or coverage writes its counts from an exit handler,
    // to the file this variable names (bench/pgo.sh and coverage tools set it).
    if std::env::var_os("LLVM_PROFILE_FILE").is_some() {
        std::process::exit(code);
    }
    // SAFETY: `_exit` only ends the process; nothing of ours runs after it.
    unsafe { libc::_exit(code) }
}
