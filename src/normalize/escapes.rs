//! Escapes of the formats text arrives in: HTML and XML character references (`&ldquo;`,
//! `&#8221;`, `&amp;`) and JSON string escapes (`\"`, `\u201c`).
//!
//! Rules read text as a reader sees it, so the normalized view decodes these; a repair is
//! written back in the format's syntax and in the document's own way of writing quotation
//! marks (a page that writes `&rdquo;` gets `&rdquo;`, one that writes `&#8221;` gets that),
//! so a repaired file reads as if its author had typed the fix. HTML's named references come
//! from htmlize's table of the HTML standard's entities.

use std::fmt::Write;
use std::ops::Range;

/// How text is escaped where a segment sits in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Text as it is: plain text, Markdown prose.
    #[default]
    Plain,
    /// HTML text: character references, and `&`, `<` escaped.
    Html,
    /// An HTML attribute value delimited by this quote (`"` or `'`; 0 when unquoted).
    HtmlAttribute(u8),
    /// XML text: the five predefined entities and numeric references.
    Xml,
    /// The inside of a JSON string literal.
    Json,
    /// Markdown prose: backslash escapes of punctuation, and HTML character references.
    Markdown,
}

/// How a document writes the characters it escapes: by name, by number, or as themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EscapeStyle {
    #[default]
    Literal,
    Named,
    Decimal,
    Hex,
    /// JSON `\uXXXX` for every non-ASCII character.
    JsonAscii,
}

/// One escape in the source: its byte range and the text it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escape {
    pub range: Range<usize>,
    pub text: String,
    pub style: EscapeStyle,
}

impl Encoding {
    /// Whether `text` may hold escapes of this encoding.
    pub fn may_escape(self, text: &str) -> bool {
        match self {
            Encoding::Plain => false,
            Encoding::Json => text.contains('\\'),
            Encoding::Markdown => text.contains(['\\', '&']),
            _ => text.contains('&'),
        }
    }

    /// The escapes in `text`, in order.
    pub fn escapes(self, text: &str) -> Vec<Escape> {
        match self {
            Encoding::Plain => Vec::new(),
            Encoding::Json => json_escapes(text),
            Encoding::Html | Encoding::HtmlAttribute(_) => references(text, false),
            Encoding::Xml => references(text, true),
            Encoding::Markdown => {
                let mut all = references(text, false);
                all.extend(markdown_escapes(text));
                all.sort_by_key(|e| e.range.start);
                all
            }
        }
    }

    /// `text` written in this encoding, using `style` for the characters a document escapes.
    pub fn encode(self, text: &str, style: EscapeStyle) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match self {
                Encoding::Plain | Encoding::Markdown => out.push(c),
                Encoding::Json => encode_json(&mut out, c, style),
                Encoding::Html | Encoding::HtmlAttribute(_) | Encoding::Xml => {
                    let quote = match self {
                        Encoding::HtmlAttribute(q) if q != 0 => Some(q as char),
                        _ => None,
                    };
                    encode_markup(&mut out, c, style, quote, self == Encoding::Xml)
                }
            }
        }
        out
    }
}

/// Character references: `&name;`, `&#123;`, `&#x7B;`. In XML only the five predefined
/// names are references.
fn references(text: &str, xml: bool) -> Vec<Escape> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('&') {
        let start = at + offset;
        at = start + 1;
        let Some(len) = bytes[start + 1..].iter().take(32).position(|&b| b == b';') else {
            continue;
        };
        let end = start + 1 + len + 1;
        let body = &text[start + 1..end - 1];
        let (decoded, style) = if let Some(number) = body.strip_prefix('#') {
            let (digits, radix, style) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, EscapeStyle::Hex),
                None => (number, 10, EscapeStyle::Decimal),
            };
            match u32::from_str_radix(digits, radix)
                .ok()
                .and_then(char::from_u32)
            {
                Some(c) if !digits.is_empty() => (c.to_string(), style),
                _ => continue,
            }
        } else {
            if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
                continue;
            }
            if xml && !matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
                continue;
            }
            let reference = &text[start..end];
            let decoded = htmlize::unescape(reference);
            if decoded == reference {
                continue;
            }
            (decoded.into_owned(), EscapeStyle::Named)
        };
        out.push(Escape {
            range: start..end,
            text: decoded,
            style,
        });
        at = end;
    }
    out
}

/// Markdown's backslash escapes: a backslash before ASCII punctuation stands for the
/// punctuation.
fn markdown_escapes(text: &str) -> Vec<Escape> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at + 1 < bytes.len() {
        if bytes[at] == b'\\' && bytes[at + 1].is_ascii_punctuation() {
            out.push(Escape {
                range: at..at + 2,
                text: (bytes[at + 1] as char).to_string(),
                style: EscapeStyle::Literal,
            });
            at += 2;
        } else {
            at += 1;
        }
    }
    out
}

