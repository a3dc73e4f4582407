//! The XLIFF reader (XLIFF 1.2 and 2.0), for bilingual files from translation tools.
//!
//! Only the target text is the copy a reader will see, so only it becomes segments; the source
//! text of the same pair is kept as the segments' `translates` range for the checks that
//! compare a translation with its source. Both versions are read by one walk over the events,
//! since they differ only in names: a translation unit is `<trans-unit>` (1.2) or `<unit>`
//! (2.0), and a source/target pair sits in the `<trans-unit>` itself (1.2) or in each
//! `<segment>` and `<ignorable>` of a `<unit>` (2.0). A unit is one block, so a quotation that
//! runs across the sentences of a 2.0 unit is read whole. A `<source>` or `<target>` anywhere
//! else (alternative translations in `<alt-trans>`, notes, metadata) is not the unit's and is
//! skipped. Units marked `translate="no"` are left alone. The target language is the target's
//! `xml:lang`, else the file's `target-language` (1.2) or the root's `trgLang` (2.0).

use std::ops::Range;

use quick_xml::events::Event;

use super::xml::{attribute, local_name, stated_lang, text_runs, Events};
use super::{Segment, SegmentKind};
use crate::error::Result;
use crate::language::{self, Lang};

/// A source/target pair being read.
#[derive(Default)]
struct Pair {
    source: Option<Range<usize>>,
    target: Option<(Range<usize>, Option<Lang>)>,
}

/// Elements that hold one source/target pair.
const PAIR_ELEMENTS: &[&str] = &["trans-unit", "segment", "ignorable"];

pub(super) fn segments(source: &str) -> Result<Vec<Segment>> {
    let mut events = Events::new(source);
    let mut out = Vec::new();
    // Local names of the open elements.
    let mut open: Vec<String> = Vec::new();
    // `trgLang` of the root (2.0) and `target-language` of the current `<file>` (1.2).
    let mut document_lang: Option<Lang> = None;
    let mut file_lang: Option<Lang> = None;
    let mut block = 0usize;
    let mut pair: Option<Pair> = None;

    while let Some(item) = events.next()? {
        match &item.event {
            Event::Start(element) => {
                let name = local_name(element).to_string();
                let parent = open.last().map(String::as_str);
                let in_pair = parent.is_some_and(|p| PAIR_ELEMENTS.contains(&p));
                match name.as_str() {
                    "xliff" => document_lang = lang_of(attribute(element, "trgLang")),
                    "file" => {
                        file_lang = lang_of(attribute(element, "target-language")).or(document_lang)
                    }
                    "trans-unit" | "unit" => {
                        if attribute(element, "translate").as_deref() == Some("no") {
                            events.content(&item.range)?;
                            continue;
                        }
                        block += 1;
                        if name == "trans-unit" {
                            pair = Some(Pair::default());
                        }
                    }
                    "segment" | "ignorable" if parent == Some("unit") => {
                        pair = Some(Pair::default());
                    }
                    "source" if in_pair => {
                        let content = events.content(&item.range)?;
                        if let Some(pair) = pair.as_mut() {
                            pair.source = Some(content);
                        }
                        continue;
                    }
                    "target" if in_pair => {
                        let lang = lang_of(stated_lang(element))
                            .or(file_lang)
                            .or(document_lang);
                        let content = events.content(&item.range)?;
                        if let Some(pair) = pair.as_mut() {
                            pair.target = Some((content, lang));
                        }
                        continue;
                    }
                    _ => {}
                }
                open.push(name);
            }
            Event::End(_) => {
                let closed = open.pop();
                if closed.is_some_and(|name| PAIR_ELEMENTS.contains(&name.as_str())) {
                    if let Some(pair) = pair.take() {
                        push_pair(source, pair, block, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The segments of a pair's target: one per text run, all in the unit's block.
fn push_pair(source: &str, pair: Pair, block: usize, out: &mut Vec<Segment>) {
    let Some((target, lang)) = pair.target else {
        return;
    };
    for run in text_runs(&source[target.clone()], target.start) {
        out.push(Segment {
            range: run.range,
            kind: SegmentKind::Prose,
            block,
            encoding: run.encoding,
            lang,
            translates: pair.source.clone(),
        });
    }
}

/// A stated language code, when mtscrub knows it.
fn lang_of(code: Option<String>) -> Option<Lang> {
    code.and_then(|c| language::parse(&c).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::normalize::Encoding;

    fn texts(source: &str) -> Vec<(&str, usize, Option<&str>, Option<&str>)> {
        segments(source)
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    &source[s.range],
                    s.block,
                    s.lang,
                    s.translates.map(|r| &source[r]),
                )
            })
            .collect()
    }

    const V12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="ko" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1">
        <source>“그렇다.”</source>
        <target state="translated">He said, <g id="1">“Yes.</g>” &amp; left.</target>
        <alt-trans><source>x</source><target>Not this one.</target></alt-trans>
        <note>Not this either.</note>
      </trans-unit>
      <trans-unit id="2" translate="no"><source>BTS</source><target>BTS</target></trans-unit>
      <trans-unit id="3"><source>둘</source><target xml:lang="en-GB">Two<x id="2"/></target></trans-unit>
      <trans-unit id="4"><source>셋</source><target/></trans-unit>
    </body>
  </file>
</xliff>"#;

    #[test]
    fn reads_xliff_1_2_targets_only() {
        assert_eq!(
            texts(V12),
            [
                ("He said, ", 1, Some("en"), Some("“그렇다.”")),
                ("“Yes.", 1, Some("en"), Some("“그렇다.”")),
                ("” &amp; left.", 1, Some("en"), Some("“그렇다.”")),
                ("Two", 2, Some("en-GB"), Some("둘")),
            ]
        );
        let segments = segments(V12).unwrap();
        assert!(segments.iter().all(|s| s.encoding == Encoding::Xml));
    }

    #[test]
    fn reads_xliff_2_0_units_as_blocks() {
        let source = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ja" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <originalData><data id="d1">&lt;b&gt;</data></originalData>
   <segment id="s1"><source>「よし。</source><target>“Good.</target></segment>
   <ignorable><source> </source><target> </target></ignorable>
   <segment id="s2"><source>行こう」</source><target><pc id="1" dataRefStart="d1">Let’s</pc> go<ph id="2"/>.”</target></segment>
  </unit>
  <unit id="u2"><segment><source>終</source><target>End</target></segment></unit>
 </file>
</xliff>"#;
        assert_eq!(
            texts(source),
            [
                ("“Good.", 1, Some("en"), Some("「よし。")),
                (" ", 1, Some("en"), Some(" ")),
                ("Let’s", 1, Some("en"), Some("行こう」")),
                (" go", 1, Some("en"), Some("行こう」")),
                (".”", 1, Some("en"), Some("行こう」")),
                ("End", 2, Some("en"), Some("終")),
            ]
        );
    }

    #[test]
    fn malformed_xliff_is_an_error_with_its_offset() {
        let broken = V12.replace("</g>", "</b>");
        let at = broken.find("</b>").unwrap();
        match segments(&broken) {
            Err(Error::Xml { offset, .. }) => assert_eq!(offset, at),
            other => panic!("{other:?}"),
        }
    }
}
