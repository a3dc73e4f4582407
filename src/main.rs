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
    std::process::exit(code);
}
