//! The TMX reader, for translation memories exchanged between tools.
//!
//! A `<tu>` holds the same text in several languages, one `<tuv>` each, and TMX does not say
//! which of them is the translation. The header's `srclang` (or the unit's own) names the
//! source; every other variant is a target, so a memory with several target languages has all
//! of them checked. Each target variant is a block of its own, its segments are the text runs
//! of its `<seg>`, its language is the variant's `xml:lang`, and it `translates` the source
//! variant's `<seg>`. Blocks are numbered per language, so that units of one language follow
//! each other (a quotation may run on into the next unit) while a unit's variants in two
//! languages are never read as one running text. A `srclang` of `*all*`, or
//! one no variant has, makes the unit's first variant the source.

use std::ops::Range;

use quick_xml::events::Event;

use super::xml::{attribute, local_name, stated_lang, text_runs, Events};
use super::{Segment, SegmentKind};
use crate::error::Result;
use crate::language;

/// How far apart the block numbers of two target languages are.
const LANGUAGE_BLOCKS: usize = usize::MAX / 1024;
/// Target languages numbered apart; any further share the last number.
const MAX_LANGUAGES: usize = 1023;

/// One language variant of a unit: its stated language and its `<seg>` content.
struct Variant {
    lang: Option<String>,
    seg: Option<Range<usize>>,
}

pub(super) fn segments(source: &str) -> Result<Vec<Segment>> {
    let mut events = Events::new(source);
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut header_source: Option<String> = None;
    // The current unit's source language and variants.
    let mut unit: Option<(Option<String>, Vec<Variant>)> = None;
    // Target languages in order of appearance, and units read.
    let mut languages: Vec<String> = Vec::new();
    let mut units = 0usize;

    while let Some(item) = events.next()? {
        match &item.event {
            Event::Start(element) | Event::Empty(element) => {
                let empty = matches!(item.event, Event::Empty(_));
                let name = local_name(element).to_string();
                let parent = open.last().map(String::as_str);
                match (name.as_str(), parent) {
                    ("header", _) => header_source = attribute(element, "srclang"),
                    ("tu", _) if !empty => {
                        let own = attribute(element, "srclang").or_else(|| header_source.clone());
                        unit = Some((own, Vec::new()));
                    }
                    ("tuv", Some("tu")) => {
                        if let Some((_, variants)) = unit.as_mut() {
                            variants.push(Variant {
                                lang: stated_lang(element),
                                seg: None,
                            });
                        }
                    }
                    ("seg", Some("tuv")) if !empty => {
                        let content = events.content(&item.range)?;
                        if let Some(variant) = unit.as_mut().and_then(|(_, v)| v.last_mut()) {
                            variant.seg = Some(content);
                        }
                        continue;
                    }
                    _ => {}
                }
                if !empty {
                    open.push(name);
                }
            }
            Event::End(_) => {
                let closed = open.pop();
                let finished = unit.take_if(|_| closed.as_deref() == Some("tu"));
                if let Some((source_lang, variants)) = finished {
                    units += 1;
                    push_unit(
                        source,
                        source_lang,
                        &variants,
                        units,
                        &mut languages,
                        &mut out,
                    );
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|s| (s.range.start, s.range.end));
    Ok(out)
}

/// The segments of a unit's target variants.
fn push_unit(
    source: &str,
    source_lang: Option<String>,
    variants: &[Variant],
    unit: usize,
    languages: &mut Vec<String>,
    out: &mut Vec<Segment>,
) {
    let source_index = source_lang
        .filter(|l| !l.eq_ignore_ascii_case("*all*"))
        .and_then(|wanted| {
            let same =
                |v: &Variant, f: fn(&str) -> String| v.lang.as_deref().map(f) == Some(f(&wanted));
            variants
                .iter()
                .position(|v| same(v, |l| l.to_ascii_lowercase()))
                .or_else(|| variants.iter().position(|v| same(v, primary_subtag)))
        })
        .unwrap_or(0);
    let translates = variants.get(source_index).and_then(|v| v.seg.clone());
    for (i, variant) in variants.iter().enumerate() {
        let Some(seg) = variant.seg.clone().filter(|_| i != source_index) else {
            continue;
        };
        let key = variant
            .lang
            .as_deref()
            .map_or(String::new(), str::to_ascii_lowercase);
        let slot = languages.iter().position(|l| *l == key).unwrap_or_else(|| {
            languages.push(key);
            languages.len() - 1
        });
        let block = slot.min(MAX_LANGUAGES) * LANGUAGE_BLOCKS + unit;
        let lang = variant
            .lang
            .as_deref()
            .and_then(|l| language::parse(l).ok());
        for run in text_runs(&source[seg.clone()], seg.start) {
            out.push(Segment {
                range: run.range,
                kind: SegmentKind::Prose,
                block,
                encoding: run.encoding,
                lang,
                translates: translates.clone(),
            });
        }
    }
}

/// The language of a tag without its region, lower case: `en` for `EN-us`.
fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

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

    #[test]
    fn every_variant_but_the_source_is_a_target() {
        let source = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="ko-KR" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
  <body>
    <tu tuid="1">
      <prop type="x-domain">news</prop>
      <tuv xml:lang="en-US"><seg>He said, <bpt i="1">&lt;b&gt;</bpt>“No.”<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="ko-KR"><seg>“아니다.”</seg></tuv>
      <tuv xml:lang="de"><seg>„Nein.“</seg></tuv>
    </tu>
    <tu srclang="en"><tuv lang="EN"><seg>One</seg></tuv><tuv lang="fr"><seg>Un</seg></tuv></tu>
  </body>
</tmx>"#;
        assert_eq!(
            texts(source),
            [
                ("He said, ", 1, Some("en-US"), Some("“아니다.”")),
                ("“No.”", 1, Some("en-US"), Some("“아니다.”")),
                (
                    "„Nein.“",
                    LANGUAGE_BLOCKS + 1,
                    Some("de"),
                    Some("“아니다.”")
                ),
                ("Un", 2 * LANGUAGE_BLOCKS + 2, Some("fr"), Some("One")),
            ]
        );
    }

    #[test]
    fn without_a_source_language_the_first_variant_is_the_source() {
        let source = r#"<tmx><header srclang="*all*"/><body><tu><tuv xml:lang="ja"><seg>はい</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu></body></tmx>"#;
        assert_eq!(texts(source), [("Yes", 1, Some("en"), Some("はい"))]);
    }

    #[test]
    fn units_of_one_language_follow_each_other() {
        let unit = |n: usize| {
            format!(
                r#"<tu><tuv xml:lang="ko"><seg>{n}</seg></tuv><tuv xml:lang="en"><seg>E{n}</seg></tuv><tuv xml:lang="de"><seg>D{n}</seg></tuv></tu>"#
            )
        };
        let source = format!(
            r#"<tmx><header srclang="ko"/><body>{}{}</body></tmx>"#,
            unit(1),
            unit(2)
        );
        let blocks: Vec<(&str, usize)> = segments(&source)
            .unwrap()
            .into_iter()
            .map(|s| (&source[s.range], s.block))
            .collect();
        let (e1, d1, e2, d2) = (blocks[0].1, blocks[1].1, blocks[2].1, blocks[3].1);
        assert_eq!((e2, d2), (e1 + 1, d1 + 1));
        assert!(d1.abs_diff(e1) > 1 && e2.abs_diff(d1) > 1);
    }

    #[test]
    fn an_unclosed_unit_is_an_error() {
        let source = "<tmx><body><tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></body></tmx>";
        assert!(matches!(segments(source), Err(Error::Xml { .. })));
    }
}
