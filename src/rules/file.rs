//! The rule-file format: TOML read with serde, strictly.
//!
//! Unknown keys are an error (a misspelt `replacment` must not silently drop a repair), and
//! every error names the file and the line of the rule it concerns, using the spans the toml
//! crate keeps for each table.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::examples::{Example, ExampleKind};
use super::pattern::{Compile, PatternRule};
use super::{DeclaredFix, Matcher, Rule, RuleMeta, Severity};
use crate::analyzers;
use crate::error::{Error, Result};
use crate::ingest::{Format, SegmentKind};
use crate::language;

/// Limits on what one rule file may hold, so that a rule file from anywhere cannot exhaust
/// memory: its size, its rules, each rule's examples. (Each pattern's compiled size is
/// limited where it is compiled, in `pattern.rs`, and all of them together by the rule set's
/// budget, [`super::MAX_COMPILED_BYTES`], checked here as each rule is compiled.)
pub const MAX_FILE_BYTES: usize = 1 << 20;
pub const MAX_RULES_PER_FILE: usize = 256;
pub const MAX_EXAMPLES_PER_RULE: usize = 100;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<RawRule>>,
    #[serde(default, rename = "override")]
    overrides: Vec<toml::Spanned<RawOverride>>,
}

/// `[[override]]`: changes a rule defined elsewhere without restating it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    rule: String,
    #[serde(default)]
    options: toml::Table,
    severity: Option<Severity>,
    enabled: Option<bool>,
}

/// An override, with where it was written.
#[derive(Debug)]
pub(super) struct Override {
    pub rule: String,
    pub options: toml::Table,
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
    pub file: String,
    pub line: usize,
}

/// What one rule file holds.
#[derive(Debug)]
pub(super) struct Parsed {
    pub rules: Vec<Rule>,
    pub overrides: Vec<Override>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: String,
    message: String,
    why: String,
    languages: Vec<String>,
    #[serde(default)]
    source_languages: Vec<String>,
    #[serde(default = "default_severity")]
    severity: Severity,
    #[serde(default)]
    fix: DeclaredFix,
    #[serde(default)]
    contexts: Option<Vec<SegmentKind>>,
    #[serde(default = "default_true")]
    enabled: bool,
    pattern: Option<String>,
    replacement: Option<String>,
    analyzer: Option<String>,
    #[serde(default)]
    options: toml::Table,
    #[serde(default)]
    good: Vec<RawExample>,
    #[serde(default)]
    bad: Vec<RawBad>,
}

/// A good example: a string, or a table when it needs a language or an input format
/// (`format = "tsv"`: a `source<TAB>target` line, for checks that compare with the source).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawExample {
    Text(String),
    Table(RawGood),
}

/// A good example written as a table; unknown keys are errors here too.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGood {
    text: String,
    lang: Option<String>,
    format: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBad {
    text: String,
    fixed: Option<String>,
    lang: Option<String>,
    format: Option<String>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

fn default_true() -> bool {
    true
}

/// The `*.toml` files under `dir`, sorted, skipping `tables/` (data the analyzers read).
pub(super) fn rule_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::RuleDir {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::RuleDir {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tables") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a rule file, refusing one larger than [`MAX_FILE_BYTES`] without reading the rest.
pub(super) fn read(path: &Path) -> Result<String> {
    use std::io::Read;
    let fail = |source| Error::RuleDir {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(fail)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::RuleFile {
            file: path.display().to_string(),
            line: bytes[..MAX_FILE_BYTES]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
            message: format!("rule file larger than {} KiB", MAX_FILE_BYTES >> 10),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        fail(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        ))
    })
}

/// Parses one rule file; `origin` names it in errors.
///
/// `allowance` is what the file's patterns may take compiled, together: the rule set's budget
/// less what it holds already. The first rule past it is refused, before the next is compiled.
/// `None` for a file compiled into mtscrub, whose patterns are marked built-in, not
/// measured, and compiled when first used.
pub(super) fn parse(text: &str, origin: &str, allowance: Option<usize>) -> Result<Parsed> {
    let fail = |line: usize, message: String| Error::RuleFile {
        file: origin.to_string(),
        line,
        message,
    };
    if text.len() > MAX_FILE_BYTES {
        let line = text.as_bytes()[..MAX_FILE_BYTES]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(fail(
            line,
            format!("rule file larger than {} KiB", MAX_FILE_BYTES >> 10),
        ));
    }
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |span| line_of(text, span.start));
        fail(line, e.message().trim().to_string())
    })?;
    if let Some(extra) = file.rule.get(MAX_RULES_PER_FILE) {
        let line = line_of(text, extra.span().start);
        return Err(fail(
            line,
            format!("more than {MAX_RULES_PER_FILE} rules in one file"),
        ));
    }
    let mut rules = Vec::with_capacity(file.rule.len());
    let mut compiled = 0usize;
    let compile = match allowance {
        None => Compile::WhenUsed,
        Some(_) => Compile::Now,
    };
    for spanned in file.rule {
        let line = line_of(text, spanned.span().start);
        let mut rule = build(spanned.into_inner(), origin, line, compile)?;
        if let Matcher::Pattern(pattern) = &mut rule.matcher {
            match allowance {
                None => pattern.mark_builtin(),
                Some(allowance) => {
                    compiled = compiled.saturating_add(pattern.compiled_bytes());
                    if compiled > allowance {
                        let message = super::over_budget(pattern.compiled_bytes());
                        return Err(fail(line, format!("rule `{}`: {message}", rule.meta.id)));
                    }
                }
            }
        }
        rules.push(rule);
    }
    let overrides = file
        .overrides
        .into_iter()
        .map(|spanned| {
            let line = line_of(text, spanned.span().start);
            let raw = spanned.into_inner();
            Override {
                rule: raw.rule,
                options: raw.options,
                severity: raw.severity,
                enabled: raw.enabled,
                file: origin.to_string(),
                line,
            }
        })
        .collect();
    Ok(Parsed { rules, overrides })
}

