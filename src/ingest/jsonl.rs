//! The JSON Lines reader: one JSON record per line, and the string fields named by dotted
//! paths (`text`, `article.body`, `paragraphs.text`) are the prose.
//!
//! serde_json reads each record, keeping every value as the raw text it was written as, so
//! the reader knows where each string sits in the line and the rest of the record is never
//! re-serialised: a record with no repair goes back byte for byte. A path that meets an array
//! goes into every element. Each string is a paragraph of its own. A line that is not JSON is
//! noted with its line number and left as it is.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::value::RawValue;

use super::{ReadNote, Segment, SegmentKind};
use crate::normalize::Encoding;

/// The fields read when none are named.
pub const DEFAULT_FIELDS: &[&str] = &["text"];

pub(super) fn segments(source: &str, fields: &[String]) -> (Vec<Segment>, Vec<ReadNote>) {
    let mut segments = Vec::new();
    let mut notes = Vec::new();
    let mut start = 0;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            match strings_of(body, fields) {
                Ok(ranges) => {
                    for range in ranges {
                        let block = segments.len();
                        segments.push(Segment {
                            range: start + range.start..start + range.end,
                            kind: SegmentKind::Prose,
                            block,
                            encoding: Encoding::Json,
                            ..Segment::default()
                        });
                    }
                }
                Err(message) => notes.push(ReadNote {
                    line: index + 1,
                    message,
                }),
            }
        }
        start += line.len();
    }
    (segments, notes)
}

/// The byte ranges (inside the quotes) of the strings `fields` name in one record.
fn strings_of(record: &str, fields: &[String]) -> Result<Vec<Range<usize>>, String> {
    let root: &RawValue = serde_json::from_str(record).map_err(|e| format!("not JSON: {e}"))?;
    let mut ranges = Vec::new();
    for field in fields {
        let path: Vec<&str> = field.split('.').collect();
        collect(record, root, &path, &mut ranges)?;
    }
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    Ok(ranges)
}

fn collect<'a>(
    record: &'a str,
    value: &'a RawValue,
    path: &[&str],
    out: &mut Vec<Range<usize>>,
) -> Result<(), String> {
    let raw = value.get();
    let trimmed = raw.trim_start();
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(raw).map_err(|e| format!("not JSON: {e}"))?;
        for item in items {
            collect(record, item, path, out)?;
        }
        return Ok(());
    }
    match path.split_first() {
        None => {
            if trimmed.starts_with('"') {
                let at = offset_in(record, raw) + (raw.len() - trimmed.len());
                let end = at + trimmed.trim_end().len();
                out.push(at + 1..end - 1);
            }
            Ok(())
        }
        Some((key, rest)) => {
            if !trimmed.starts_with('{') {
                return Ok(());
            }
            let object: BTreeMap<String, &RawValue> =
                serde_json::from_str(raw).map_err(|e| format!("not JSON: {e}"))?;
            match object.get(*key) {
                Some(child) => collect(record, child, rest, out),
                None => Ok(()),
            }
        }
    }
}

/// Where `part`, a slice of `whole`, starts in it.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str, fields: &[&str]) -> (Vec<String>, Vec<usize>) {
        let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        let (segments, notes) = segments(source, &fields);
        (
            segments
                .iter()
                .map(|s| source[s.range.clone()].to_string())
                .collect(),
            notes.iter().map(|n| n.line).collect(),
        )
    }

    #[test]
    fn named_fields_nested_and_in_arrays() {
        let source = concat!(
            "{\"id\": 1, \"text\": \"He said \\\"yes\\\"\", \"meta\": {\"title\": \"A “t”\"}}\n",
            "not json\n",
            "{\"paragraphs\": [{\"text\": \"one\"}, {\"text\": \"two\"}], \"text\": 5}\n"
        );
        let (found, bad) = texts(source, &["text", "meta.title", "paragraphs.text"]);
        assert_eq!(found, ["He said \\\"yes\\\"", "A “t”", "one", "two"]);
        assert_eq!(bad, [2]);
    }
}
