//! What the XML readers (XLIFF, TMX) share: quick-xml events with their byte ranges, errors
//! that name the byte offset, and the text runs of an element's inline content.
//!
//! Translation tools keep the formatting of the original document as inline tags inside the
//! text (`<g>`, `<x/>`, `<ph>`, `<bpt>`/`<ept>`, `<pc>`, `<mrk>`). A repair must never reach
//! across one, so the text between two tags is a segment of its own, and the bytes of the
//! tags are never part of a segment. Elements that hold native code instead of text (`<ph>`,
//! `<bpt>`, `<ept>`, `<it>`, `<ut>`) are skipped whole. quick-xml reports an entity as an event
//! of its own, so text and references next to each other are joined into one run; the run
//! keeps its references, which the normalized view decodes (`Encoding::Xml`).

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Result};
use crate::normalize::{Encoding, View};

/// Inline elements whose content is the original document's code, not text a reader sees.
const CODE_ELEMENTS: &[&str] = &["ph", "bpt", "ept", "it", "ut"];

/// A run of text between inline tags: its byte range and how it is escaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub encoding: Encoding,
}

/// An XML event with the byte range it was read from.
pub(super) struct Item<'a> {
    pub event: Event<'a>,
    pub range: Range<usize>,
}

/// An XML reader that reports byte ranges of the original text and checks that every element
/// is closed.
pub(super) struct Events<'a> {
    reader: Reader<&'a [u8]>,
    /// Bytes before what quick-xml reads (a byte order mark, which it skips without counting).
    base: usize,
    /// Elements open at the current position.
    depth: usize,
    done: bool,
}

impl<'a> Events<'a> {
    pub fn new(source: &'a str) -> Events<'a> {
        let base = if source.starts_with('\u{feff}') { 3 } else { 0 };
        Events {
            reader: Reader::from_str(&source[base..]),
            base,
            depth: 0,
            done: false,
        }
    }

    /// The next event; `None` at the end of a well-formed document.
    pub fn next(&mut self) -> Result<Option<Item<'a>>> {
        if self.done {
            return Ok(None);
        }
        let start = self.position();
        let event = self.reader.read_event().map_err(|e| Error::Xml {
            offset: self.base + self.reader.error_position() as usize,
            message: one_line(&e.to_string()),
        })?;
        let range = start..self.position();
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof => {
                self.done = true;
                if self.depth > 0 {
                    return Err(Error::Xml {
                        offset: range.end,
                        message: format!(
                            "the document ends with {} element(s) still open",
                            self.depth
                        ),
                    });
                }
                return Ok(None);
            }
            _ => {}
        }
        Ok(Some(Item { event, range }))
    }

    /// Reads to the end of the element whose start tag was just read; returns the byte range
    /// of its content (between the start tag and the end tag).
    pub fn content(&mut self, start_tag: &Range<usize>) -> Result<Range<usize>> {
        let mut depth = 0usize;
        loop {
            let Some(item) = self.next()? else {
                // `next` reports the unclosed element before this is reached.
                return Ok(start_tag.end..start_tag.end);
            };
            match item.event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(start_tag.end..item.range.start),
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
    }

    fn position(&self) -> usize {
        self.base + self.reader.buffer_position() as usize
    }
}

/// An element's name without its namespace prefix.
pub(super) fn local_name<'e>(element: &'e BytesStart<'_>) -> &'e str {
    let name = element.name().0;
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of the attribute named exactly `name` (`xml:lang`, `srclang`), entities decoded.
pub(super) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.0 == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.trim().to_string())
}

/// The language an element states (`xml:lang`, or TMX 1.1's `lang`), parsed.
pub(super) fn stated_lang(element: &BytesStart<'_>) -> Option<String> {
    attribute(element, "xml:lang").or_else(|| attribute(element, "lang"))
}

