//! The `mtscrub` command. See the README for the command-line contract.

mod cli;

use clap::Parser;

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
