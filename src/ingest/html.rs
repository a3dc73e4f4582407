//! The HTML reader, built on lol_html's streaming tokenizer.
//!
//! lol_html reports each text chunk and start tag with its byte range in the input, which is
//! what a reader of the original bytes needs; we only listen and never rewrite. Text nodes
//! become prose segments; the values of attributes a reader sees (alt, title, aria-label,
//! placeholder, description meta content) become attribute segments; tags become markup
//! segments for the rules that mend broken attribute quoting. Script, style, pre, code and
//! textarea content is not prose and is skipped, as are comments.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::TextType;
use lol_html::{doc_comments, doc_text, element, HtmlRewriter, Settings};

use super::markup::tag_spans;
use super::{Segment, SegmentKind};
use crate::error::{Error, Result};
use crate::normalize::Encoding;

/// Attributes whose values are read by people.
const READABLE_ATTRIBUTES: &[&str] = &["alt", "title", "aria-label", "placeholder"];

/// Elements that start and end a paragraph; other elements (b, i, a, span, …) are inline and
/// leave their text in the paragraph around them.
const BLOCK_ELEMENTS: &str =
    "address, article, aside, blockquote, body, dd, details, div, dl, dt, \
    figcaption, figure, footer, form, h1, h2, h3, h4, h5, h6, header, hr, html, li, main, nav, \
    ol, p, pre, section, summary, table, td, th, tr, ul, br";

/// Where attribute values' block numbers start, far above any text block's.
const ATTRIBUTE_BLOCKS: usize = usize::MAX / 2;

/// Elements whose text is code or verbatim, never prose.
const VERBATIM_ELEMENTS: &str = "pre, code, textarea, script, style, kbd, samp, var";

pub(super) fn segments(source: &str) -> Result<Vec<Segment>> {
    let segments = Rc::new(RefCell::new(Vec::new()));
    let verbatim_depth = Rc::new(Cell::new(0usize));
    let pending_text: Rc<RefCell<Option<Range<usize>>>> = Rc::new(RefCell::new(None));
    // The current paragraph: a new one begins at every block element's start and end.
    let block = Rc::new(Cell::new(0usize));
    // Script, style and verbatim text, where a `<…>` is not a tag.
    let opaque: Rc<RefCell<Vec<Range<usize>>>> = Rc::new(RefCell::new(Vec::new()));

    let settings = Settings::new()
        .append_element_content_handler(element!(BLOCK_ELEMENTS, {
            let block = block.clone();
            move |el| {
                block.set(block.get() + 1);
                if let Some(handlers) = el.end_tag_handlers() {
                    let block = block.clone();
                    let on_end: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                        block.set(block.get() + 1);
                        Ok(())
                    });
                    handlers.push(on_end);
                }
                Ok(())
            }
        }))
        .append_element_content_handler(element!(VERBATIM_ELEMENTS, {
            let depth = verbatim_depth.clone();
            move |el| {
                if let Some(handlers) = el.end_tag_handlers() {
                    depth.set(depth.get() + 1);
                    let depth = depth.clone();
                    let on_end: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                        depth.set(depth.get().saturating_sub(1));
                        Ok(())
                    });
                    handlers.push(on_end);
                }
                Ok(())
            }
        }))
        .append_element_content_handler(element!("*", {
            let segments = segments.clone();
            let mut attribute_block = ATTRIBUTE_BLOCKS;
            move |el| {
                let tag = el.source_location().bytes();
                let is_description = el.tag_name().eq_ignore_ascii_case("meta")
                    && el
                        .get_attribute("name")
                        .or_else(|| el.get_attribute("property"))
                        .is_some_and(|n| n.to_ascii_lowercase().ends_with("description"));
                let mut out = segments.borrow_mut();
                for (name, value) in attribute_values(&source[tag.clone()]) {
                    let readable = READABLE_ATTRIBUTES
                        .iter()
                        .any(|a| name.eq_ignore_ascii_case(a))
                        || (is_description && name.eq_ignore_ascii_case("content"));
                    if readable && !value.is_empty() {
                        // An attribute value is a paragraph of its own, numbered apart so it
                        // does not split the paragraph of the element it sits on.
                        attribute_block += 1;
                        // The delimiter before the value; 0 for an unquoted value.
                        let quote = value
                            .start
                            .checked_sub(1)
                            .map(|i| source.as_bytes()[tag.start + i])
                            .filter(|q| matches!(q, b'"' | b'\''))
                            .unwrap_or(0);
                        out.push(Segment {
                            range: tag.start + value.start..tag.start + value.end,
                            kind: SegmentKind::Attribute,
                            block: attribute_block,
                            encoding: Encoding::HtmlAttribute(quote),
                            ..Segment::default()
                        });
                    }
                }
                Ok(())
            }
        }))
        .append_document_content_handler(doc_comments!({
            let opaque = opaque.clone();
            move |comment| {
                opaque.borrow_mut().push(comment.source_location().bytes());
                Ok(())
            }
        }))
        .append_document_content_handler(doc_text!({
            let segments = segments.clone();
            let depth = verbatim_depth.clone();
            let pending = pending_text.clone();
            let opaque = opaque.clone();
            let block = block.clone();
            move |chunk| {
                let range = chunk.source_location().bytes();
                let prose = chunk.text_type() == TextType::Data && depth.get() == 0;
                if !prose {
                    opaque.borrow_mut().push(range.clone());
                }
                let mut pending = pending.borrow_mut();
                if prose && !range.is_empty() {
                    *pending = Some(match pending.take() {
                        Some(open) => open.start..range.end,
                        None => range,
                    });
                }
                if chunk.last_in_text_node() {
                    if let Some(text) = pending.take() {
                        if !source[text.clone()].trim().is_empty() {
                            segments.borrow_mut().push(Segment {
                                range: text,
                                kind: SegmentKind::Prose,
                                block: block.get(),
                                encoding: Encoding::Html,
                                ..Segment::default()
                            });
                        }
                    }
                }
                Ok(())
            }
        }));

    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter
        .write(source.as_bytes())
        .and_then(|()| rewriter.end())
        .map_err(|e| Error::Html(e.to_string()))?;

    let mut segments = Rc::try_unwrap(segments)
        .map(RefCell::into_inner)
        .unwrap_or_else(|shared| shared.borrow().clone());
    // Tags are found by their shape, so that a tag whose quoting is broken (and which the
    // parser therefore reads on past) is still seen as the author wrote it.
    let opaque = opaque.borrow();
    segments.extend(
        tag_spans(source)
            .into_iter()
            .filter(|tag| {
                !opaque
                    .iter()
                    .any(|o| o.start < tag.end && tag.start < o.end)
            })
            .map(|range| Segment {
                range,
                kind: SegmentKind::Markup,
                block: usize::MAX,
                ..Segment::default()
            }),
    );
    segments.sort_by_key(|s| (s.range.start, s.range.end));
    Ok(segments)
}