fn json_escapes(text: &str) -> Vec<Escape> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'\\' || at + 1 >= bytes.len() {
            at += 1;
            continue;
        }
        let simple = match bytes[at + 1] {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(Escape {
                range: at..at + 2,
                text: c.to_string(),
                style: EscapeStyle::Literal,
            });
            at += 2;
            continue;
        }
        let unit = |from: usize| {
            text.get(from + 2..from + 6)
                .filter(|_| bytes.get(from + 1) == Some(&b'u'))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        };
        match unit(at) {
            Some(high @ 0xD800..=0xDBFF) => {
                let low = (bytes.get(at + 6) == Some(&b'\\'))
                    .then(|| unit(at + 6))
                    .flatten()
                    .filter(|low| (0xDC00..=0xDFFF).contains(low));
                if let Some(low) = low {
                    let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                    if let Some(c) = c {
                        out.push(Escape {
                            range: at..at + 12,
                            text: c.to_string(),
                            style: EscapeStyle::JsonAscii,
                        });
                    }
                    at += 12;
                } else {
                    at += 6;
                }
            }
            Some(code) => {
                if let Some(c) = char::from_u32(code) {
                    out.push(Escape {
                        range: at..at + 6,
                        text: c.to_string(),
                        style: if c.is_ascii() {
                            EscapeStyle::Literal
                        } else {
                            EscapeStyle::JsonAscii
                        },
                    });
                }
                at += 6;
            }
            None => at += 2,
        }
    }
    out
}

fn encode_json(out: &mut String, c: char, style: EscapeStyle) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x20 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c if !c.is_ascii() && style == EscapeStyle::JsonAscii => {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
        c => out.push(c),
    }
}

/// Names of the characters repairs write, for documents that write them by name.
const NAMES: &[(char, &str)] = &[
    ('“', "ldquo"),
    ('”', "rdquo"),
    ('‘', "lsquo"),
    ('’', "rsquo"),
    ('„', "bdquo"),
    ('‚', "sbquo"),
    ('«', "laquo"),
    ('»', "raquo"),
    ('‹', "lsaquo"),
    ('›', "rsaquo"),
    ('\u{a0}', "nbsp"),
    ('—', "mdash"),
    ('–', "ndash"),
    ('…', "hellip"),
];

fn encode_markup(out: &mut String, c: char, style: EscapeStyle, quote: Option<char>, xml: bool) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' if xml => out.push_str("&gt;"),
        c if Some(c) == quote => {
            out.push_str(if c == '"' { "&quot;" } else { "&#39;" });
        }
        c if c.is_ascii() => out.push(c),
        c => match style {
            EscapeStyle::Named if !xml => match NAMES.iter().find(|(n, _)| *n == c) {
                Some((_, name)) => {
                    let _ = write!(out, "&{name};");
                }
                None => out.push(c),
            },
            EscapeStyle::Named | EscapeStyle::Decimal if NAMES.iter().any(|(n, _)| *n == c) => {
                let _ = write!(out, "&#{};", c as u32);
            }
            EscapeStyle::Hex if NAMES.iter().any(|(n, _)| *n == c) => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            _ => out.push(c),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_references_decode_and_keep_their_style() {
        let found = Encoding::Html.escapes("a &ldquo;b&#8221; &#x2019; &amp; &bogus; & c");
        let texts: Vec<_> = found.iter().map(|e| (e.text.as_str(), e.style)).collect();
        assert_eq!(
            texts,
            [
                ("“", EscapeStyle::Named),
                ("”", EscapeStyle::Decimal),
                ("’", EscapeStyle::Hex),
                ("&", EscapeStyle::Named)
            ]
        );
        assert_eq!(
            Encoding::Html.encode("”a&b", EscapeStyle::Named),
            "&rdquo;a&amp;b"
        );
        assert_eq!(Encoding::Html.encode("”", EscapeStyle::Decimal), "&#8221;");
        assert_eq!(
            Encoding::HtmlAttribute(b'"').encode("say \"hi\"", EscapeStyle::Literal),
            "say &quot;hi&quot;"
        );
    }

    #[test]
    fn xml_knows_only_predefined_names() {
        let found = Encoding::Xml.escapes("&ldquo; &quot; &#8220;");
        let texts: Vec<_> = found.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["\"", "“"]);
    }

    #[test]
    fn markdown_escapes_and_references() {
        let found = Encoding::Markdown.escapes(r#"a \"b\" &ldquo;c \\ d\x"#);
        let texts: Vec<_> = found.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["\"", "\"", "“", "\\"]);
    }

    #[test]
    fn json_escapes_decode_and_encode() {
        let found = Encoding::Json.escapes(r#"He said \"hi\" \u201cok\u201d \ud83d\ude00\n"#);
        let texts: Vec<_> = found.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["\"", "\"", "“", "”", "😀", "\n"]);
        assert_eq!(
            Encoding::Json.encode("“a\"", EscapeStyle::Literal),
            "“a\\\""
        );
        assert_eq!(
            Encoding::Json.encode("“", EscapeStyle::JsonAscii),
            "\\u201c"
        );
    }
}