fn build(raw: RawRule, origin: &str, line: usize, compile: Compile) -> Result<Rule> {
    let fail = |message: String| Error::RuleFile {
        file: origin.to_string(),
        line,
        message: format!("rule `{}`: {message}", raw.id),
    };
    if raw.good.len() + raw.bad.len() > MAX_EXAMPLES_PER_RULE {
        return Err(fail(format!("more than {MAX_EXAMPLES_PER_RULE} examples")));
    }
    if raw.id.is_empty()
        || !raw
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(fail("ids are lower-case letters, digits and `-`".into()));
    }
    let languages = parse_languages(&raw.languages).map_err(&fail)?;
    let source_languages = parse_languages(&raw.source_languages).map_err(&fail)?;

    let matcher = match (&raw.pattern, &raw.analyzer) {
        (Some(pattern), None) => Matcher::Pattern(
            PatternRule::build(pattern, raw.replacement.as_deref(), &raw.options, compile)
                .map_err(&fail)?,
        ),
        (None, Some(name)) => {
            if raw.replacement.is_some() {
                return Err(fail("`replacement` belongs to pattern rules".into()));
            }
            let (analyzer, check) = name
                .split_once('.')
                .filter(|(a, c)| analyzers::has_check(a, c))
                .ok_or_else(|| fail(format!("unknown analyzer check `{name}`")))?;
            Matcher::Analyzer {
                analyzer: analyzer.to_string(),
                check: check.to_string(),
                options: raw.options.clone(),
            }
        }
        _ => return Err(fail("give exactly one of `pattern` and `analyzer`".into())),
    };

    let default_lang = languages.first().copied().unwrap_or("en");
    let example_lang = |lang: &Option<String>| -> Result<_> {
        match lang {
            Some(code) => language::parse(code).map_err(|e| fail(e.to_string())),
            None => Ok(default_lang),
        }
    };
    let example_format = |format: &Option<String>| -> Result<_> {
        match format {
            Some(name) => Format::from_name(name)
                .ok_or_else(|| fail(format!("unknown example format `{name}`"))),
            None => Ok(Format::Text),
        }
    };
    let mut examples = Vec::new();
    for good in &raw.good {
        let (text, lang, format) = match good {
            RawExample::Text(text) => (text, &None, &None),
            RawExample::Table(RawGood { text, lang, format }) => (text, lang, format),
        };
        examples.push(Example {
            kind: ExampleKind::Good,
            text: text.clone(),
            span: None,
            fixed: None,
            lang: example_lang(lang)?,
            format: example_format(format)?,
        });
    }
    for bad in &raw.bad {
        let (text, span) = unmark(&bad.text).map_err(&fail)?;
        examples.push(Example {
            kind: ExampleKind::Bad,
            text,
            span: Some(span),
            fixed: bad.fixed.clone(),
            lang: example_lang(&bad.lang)?,
            format: example_format(&bad.format)?,
        });
    }
    if !examples.iter().any(|e| e.kind == ExampleKind::Bad)
        || !examples.iter().any(|e| e.kind == ExampleKind::Good)
    {
        return Err(fail(
            "every rule needs at least one `bad` and one `good` example".into(),
        ));
    }

    Ok(Rule {
        meta: Arc::new(RuleMeta {
            id: raw.id.clone(),
            message: raw.message.trim().to_string(),
            why: raw.why.trim().to_string(),
            languages,
            source_languages,
            severity: raw.severity,
            fix: raw.fix,
            contexts: raw
                .contexts
                .unwrap_or_else(|| vec![SegmentKind::Prose, SegmentKind::Attribute]),
            enabled: raw.enabled,
            origin: format!("{origin}:{line}"),
        }),
        matcher,
        examples,
        defined: None,
    })
}

