//! The JSON Lines reader: one JSON record per line, and the string fields named by dotted
//! paths (`text`, `article.body`, `paragraphs.text`) are the prose.
//!
//! serde_json reads each record, keeping every value as the raw text it was written as, so
//! the reader knows where each string sits in the line and the rest of the record is never
//! re-serialised: a record with no repair goes back byte for byte. A path that meets an array
//! goes into every element. Each string is a paragraph of its own. A line that is not JSON is
//! noted with its line number and left as it is.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
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
///
/// A record that is an object (nearly all are) is read once, its members kept as raw text
/// under their keys; anything else, and an object that does not read that way, is read as
/// raw JSON, which also words the error of a line that is not JSON.
fn strings_of(record: &str, fields: &[String]) -> Result<Vec<Range<usize>>, String> {
    enum Root<'a> {
        Object(Object<'a>),
        Other(&'a RawValue),
    }
    let root = match serde_json::from_str::<Object>(record) {
        Ok(object) => Root::Object(object),
        Err(_) => Root::Other(serde_json::from_str(record).map_err(|e| format!("not JSON: {e}"))?),
    };
    let mut ranges = Vec::new();
    for field in fields {
        let path: Vec<&str> = field.split('.').collect();
        match &root {
            Root::Object(object) => collect_in(record, object, &path, &mut ranges)?,
            Root::Other(raw) => collect(record, raw, &path, &mut ranges)?,
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    Ok(ranges)
}

/// A JSON object's members as raw text, in order, each under its key (borrowed from the
/// record unless the key has escapes).
struct Object<'a> {
    members: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> Object<'a> {
    /// The value of `key`: the last member of that name, as a map would keep it.
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }
}

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Object<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(Key(key)) = map.next_key()? {
                    members.push((key, map.next_value()?));
                }
                Ok(Object { members })
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// An object's key, borrowed from the record when it can be.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }

            fn visit_str<E>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.to_string())))
            }
        }
        deserializer.deserialize_str(Text)
    }
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
        Some(_) => {
            if !trimmed.starts_with('{') {
                return Ok(());
            }
            let object: Object = serde_json::from_str(raw).map_err(|e| format!("not JSON: {e}"))?;
            collect_in(record, &object, path, out)
        }
    }
}

/// [`collect`] under the member of `object` that `path` begins with.
fn collect_in<'a>(
    record: &'a str,
    object: &Object<'a>,
    path: &[&str],
    out: &mut Vec<Range<usize>>,
) -> Result<(), String> {
    match path
        .split_first()
        .and_then(|(key, rest)| Some((object.get(key)?, rest)))
    {
        Some((child, rest)) => collect(record, child, rest, out),
        None => Ok(()),
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

    /// The strings of `fields` as the reader first found them: the record read as raw JSON,
    /// then each object on the path again as a map.
    fn strings_by_maps(record: &str, fields: &[String]) -> Result<Vec<Range<usize>>, String> {
        fn walk<'a>(
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
                return items
                    .into_iter()
                    .try_for_each(|i| walk(record, i, path, out));
            }
            match path.split_first() {
                None if trimmed.starts_with('"') => {
                    let at = offset_in(record, raw) + (raw.len() - trimmed.len());
                    out.push(at + 1..at + trimmed.trim_end().len() - 1);
                }
                Some((key, rest)) if trimmed.starts_with('{') => {
                    let object: std::collections::BTreeMap<String, &RawValue> =
                        serde_json::from_str(raw).map_err(|e| format!("not JSON: {e}"))?;
                    if let Some(child) = object.get(*key) {
                        walk(record, child, rest, out)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        let root: &RawValue = serde_json::from_str(record).map_err(|e| format!("not JSON: {e}"))?;
        let mut ranges = Vec::new();
        for field in fields {
            let path: Vec<&str> = field.split('.').collect();
            walk(record, root, &path, &mut ranges)?;
        }
        ranges.sort_by_key(|r| r.start);
        ranges.dedup();
        Ok(ranges)
    }

    /// Records as a corpus has them and as a broken one might: reading each object once finds
    /// what reading raw JSON and then maps finds, and fails where it fails, with the same
    /// words.
    #[test]
    fn objects_read_once_read_as_raw_json() {
        let records = [
            r#"{"id": 1, "text": "He said \"yes\"", "meta": {"title": "A “t”"}}"#,
            r#"{"text": "first", "text": "second"}"#,
            r#"{"te\u0078t": "escaped key", "meta": {"title": 5}}"#,
            r#"{"paragraphs": [{"text": "one"}, {"text": "two"}], "text": 5}"#,
            r#"  { "text" : "spaced" , "meta" : null }  "#,
            r#"{"text": ["a", "b", {"text": "c"}]}"#,
            r#"{"bad": "\ud800", "text": "lone surrogate in a value"}"#,
            r#"{"\ud800": 1, "text": "lone surrogate in a key"}"#,
            r#"{"meta": {"\ud800": 1, "title": "nested"}, "text": "x"}"#,
            r#"{"meta": {"title": "a", "title": "b"}, "paragraphs": [{"text": 1}, "s"]}"#,
            r#"["text", {"text": "array root"}]"#,
            r#""just a string""#,
            r#"{"text": "unclosed"#,
            r#"{"text": "trailing"} x"#,
            r#"{"text" "no colon"}"#,
            "{}",
            "not json",
        ];
        let fields: Vec<String> = ["text", "meta.title", "paragraphs.text"]
            .iter()
            .map(|f| f.to_string())
            .collect();
        for record in records {
            assert_eq!(
                strings_of(record, &fields),
                strings_by_maps(record, &fields),
                "{record}"
            );
        }
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