/// The text runs of `content`, an element's inline content starting at byte `base` of the
/// document: text between tags, with references joined to the text around them; CDATA
/// sections as runs of their own (their text is literal). Code elements are skipped whole.
/// Offsets in the result are document offsets.
pub fn text_runs(content: &str, base: usize) -> Vec<Run> {
    let mut events = Events::new(content);
    // Content starting with U+FEFF has it skipped as if it were a byte order mark: the
    // character is invisible, and left as it is.
    let mut runs = Vec::new();
    let mut open: Option<Range<usize>> = None;
    let mut code_depth = 0usize;
    let close = |open: &mut Option<Range<usize>>, runs: &mut Vec<Run>| {
        if let Some(range) = open.take() {
            runs.push(Run {
                range: base + range.start..base + range.end,
                encoding: Encoding::Xml,
            });
        }
    };
    // The content was read once already as part of its document, so an error cannot occur
    // here; if it does, the runs found so far are kept.
    while let Ok(Some(item)) = events.next() {
        match &item.event {
            Event::Text(_) | Event::GeneralRef(_) if code_depth == 0 => {
                if !item.range.is_empty() {
                    open = Some(match open.take() {
                        Some(run) => run.start..item.range.end,
                        None => item.range.clone(),
                    });
                }
            }
            Event::Text(_) | Event::GeneralRef(_) => {}
            Event::CData(_) => {
                close(&mut open, &mut runs);
                // `<![CDATA[` is 9 bytes, `]]>` 3.
                let inner = item.range.start + 9..item.range.end.saturating_sub(3);
                if code_depth == 0 && inner.start < inner.end {
                    runs.push(Run {
                        range: base + inner.start..base + inner.end,
                        encoding: Encoding::Plain,
                    });
                }
            }
            Event::Start(tag) => {
                close(&mut open, &mut runs);
                if code_depth > 0 || CODE_ELEMENTS.contains(&local_name(tag)) {
                    code_depth += 1;
                }
            }
            Event::End(_) => {
                close(&mut open, &mut runs);
                code_depth = code_depth.saturating_sub(1);
            }
            _ => close(&mut open, &mut runs),
        }
    }
    close(&mut open, &mut runs);
    runs
}

/// The text a reader sees in `content` (an element's inline content, written in
/// `encoding`): its runs, escapes decoded and NFC, joined.
pub fn readable_text(content: &str, encoding: Encoding) -> String {
    if encoding != Encoding::Xml {
        return View::new(content, 0, encoding).text.into_owned();
    }
    text_runs(content, 0)
        .into_iter()
        .map(|run| {
            View::new(&content[run.range], 0, run.encoding)
                .text
                .into_owned()
        })
        .collect()
}

/// An error message on one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(content: &str) -> Vec<&str> {
        text_runs(content, 0)
            .into_iter()
            .map(|r| &content[r.range])
            .collect()
    }

    #[test]
    fn runs_stop_at_every_tag_and_join_references() {
        assert_eq!(
            runs("He said, <g id=\"1\">&#8220;We</g> are<x id=\"2\"/> ready &amp; able."),
            ["He said, ", "&#8220;We", " are", " ready &amp; able."]
        );
    }

    #[test]
    fn code_elements_are_skipped_with_what_they_hold() {
        assert_eq!(
            runs("A <bpt id=\"1\">&lt;b&gt;<sub>x</sub></bpt>bold<ept id=\"1\">&lt;/b&gt;</ept> B"),
            ["A ", "bold", " B"]
        );
        assert_eq!(runs("<ph id=\"1\">{0}</ph> items"), [" items"]);
    }

    #[test]
    fn cdata_is_a_literal_run() {
        let content = "a <![CDATA[b & c]]> d";
        let found = text_runs(content, 10);
        assert_eq!(found[1].range, 21..26);
        assert_eq!(found[1].encoding, Encoding::Plain);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn readable_text_decodes_and_drops_tags() {
        assert_eq!(
            readable_text("“Yes,&#8221; <g id=\"1\">he</g> &amp; she", Encoding::Xml),
            "“Yes,” he & she"
        );
        assert_eq!(readable_text("a &amp; b", Encoding::Plain), "a &amp; b");
    }

    #[test]
    fn malformed_xml_names_the_offset() {
        let mut events = Events::new("<a><b>text</a>");
        let err = loop {
            match events.next() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("expected an error"),
                Err(e) => break e,
            }
        };
        assert!(matches!(err, Error::Xml { offset: 10, .. }), "{err:?}");
        let mut events = Events::new("<a><b>");
        let err = std::iter::from_fn(|| events.next().transpose())
            .find_map(|r| r.err())
            .expect("unclosed elements are an error");
        assert!(matches!(err, Error::Xml { offset: 6, .. }), "{err:?}");
    }

    #[test]
    fn a_byte_order_mark_is_counted() {
        let source = "\u{feff}<a>x</a>";
        let mut events = Events::new(source);
        let first = events.next().unwrap().unwrap();
        assert_eq!(&source[first.range], "<a>");
    }
}