fn parse_languages(codes: &[String]) -> Result<Vec<language::Lang>, String> {
    if codes.iter().any(|c| c == "*") {
        return Ok(Vec::new());
    }
    codes
        .iter()
        .map(|c| language::parse(c).map_err(|e| e.to_string()))
        .collect()
}

/// Marks in a bad example: `⟦` and `⟧` around the span the rule must report.
pub const SPAN_OPEN: char = '⟦';
pub const SPAN_CLOSE: char = '⟧';

/// Removes the span marks from an example, returning the text and the marked byte range.
fn unmark(marked: &str) -> Result<(String, Range<usize>), String> {
    let open = marked.find(SPAN_OPEN);
    let close = marked.find(SPAN_CLOSE);
    match (open, close) {
        (Some(open), Some(close)) if open < close => {
            let inner = &marked[open + SPAN_OPEN.len_utf8()..close];
            if inner.contains([SPAN_OPEN, SPAN_CLOSE])
                || marked[close + SPAN_CLOSE.len_utf8()..].contains([SPAN_OPEN, SPAN_CLOSE])
            {
                return Err(format!("example `{marked}` marks more than one span"));
            }
            let text = format!(
                "{}{}{}",
                &marked[..open],
                inner,
                &marked[close + SPAN_CLOSE.len_utf8()..]
            );
            Ok((text, open..open + inner.len()))
        }
        _ => Err(format!(
            "bad example `{marked}` must mark its span with {SPAN_OPEN}…{SPAN_CLOSE}"
        )),
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[[rule]]
id = "demo"
message = "m"
why = "w"
languages = ["en"]
pattern = 'x'
replacement = 'y'
good = ["a"]
[[rule.bad]]
text = "⟦x⟧"
fixed = "y"
"#;

    #[test]
    fn parses_a_minimal_rule() {
        let rules = parse(MINIMAL, "demo.toml", None).unwrap().rules;
        assert_eq!(rules[0].meta.id, "demo");
        assert_eq!(rules[0].meta.origin, "demo.toml:2");
        assert_eq!(rules[0].examples.len(), 2);
    }

    #[test]
    fn unknown_keys_name_file_and_line() {
        let text = MINIMAL.replace("replacement =", "replacment =");
        let err = parse(&text, "demo.toml", None).unwrap_err().to_string();
        assert!(err.starts_with("demo.toml:"), "{err}");
        assert!(err.contains("replacment"), "{err}");
    }

    #[test]
    fn invalid_regex_names_the_rule_line() {
        let text = MINIMAL.replace("pattern = 'x'", "pattern = '(x'");
        // A user's file (an allowance) compiles its patterns at once.
        let err = parse(&text, "demo.toml", Some(usize::MAX))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("demo.toml:2: rule `demo`"), "{err}");
    }

    #[test]
    fn examples_may_name_their_format() {
        let text = MINIMAL
            .replace(
                "good = [\"a\"]",
                "good = [\"a\", { text = \"x\\ty\", format = \"tsv\" }]",
            )
            .replace("fixed = \"y\"", "fixed = \"y\"\nformat = \"tsv\"");
        let rules = parse(&text, "demo.toml", None).unwrap().rules;
        let formats: Vec<Format> = rules[0].examples.iter().map(|e| e.format).collect();
        assert_eq!(formats, [Format::Text, Format::Tsv, Format::Tsv]);

        let unknown = text.replacen("format = \"tsv\"", "format = \"docx\"", 1);
        let err = parse(&unknown, "demo.toml", None).unwrap_err().to_string();
        assert!(err.contains("unknown example format `docx`"), "{err}");
    }

    #[test]
    fn unmark_finds_the_span() {
        assert_eq!(unmark("a ⟦bc⟧ d").unwrap(), ("a bc d".to_string(), 2..4));
        assert!(unmark("no marks").is_err());
        assert!(unmark("⟦a⟧ ⟦b⟧").is_err());
    }
}
