//! Ingest: the first stage. Bytes become a [`Document`]: the source text and the segments a
//! reader would read, each a byte range of the original.
//!
//! Every later stage works on these ranges, which is what lets a finding or an edit point back
//! into the original bytes and lets the writer change nothing outside an edit. Formats differ
//! only here: a reader per format decides what is prose and what is markup.

mod html;
pub mod jsonl;
mod markdown;
pub mod markup;
mod text;
mod tmx;
mod tsv;
mod xliff;
pub mod xml;

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
use crate::language::Lang;
use crate::normalize::Encoding;

pub use text::{
    layout as text_layout, layout_settled_by as text_layout_settled_by, Layout as TextLayout,
};

/// How the input is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: paragraphs are lines (or blank-line blocks in hard-wrapped text).
    Text,
    /// HTML: text nodes and human-readable attribute values are prose; tags are markup.
    Html,
    /// Markdown: paragraphs, headings, list items; code, HTML and front matter are skipped.
    Markdown,
    /// JSON Lines: named string fields of each record.
    Jsonl,
    /// XLIFF 1.2 or 2.0: the target text of each unit, compared with its source.
    Xliff,
    /// TMX: every variant of a unit in another language than the source.
    Tmx,
    /// Tab-separated `source<TAB>target` lines, as in parallel corpora.
    Tsv,
}

impl Format {
    /// The format a file's extension implies; text when it implies none.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
            Some("jsonl" | "ndjson") => Format::Jsonl,
            Some("xlf" | "xliff") => Format::Xliff,
            Some("tmx") => Format::Tmx,
            Some("tsv") => Format::Tsv,
            _ => Format::Text,
        }
    }

    /// Parses a `--input-format` value.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" | "txt" => Some(Format::Text),
            "html" => Some(Format::Html),
            "markdown" | "md" => Some(Format::Markdown),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "xliff" | "xlf" => Some(Format::Xliff),
            "tmx" => Some(Format::Tmx),
            "tsv" => Some(Format::Tsv),
            _ => None,
        }
    }
}

/// What a segment holds, which decides the rules that read it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    /// Running text a reader sees: a paragraph, a headline, a text node.
    #[default]
    Prose,
    /// A human-readable attribute value (alt, title, …): prose, but inside markup.
    Attribute,
    /// Raw markup such as a start tag, for the rules that repair broken markup.
    Markup,
}

/// One unit of text, as a byte range of the document's source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    pub kind: SegmentKind,
    /// The paragraph a reader sees it in: segments with the same block are parts of one
    /// paragraph split by inline markup (`<p>He said, <b>“We…</b> ready.”</p>`), so that
    /// structure running across them (a quotation) is seen whole.
    pub block: usize,
    /// How the text is escaped in the file (HTML references, JSON escapes, none).
    pub encoding: Encoding,
    /// The language the file says the text is in (`xml:lang`, a `lang` attribute), which
    /// detection then need not guess.
    pub lang: Option<Lang>,
    /// In a bilingual file, the byte range of the source-language text this segment
    /// translates, for checks that compare a translation with its source.
    pub translates: Option<Range<usize>>,
}

/// Something a reader could not read, passed over while the rest is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadNote {
    /// 1-based line of the input.
    pub line: usize,
    pub message: String,
}

/// The source text and its segments in reading order.
#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a str,
    pub format: Format,
    pub segments: Vec<Segment>,
    /// Parts of the input left as they are because they could not be read.
    pub notes: Vec<ReadNote>,
}

impl<'a> Document<'a> {
    /// Reads `source` in the given format (JSON Lines: the default `text` field).
    pub fn read(source: &'a str, format: Format) -> Result<Document<'a>> {
        let fields: Vec<String> = jsonl::DEFAULT_FIELDS
            .iter()
            .map(|f| f.to_string())
            .collect();
        Document::read_fields(source, format, &fields)
    }

    /// Reads `source`; in JSON Lines, the string `fields` (dotted paths) are the prose.
    pub fn read_fields(source: &'a str, format: Format, fields: &[String]) -> Result<Document<'a>> {
        let mut notes = Vec::new();
        let segments = match format {
            Format::Text => text::segments(source),
            Format::Html => html::segments(source)?,
            Format::Markdown => markdown::segments(source),
            Format::Jsonl => {
                let (segments, found) = jsonl::segments(source, fields);
                notes = found;
                segments
            }
            Format::Xliff => xliff::segments(source)?,
            Format::Tmx => tmx::segments(source)?,
            Format::Tsv => tsv::segments(source),
        };
        Ok(Document {
            source,
            format,
            segments,
            notes,
        })
    }

    /// A part of a plain text, read in the layout of the whole.
    pub fn read_text_part(source: &'a str, layout: TextLayout) -> Document<'a> {
        Document {
            source,
            format: Format::Text,
            segments: text::segments_in(source, layout),
            notes: Vec::new(),
        }
    }

    /// The lines `range` of a plain text (from a line start to a line start or the end), read
    /// in the layout of the whole; the segments' ranges are those of the whole.
    pub fn read_text_within(
        source: &'a str,
        range: Range<usize>,
        layout: TextLayout,
    ) -> Document<'a> {
        Document {
            source,
            format: Format::Text,
            segments: text::segments_within(source, range, layout),
            notes: Vec::new(),
        }
    }

    /// The text of one segment.
    pub fn text(&self, segment: &Segment) -> &'a str {
        &self.source[segment.range.clone()]
    }
}

/// Checks that `bytes` are UTF-8, naming the first bad byte when they are not.
pub fn decode(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}
