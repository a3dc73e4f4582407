//! Suppression comments: `<!-- mtscrub-disable RULE -->` … `<!-- mtscrub-enable RULE -->` in
//! HTML and Markdown turn rules off for the text between them (all rules when none is named;
//! several as `RULE, RULE`). A disable without an enable runs to the end of the file.
//!
//! Suppression applies to findings after detection, so a suppressed finding is neither
//! reported nor repaired, and rules need know nothing about it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::detect::Finding;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*mtscrub-(disable|enable)((?:\s+[a-z0-9\-]+\s*,?)*)\s*-->")
        .expect("valid suppression pattern")
});

/// Where rules are off: `None` for every rule, or the named ones.
#[derive(Debug, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Option<Vec<String>>,
    pub range: Range<usize>,
}

/// The suppressed stretches of `source`.
pub fn suppressions(source: &str) -> Vec<Suppression> {
    if !source.contains("mtscrub-disable") {
        return Vec::new();
    }
    let mut open: Vec<(Option<Vec<String>>, usize)> = Vec::new();
    let mut out = Vec::new();
    for caps in COMMENT.captures_iter(source) {
        let whole = caps.get(0).expect("match");
        let names: Vec<String> = caps[2]
            .split([',', ' ', '\t', '\n', '\r'])
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        let rules = (!names.is_empty()).then_some(names);
        if &caps[1] == "disable" {
            open.push((rules, whole.end()));
        } else if let Some(at) = open.iter().rposition(|(r, _)| *r == rules) {
            let (rules, start) = open.remove(at);
            out.push(Suppression {
                rules,
                range: start..whole.start(),
            });
        }
    }
    out.extend(open.into_iter().map(|(rules, start)| Suppression {
        rules,
        range: start..source.len(),
    }));
    out
}

/// Drops the findings that a suppression covers.
pub fn apply(source: &str, findings: &mut Vec<Finding>) {
    let stretches = suppressions(source);
    if stretches.is_empty() {
        return;
    }
    findings.retain(|f| {
        !stretches.iter().any(|s| {
            s.range.contains(&f.range.start)
                && s.rules
                    .as_ref()
                    .is_none_or(|rules| rules.contains(&f.rule.id))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_between_comments() {
        let text = "a <!-- mtscrub-disable quote-doubled, quote-unclosed --> b <!-- mtscrub-enable quote-doubled, quote-unclosed --> c <!-- mtscrub-disable --> d";
        let found = suppressions(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].rules.as_deref(),
            Some(&["quote-doubled".to_string(), "quote-unclosed".to_string()][..])
        );
        assert_eq!(&text[found[0].range.clone()], " b ");
        assert_eq!(found[1].rules, None);
        assert_eq!(&text[found[1].range.clone()], " d");
    }
}
