//! The dates analyzer: day-only dates (`on the 24th`), which Korean, Japanese and Chinese
//! copy uses because the month is clear from the dateline (24일, 24日), and which English does
//! not.
//!
//! The repair needs the story's date, which a pattern cannot know: with `--date`, a day on or
//! before the dateline's day is in the dateline's month, a later day in the month before
//! (a story dated Oct. 26 that says "the 28th" looks back to Sept. 28), written the AP way
//! (`Oct. 24`, `March 3`; the month names are the rule's `months` option). Without a date the
//! finding has no repair. An ordinal followed by a noun (`on the 5th floor`, `on the 10th
//! anniversary`) is not a date; the nouns are the rule's `not-before` option.

use std::sync::LazyLock;

use regex::Regex;

use crate::analyzers::{AnalyzerInput, Checks, Hit};
use crate::dateline::Dateline;
use crate::ingest::SegmentKind;

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &["day-only"];

/// AP style: five months abbreviated, the short ones spelt out.
const AP_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// `on the 24th`, `since the 3rd`, `on the 27th and 28th`; the span starts at `the`.
static DAY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]ill|[Ff]rom|[Bb]efore|[Aa]fter) (?P<span>the (?P<first>[0-9]{1,2})(?:st|nd|rd|th)(?: (?P<joint>and|or|to|through) (?:the )?(?P<second>[0-9]{1,2})(?:st|nd|rd|th))?)(?-u:\b)",
    )
    .expect("valid pattern")
});

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    let Some(options) = checks.options("day-only") else {
        return;
    };
    let months = month_names(options);
    let not_before: Vec<&str> = options
        .get("not-before")
        .and_then(toml::Value::as_array)
        .map(|list| list.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    for (segment, view) in input.views.iter().enumerate() {
        if input.doc.segments[segment].kind == SegmentKind::Markup {
            continue;
        }
        let text: &str = &view.text;
        if !text.contains("the ") {
            continue;
        }
        for caps in DAY_ONLY.captures_iter(text) {
            let span = caps.name("span").expect("the pattern has a span");
            if followed_by_noun(&text[span.end()..], &not_before) {
                continue;
            }
            let replacement = input.dateline.and_then(|dateline| {
                let day = |name: &str| caps.name(name).and_then(|m| m.as_str().parse().ok());
                let first = full_date(dateline, day("first")?)?;
                let mut text = first.write(&months);
                if let (Some(joint), Some(second)) = (caps.name("joint"), day("second")) {
                    let second = full_date(dateline, second)?;
                    text.push_str(&format!(" {} ", joint.as_str()));
                    if second.month == first.month {
                        text.push_str(&second.day.to_string());
                    } else {
                        text.push_str(&second.write(&months));
                    }
                }
                Some(text)
            });
            out.push(Hit::replacing(
                "day-only",
                segment,
                span.range(),
                replacement,
            ));
        }
    }
}

/// The month names from the rule's `months` option, when it lists twelve; AP's otherwise.
fn month_names(options: &toml::Table) -> Vec<String> {
    let listed: Vec<String> = options
        .get("months")
        .and_then(toml::Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if listed.len() == 12 {
        listed
    } else {
        AP_MONTHS.iter().map(|m| m.to_string()).collect()
    }
}

/// Whether the ordinal is followed by a noun it counts (`the 5th floor`, `the 24th of`).
fn followed_by_noun(rest: &str, nouns: &[&str]) -> bool {
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    nouns.iter().any(|n| n.eq_ignore_ascii_case(&word))
}

/// A day with the month it falls in (1–12).
#[derive(Debug, PartialEq, Eq)]
struct FullDate {
    month: u32,
    day: u32,
}

impl FullDate {
    fn write(&self, months: &[String]) -> String {
        format!("{} {}", months[self.month as usize - 1], self.day)
    }
}

/// The date `day` refers to in a story dated `dateline`: this month up to the dateline's day,
/// the month before after it. `None` when that month has no such day.
fn full_date(dateline: Dateline, day: u32) -> Option<FullDate> {
    let (year, month) = if day <= dateline.day {
        (dateline.year, dateline.month)
    } else if dateline.month == 1 {
        (dateline.year - 1, 12)
    } else {
        (dateline.year, dateline.month - 1)
    };
    (day > 0 && day <= Dateline::days_in_month(year, month)).then_some(FullDate { month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Dateline {
        text.parse().unwrap()
    }

    fn months() -> Vec<String> {
        AP_MONTHS.iter().map(|m| m.to_string()).collect()
    }

    #[test]
    fn days_resolve_against_the_dateline() {
        let months = months();
        let on = |d: &str, day| full_date(date(d), day).map(|f| f.write(&months));
        assert_eq!(on("2024-10-26", 24).as_deref(), Some("Oct. 24"));
        assert_eq!(on("2024-10-26", 26).as_deref(), Some("Oct. 26"));
        assert_eq!(on("2024-10-26", 28).as_deref(), Some("Sept. 28"));
        assert_eq!(on("2024-01-05", 30).as_deref(), Some("Dec. 30"));
        assert_eq!(on("2024-03-02", 30), None, "February has no 30th");
        assert_eq!(on("2024-03-02", 29).as_deref(), Some("Feb. 29"));
        assert_eq!(on("2024-07-09", 4).as_deref(), Some("July 4"));
    }

    #[test]
    fn ordinals_of_nouns_are_not_dates() {
        let nouns = ["floor", "of"];
        assert!(followed_by_noun(" floor of the building", &nouns));
        assert!(followed_by_noun(" of October", &nouns));
        assert!(!followed_by_noun(" (local time)", &nouns));
        assert!(!followed_by_noun(", he said", &nouns));
    }
}
