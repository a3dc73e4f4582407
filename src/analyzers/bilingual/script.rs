//! Writing systems of letters, for telling a translation from text left in the source
//! language: a Korean sentence in an English target is still mostly Hangul.
//!
//! Kana and Han are one class here: Japanese mixes them, and text left in Japanese or Chinese
//! reads the same to an English desk.

use crate::language::{primary, Lang};

/// A writing system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Hangul,
    /// Han ideographs and Japanese kana.
    Cjk,
    Arabic,
    Hebrew,
    Thai,
    Other,
}

const ALL: [Script; 9] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Greek,
    Script::Hangul,
    Script::Cjk,
    Script::Arabic,
    Script::Hebrew,
    Script::Thai,
    Script::Other,
];

/// The script of a letter; `None` for anything that is not a letter.
pub fn of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x41..=0x24F | 0x1E00..=0x1EFF | 0xFF21..=0xFF5A => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
        0xE00..=0xE7F => Script::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => Script::Cjk,
        _ => Script::Other,
    })
}

/// Letters of `text` per script, in the order of [`ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Letters([usize; 9]);

impl Letters {
    pub fn of(text: &str) -> Letters {
        let mut counts = Letters::default();
        for script in text.chars().filter_map(of) {
            counts.0[index(script)] += 1;
        }
        counts
    }

    pub fn add(&mut self, other: Letters) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    pub fn count(&self, script: Script) -> usize {
        self.0[index(script)]
    }

    /// The script most letters are written in, if there are letters.
    pub fn dominant(&self) -> Option<Script> {
        ALL.iter()
            .copied()
            .filter(|s| self.count(*s) > 0)
            .max_by_key(|s| self.count(*s))
    }
}

fn index(script: Script) -> usize {
    ALL.iter()
        .position(|s| *s == script)
        .expect("every script is listed")
}

/// The script a language is written in.
pub fn of_language(lang: Lang) -> Script {
    match primary(lang) {
        "ko" => Script::Hangul,
        "ja" | "zh" => Script::Cjk,
        "ru" | "uk" | "bg" | "sr" => Script::Cyrillic,
        "el" => Script::Greek,
        "ar" => Script::Arabic,
        "he" => Script::Hebrew,
        "th" => Script::Thai,
        _ => Script::Latin,
    }
}

/// The language whose quotation conventions read text mostly in `script`, where one is clear.
pub fn quote_language(script: Script) -> Option<Lang> {
    match script {
        Script::Hangul => Some("ko"),
        Script::Cjk => Some("ja"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_letters_by_script() {
        let letters = Letters::of("북한군 파병 confirmed, 2024");
        assert_eq!(letters.count(Script::Hangul), 5);
        assert_eq!(letters.count(Script::Latin), 9);
        assert_eq!(letters.dominant(), Some(Script::Latin));
        assert_eq!(
            Letters::of("山本知事は「よし」").dominant(),
            Some(Script::Cjk)
        );
        assert_eq!(Letters::of("123 …").dominant(), None);
        assert_eq!(of_language("en-GB"), Script::Latin);
    }
}
