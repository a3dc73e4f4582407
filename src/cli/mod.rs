//! The binary's side of mtscrub: reading arguments and files, printing, writing, exit codes.
//! All text processing happens in the library; this module only does I/O around it.

mod apply;
pub mod args;
mod check;
mod fix;
mod input;
mod review;
mod rules;
mod setup;
mod stream;
mod write;

use std::io::Write as _;

use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

use args::{Command, CommonArgs};

/// How a run ended, as an exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing to report.
    Clean = 0,
    /// Findings (check) or findings left unrepaired (fix), or failing examples.
    Findings = 1,
    /// An error: bad input, bad rules, bad arguments.
    Error = 2,
}

/// An error that ends the run: printed on one line, exit 2.
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(error: E) -> Self {
        Fatal(error.to_string())
    }
}

pub fn run(cli: args::Cli) -> Result<Exit, Fatal> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Rules(command) => rules::run(command),
        Command::Review(args) => review::run(&args),
        Command::Apply(args) => apply::run(&args),
    }
}

/// Default rules plus the user's rule directories.
pub fn load_rules(dirs: &[std::path::PathBuf]) -> Result<Ruleset, Fatal> {
    let mut rules = Ruleset::defaults()?;
    for dir in dirs {
        rules.add_dir(dir)?;
    }
    Ok(rules)
}

/// The engine and pipeline options the common arguments (and `mtscrub.toml`) ask for.
pub fn engine_and_options(common: &CommonArgs) -> Result<(Engine, Options), Fatal> {
    Ok(setup::Setup::new(common)?.into_main())
}

/// Writes to standard output; a closed pipe (`mtscrub check | head`) ends the run quietly.
pub fn print(text: &str) {
    print_bytes(text.as_bytes());
}

/// Writes bytes to standard output, as [`print`] does.
pub fn print_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    written(out.write_all(bytes).and_then(|()| out.flush()));
}

/// Writes pieces of bytes to standard output one after another, as [`print`] does, through a
/// buffer of a megabyte: a repaired text's pieces, many of them short, are not a write each.
pub fn print_pieces<'a>(pieces: impl Iterator<Item = std::borrow::Cow<'a, [u8]>>) {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    for piece in pieces {
        written(out.write_all(&piece));
    }
    written(out.flush());
}

/// Ends the run when standard output could not be written: quietly for a closed pipe
/// (`mtscrub check | head`), with an error otherwise.
fn written(result: std::io::Result<()>) {
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("mtscrub: error: cannot write to standard output: {e}");
        std::process::exit(Exit::Error as i32);
    }
}

/// Whether output to standard output is coloured: it is a terminal and NO_COLOR is unset.
pub fn colour_stdout() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints a one-line error to standard error.
pub fn print_error(message: &str) {
    eprintln!("mtscrub: error: {message}");
}