/// The attributes of a raw start tag with the byte range of each value inside the tag.
///
/// lol_html gives the tag's range but not its attributes' ranges, so the tag is re-read here
/// following the HTML attribute syntax: `name`, `name=value`, `name="value"`, `name='value'`.
fn attribute_values(tag: &str) -> Vec<(&str, Range<usize>)> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    // Skip `<` and the tag name.
    let mut i = 1;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = tag[start..]
                    .find(quote as char)
                    .map_or(tag.len(), |e| start + e);
                i = (end + 1).min(tag.len());
                start..end
            }
            _ => {
                let start = i;
                while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                start..i
            }
        };
        out.push((name, value));
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> Vec<(SegmentKind, &str)> {
        segments(source)
            .unwrap()
            .into_iter()
            .map(|s| (s.kind, &source[s.range]))
            .collect()
    }

    #[test]
    fn text_nodes_and_readable_attributes() {
        let html =
            r#"<p title='A “title”'>He said, “Yes.”</p><img src="a.jpg" alt="Seoul skyline">"#;
        let prose: Vec<_> = read(html)
            .into_iter()
            .filter(|(k, _)| *k != SegmentKind::Markup)
            .collect();
        assert_eq!(
            prose,
            [
                (SegmentKind::Attribute, "A “title”"),
                (SegmentKind::Prose, "He said, “Yes.”"),
                (SegmentKind::Attribute, "Seoul skyline"),
            ]
        );
    }

    #[test]
    fn code_script_and_comments_are_skipped() {
        let html = "<script>var q = \"“x\";</script><!-- “c --><pre>“p</pre><p>ok</p>";
        let prose: Vec<_> = read(html)
            .into_iter()
            .filter(|(k, _)| *k == SegmentKind::Prose)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(prose, ["ok"]);
    }

    #[test]
    fn description_meta_content_is_prose() {
        let html = r#"<meta name="description" content="A “story”"><meta name="x" content="no">"#;
        let attrs: Vec<_> = read(html)
            .into_iter()
            .filter(|(k, _)| *k == SegmentKind::Attribute)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(attrs, ["A “story”"]);
    }
}
