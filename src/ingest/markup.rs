//! Finding tags in text by their shape, without a parser.
//!
//! A tag whose quoting was broken by a curly mark (`alt="…”/>`) is exactly what a real HTML
//! parser cannot delimit: it reads on into the following text. Rules that mend such tags, and
//! the quotation analyzer that must not read their marks as quotations, need the tag as its
//! author wrote it: from `<` and a name to the next `>`, with no `<` between.

use std::ops::Range;

/// Byte ranges of HTML-like tags (`<img …>`, `</p>`, `<!-- … -->`) in `text`.
pub fn tag_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let starts_tag = bytes
            .get(start + 1)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
        if starts_tag {
            if let Some(len) = bytes[start + 1..]
                .iter()
                .position(|&b| b == b'<' || b == b'>')
            {
                let end = start + 1 + len;
                if bytes[end] == b'>' {
                    spans.push(start..end + 1);
                    at = end + 1;
                    continue;
                }
            }
        }
        at = start + 1;
    }
    spans
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_including_broken_ones() {
        let text = "a <img alt=\"x”/> b </p> c < d <!-- e -->";
        let spans: Vec<_> = tag_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, ["<img alt=\"x”/>", "</p>", "<!-- e -->"]);
    }
}
