//! The project configuration, `mtscrub.toml`: the settings a desk keeps with its copy, so every
//! run (an editor's, CI's) uses the same rules and house style.
//!
//! ```toml
//! select = ["quote-stray-opener"]        # run only these rules (default: all enabled)
//! ignore = ["quote-unopened"]            # never run these
//! rules = ["house-rules"]                # extra rule directories, relative to this file
//! lang = "en"                            # target language instead of detection
//! fields = ["text", "article.body"]      # JSON Lines fields to check
//!
//! [options.credit-place-equals-agency]   # house style: a rule's options
//! format = "Photo: ${agency}"
//!
//! [[per-path]]                           # settings for some files
//! paths = ["de/**"]
//! lang = "de"
//! ignore = ["quote-straight"]
//! ```
//!
//! Unknown keys are errors naming the file and line, as in rule files: a misspelt setting must
//! not be silently ignored. Command-line flags win over the file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The file name looked for, walking up from the working directory.
pub const FILE_NAME: &str = "mtscrub.toml";

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Extra rule directories, relative to the configuration file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    pub lang: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    /// Options per rule id: the house style.
    #[serde(default)]
    pub options: BTreeMap<String, toml::Table>,
    #[serde(default)]
    pub per_path: Vec<PathSettings>,
}

/// Settings for the files matching `paths` (globs relative to the configuration file).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathSettings {
    pub paths: Vec<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    pub lang: Option<String>,
}

impl Config {
    /// Parses a configuration file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config> {
        toml::from_str(text).map_err(|e| Error::RuleFile {
            file: origin.to_string(),
            line: e.span().map_or(0, |span| {
                text[..span.start.min(text.len())].matches('\n').count() + 1
            }),
            message: e.message().trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_setting() {
        let config = Config::parse(
            "select = [\"a\"]\nlang = \"en\"\n[options.credit-place-equals-agency]\nformat = \"x\"\n[[per-path]]\npaths = [\"de/**\"]\nlang = \"de\"\n",
            "mtscrub.toml",
        )
        .unwrap();
        assert_eq!(config.select, ["a"]);
        assert_eq!(
            config.options["credit-place-equals-agency"]["format"].as_str(),
            Some("x")
        );
        assert_eq!(config.per_path[0].lang.as_deref(), Some("de"));
    }

    #[test]
    fn unknown_keys_name_file_and_line() {
        let err = Config::parse("lang = \"en\"\n\nignroe = [\"x\"]\n", "mtscrub.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("mtscrub.toml:3: "), "{err}");
        assert!(err.contains("ignroe"), "{err}");
    }
}
