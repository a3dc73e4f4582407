//! The command-line contract, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "mtscrub",
    version,
    about = "Find and repair machine-translation artifacts in translated text",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Report findings; exit 1 when any has severity warning or above.
    Check(CheckArgs),
    /// Repair findings and print the cleaned text, a diff, or rewrite the files.
    Fix(FixArgs),
    /// List, test and explain rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Write an HTML page to accept or reject repairs one by one and download the decisions.
    Review(ReviewArgs),
    /// Apply the repairs accepted in a review's decisions file.
    Apply(ApplyArgs),
}

/// Options shared by `check` and `fix`.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Files to read; none or `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Target language (ISO 639-1); detected per segment when not given.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// How to read the input; by default from the file extension (text for stdin).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// A directory of extra rule files; a rule with an existing id replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Run only these rules (comma-separated ids); rules off by default run when selected.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub ignore: Vec<String>,
    /// Apply (and for `check`, count as fixable) only safe repairs.
    #[arg(long)]
    pub safe_only: bool,
    /// The story's dateline date, so a day-only date ("on the 24th") can be completed.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<mtscrub::dateline::Dateline>,
    /// JSON Lines: a string field to check, as a dotted path (repeatable; default `text`).
    #[arg(long = "field", value_name = "PATH")]
    pub fields: Vec<String>,
    /// Only files matching this glob, when walking a directory (repeatable; `!` excludes).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// The configuration file (default: the nearest `mtscrub.toml` from the working
    /// directory up).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// JSON Lines on standard input is a pipeline stage (Spark, Hadoop Streaming) and exits 0
    /// whatever it found; with this flag, findings fail it as they fail a file.
    #[arg(long)]
    pub fail_on_findings: bool,
    /// Write per-rule counts as JSON to FILE at the end (to sum across partitions).
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Html,
    Markdown,
    Jsonl,
    Xliff,
    Tmx,
    Tsv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// `path:line:column: RULE message` with the offending text.
    #[default]
    Text,
    /// One JSON array of finding objects.
    Json,
    /// One JSON object per line: per record of a JSON Lines input, per file otherwise.
    Jsonl,
    /// SARIF 2.1.0, with rule metadata and fixes, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
    /// `path:line:column: RULE message`, one line per finding: the first line of `text`, for
    /// logs and grep.
    Concise,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output_format: OutputFormat,
    /// Print counts of findings per rule and per language.
    #[arg(long)]
    pub statistics: bool,
    /// Write the findings to FILE as a baseline: later runs with `--baseline` report only new
    /// ones.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Leave out findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("mode").args(["diff", "write"]))]
pub struct FixArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Print a unified diff instead of the cleaned text.
    #[arg(long)]
    pub diff: bool,
    /// Rewrite each file in place (atomically: a temporary file, then a rename).
    #[arg(long)]
    pub write: bool,
    /// Exit 0 even when findings remain that `fix` could not repair.
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the rules with their languages, severity and message.
    List {
        /// Extra rule directories, as for `check`.
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// Run every example of every rule (the default rules, or only those in DIR).
    Test {
        /// A directory of rule files to test instead of the defaults.
        dir: Option<PathBuf>,
    },
    /// Print a rule's message, why, languages and examples.
    Explain {
        id: String,
        /// Extra rule directories, as for `check`.
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the page (default: standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The decisions file downloaded from the review page.
    #[arg(long, value_name = "FILE")]
    pub decisions: PathBuf,
    /// Rewrite each file in place (atomically) instead of printing the result.
    #[arg(long)]
    pub write: bool,
}
