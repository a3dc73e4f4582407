//! Text read a word of eight bytes at a time: what the byte scans of normalization (is a
//! paragraph surely NFC?) and language detection (its letters by script) share. Most of a
//! translated paragraph is ASCII, and eight bytes of ASCII are one test of their top bits.

/// The top bit of every byte of a word of eight: set for the bytes of non-ASCII characters.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at` (before its end) on as one little-endian word; past the
/// end of `bytes` its bytes are zero (ASCII NUL). The last bytes of a text of at least eight
/// are read as its last word shifted down, so a text's tail costs no more than a word.
pub(crate) fn ascii_word(bytes: &[u8], at: usize) -> u64 {
    debug_assert!(at < bytes.len(), "a word starts inside the text");
    if let Some(chunk) = bytes[at..].first_chunk::<8>() {
        return u64::from_le_bytes(*chunk);
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        // Between one and seven of its bytes were read already.
        return u64::from_le_bytes(*last) >> (8 * (at + 8 - bytes.len()));
    }
    let mut word = [0; 8];
    word[..bytes.len() - at].copy_from_slice(&bytes[at..]);
    u64::from_le_bytes(word)
}

/// Characters around the edges of the ranges the byte scans tell by their UTF-8 bytes
/// (Latin-1 and the combining marks after it, General Punctuation, CJK punctuation and kana,
/// Han, Hangul syllables, fullwidth forms), and some of four bytes: what their property tests
/// draw characters from, to meet every edge in runs long and short.
#[cfg(test)]
pub(crate) const SCAN_EDGES: &[std::ops::RangeInclusive<char>] = &[
    ' '..='~',
    '\u{80}'..='\u{36F}',
    '\u{1FF0}'..='\u{2080}',
    '\u{2FF0}'..='\u{3100}',
    '\u{4DF0}'..='\u{4E10}',
    '\u{4E00}'..='\u{9FFF}',
    '\u{9FF0}'..='\u{A010}',
    '\u{ABF0}'..='\u{AC10}',
    '\u{AC00}'..='\u{D7A3}',
    '\u{D790}'..='\u{D7B0}',
    '\u{FF00}'..='\u{FFEF}',
    '\u{1F300}'..='\u{1F310}',
    '\u{20000}'..='\u{20010}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_the_next_eight_bytes_with_zeros_past_the_end() {
        let text = b"0123456789ab";
        for at in 0..text.len() {
            let mut expected = [0u8; 8];
            let rest = &text[at..text.len().min(at + 8)];
            expected[..rest.len()].copy_from_slice(rest);
            assert_eq!(
                ascii_word(text, at),
                u64::from_le_bytes(expected),
                "at {at}"
            );
            let short = &text[..5];
            if at < short.len() {
                let mut expected = [0u8; 8];
                expected[..short.len() - at].copy_from_slice(&short[at..]);
                assert_eq!(
                    ascii_word(short, at),
                    u64::from_le_bytes(expected),
                    "at {at}"
                );
            }
        }
    }
}
