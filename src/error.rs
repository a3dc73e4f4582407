//! Typed errors of the library.
//!
//! Every error carries the context a user needs to find the problem (the rule file and line,
//! the byte offset of bad input, the rules that failed to converge), so the binary can print it
//! on one line without knowing where it came from.

use std::path::PathBuf;

/// An error from loading rules, reading input or running the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that is not valid UTF-8; `offset` is the first bad byte.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { offset: usize },

    /// A rule file that cannot be parsed or whose content is invalid.
    #[error("{file}:{line}: {message}")]
    RuleFile {
        file: String,
        line: usize,
        message: String,
    },

    /// A rule directory that cannot be read.
    #[error("{}: {source}", path.display())]
    RuleDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `--select` or `--ignore` names a rule that does not exist.
    #[error("unknown rule id `{0}`")]
    UnknownRule(String),

    /// An unsupported `--lang` or `lang` value.
    #[error("unknown language code `{0}` (expected an ISO 639-1 code such as `en`)")]
    UnknownLanguage(String),

    /// Repairs kept changing the text after the maximum number of passes.
    #[error("repairs did not converge after {passes} passes; rules still editing: {}", rules.join(", "))]
    NoConvergence { passes: usize, rules: Vec<String> },

    /// Repaired in the language the document reads as, the text read as another one, and so
    /// on back to a language already tried: no repair of it reads as the language it was
    /// made in.
    #[error(
        "the document's language did not settle: repaired as {}, it read as another",
        tried.join(", then as ")
    )]
    LanguageUnsettled { tried: Vec<String> },

    /// The HTML reader could not parse the input.
    #[error("HTML could not be read: {0}")]
    Html(String),

    /// XML input (XLIFF, TMX) that is not well-formed; `offset` is the byte where reading
    /// failed.
    #[error("malformed XML at byte {offset}: {message}")]
    Xml { offset: usize, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
