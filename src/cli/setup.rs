//! The settings of a run: command-line flags over the project's `mtscrub.toml` (found by
//! walking up from the working directory, or named with `--config`), and the engines they
//! call for. A `[[per-path]]` section can give some files other rules or another language;
//! each distinct choice of rules gets its own engine, built once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use mtscrub::config::{self, Config, PathSettings};
use mtscrub::language;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

use super::args::CommonArgs;
use super::input::io_message;
use super::Fatal;

/// The rules an engine runs: (select, ignore).
pub type RuleChoice = (Vec<String>, Vec<String>);

pub struct Setup {
    common: CommonArgs,
    config: Config,
    /// The configuration file's name and directory, when there is one.
    origin: Option<(String, PathBuf)>,
    per_path: Vec<(GlobSet, PathSettings)>,
    engines: HashMap<RuleChoice, Engine>,
    options: Options,
}

impl Setup {
    pub fn new(common: &CommonArgs) -> Result<Setup, Fatal> {
        let (config, origin) = match find_config(common.config.as_deref())? {
            Some(path) => {
                let label = path.display().to_string();
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Fatal(format!("{label}: {}", io_message(&e))))?;
                let config = Config::parse(&text, &label)?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (config, Some((label, dir)))
            }
            None => (Config::default(), None),
        };
        let mut per_path = Vec::new();
        for settings in &config.per_path {
            let mut set = GlobSetBuilder::new();
            for pattern in &settings.paths {
                let glob = Glob::new(pattern).map_err(|e| {
                    Fatal(format!("{}: per-path glob {pattern}: {e}", label(&origin)))
                })?;
                set.add(glob);
            }
            let set = set
                .build()
                .map_err(|e| Fatal(format!("{}: {e}", label(&origin))))?;
            per_path.push((set, settings.clone()));
        }
        let lang = common
            .lang
            .as_deref()
            .or(config.lang.as_deref())
            .map(language::parse)
            .transpose()?;
        let mut options = Options {
            lang,
            safe_only: common.safe_only,
            dateline: common.date,
            ..Options::default()
        };
        if !common.fields.is_empty() {
            options.fields = common.fields.clone();
        } else if !config.fields.is_empty() {
            options.fields = config.fields.clone();
        }
        if let Some(threads) = common.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build_global()
                .map_err(|e| Fatal(format!("--threads: {e}")))?;
        }
        let mut setup = Setup {
            common: common.clone(),
            config,
            origin,
            per_path,
            engines: HashMap::new(),
            options,
        };
        // Build the run's main engine now, so a bad rule or option fails before any input.
        let choice = setup.choice(&[]);
        setup.engine(choice)?;
        Ok(setup)
    }

    /// The engine and options for an input (`None`: standard input).
    pub fn for_target(&mut self, path: Option<&Path>) -> Result<(&Engine, Options), Fatal> {
        let (choice, options) = self.prepare(path)?;
        Ok((self.built(&choice), options))
    }

    /// The engine built by [`Setup::prepare`] for `choice`.
    pub fn built(&self, choice: &RuleChoice) -> &Engine {
        &self.engines[choice]
    }

    /// The rules and options for an input (`None`: standard input), its engine built if it is
    /// not yet, so that the engines of several inputs can then be used together.
    pub fn prepare(&mut self, path: Option<&Path>) -> Result<(RuleChoice, Options), Fatal> {
        let matching: Vec<PathSettings> = match (path, &self.origin) {
            (Some(path), Some((_, dir))) => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                let base = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
                let relative = absolute
                    .strip_prefix(&base)
                    .unwrap_or(&absolute)
                    .to_path_buf();
                self.per_path
                    .iter()
                    .filter(|(set, _)| set.is_match(&relative))
                    .map(|(_, s)| s.clone())
                    .collect()
            }
            _ => Vec::new(),
        };
        let mut options = self.options.clone();
        if self.common.lang.is_none() {
            if let Some(lang) = matching.iter().rev().find_map(|s| s.lang.as_deref()) {
                options.lang = Some(language::parse(lang)?);
            }
        }
        let choice = self.choice(&matching);
        self.engine(choice.clone())?;
        Ok((choice, options))
    }

    /// The main engine and options, taken out of the setup.
    pub fn into_main(mut self) -> (Engine, Options) {
        let choice = self.choice(&[]);
        let engine = self.engines.remove(&choice).expect("built in new");
        (engine, self.options)
    }

    /// Which rules run: flags first, then the matching per-path sections, then the file.
    fn choice(&self, matching: &[PathSettings]) -> RuleChoice {
        let select = if !self.common.select.is_empty() {
            self.common.select.clone()
        } else if let Some(s) = matching.iter().rev().find(|s| !s.select.is_empty()) {
            s.select.clone()
        } else {
            self.config.select.clone()
        };
        let mut ignore = self.common.ignore.clone();
        ignore.extend(self.config.ignore.iter().cloned());
        for s in matching {
            ignore.extend(s.ignore.iter().cloned());
        }
        ignore.sort();
        ignore.dedup();
        (select, ignore)
    }

    fn engine(&mut self, choice: RuleChoice) -> Result<&Engine, Fatal> {
        if !self.engines.contains_key(&choice) {
            let mut rules = Ruleset::defaults()?;
            if let Some((label, dir)) = &self.origin {
                for relative in &self.config.rules {
                    rules.add_dir(&dir.join(relative))?;
                }
                for (id, options) in &self.config.options {
                    rules.set_options(id, options, label)?;
                }
            }
            for dir in &self.common.rule_dirs {
                rules.add_dir(dir)?;
            }
            let rules = rules.filter(&choice.0, &choice.1)?;
            self.engines.insert(choice.clone(), Engine::new(rules));
        }
        Ok(&self.engines[&choice])
    }
}

fn label(origin: &Option<(String, PathBuf)>) -> String {
    origin.as_ref().map_or_else(String::new, |(l, _)| l.clone())
}

/// `--config FILE`, or the nearest `mtscrub.toml` from the working directory up.
fn find_config(flag: Option<&Path>) -> Result<Option<PathBuf>, Fatal> {
    if let Some(path) = flag {
        if !path.is_file() {
            return Err(Fatal(format!(
                "{}: no such configuration file",
                path.display()
            )));
        }
        return Ok(Some(path.to_path_buf()));
    }
    let mut dir = std::env::current_dir().ok();
    while let Some(current) = dir {
        let candidate = current.join(config::FILE_NAME);
        if candidate.is_file() {
            return Ok(Some(candidate));
        }
        dir = current.parent().map(Path::to_path_buf);
    }
    Ok(None)
}
