//! The bilingual analyzer: compares each translation with its source, in files that carry
//! both (XLIFF, TMX, TSV corpora).
//!
//! Some artifacts are invisible in the translation alone: a number the engine dropped, a
//! placeholder it mangled, two quotations it merged into one, a sentence it never translated.
//! The source shows them. A pair is the target text of one source text (the segments of one
//! block with the same `translates` range, joined: inline tags split a target into several
//! segments); the source is read the same way (tags dropped, escapes decoded). Checks:
//! - `number-missing` / `number-extra`: numbers compared as values (module `numbers`).
//! - `link-missing` / `link-extra`: URLs and e-mail addresses (module `tokens`).
//! - `placeholder-missing` / `placeholder-extra`: `{0}`, `%s`, `%1$d`, `{{name}}`, `%(name)s`.
//! - `quotation-count`: fewer quotations than the source (two merged into one), or more than
//!   the source has at all.
//! - `quotation-opener`: the source is one whole quotation and the target lost its opening
//!   mark; the only quotation repair the source makes certain (a lost closer is left to the
//!   `quotes` analyzer, which closes quotations at the end of their paragraph anyway).
//! - `untranslated`: the target equals the source, or is still mostly in the source's script.
//! - `edge-whitespace`: leading or trailing whitespace differs; repaired to the source's.
//!
//! A missing item has no place in the target, so it is reported on the whole target; an
//! extra one is reported where it is.

mod numbers;
mod script;
mod tokens;

use std::collections::HashMap;
use std::ops::Range;

use crate::analyzers::quotes::locale::{self, QuoteLocale};
use crate::analyzers::quotes::marks::{self, Family, Mark};
use crate::analyzers::quotes::structure::{self, Structure};
use crate::analyzers::{AnalyzerInput, Checks, Hit, HitEdit};
use crate::ingest::xml::readable_text;
use crate::language::Lang;
use script::{Letters, Script};

/// The checks this analyzer offers.
pub const CHECKS: &[&str] = &[
    "number-missing",
    "number-extra",
    "link-missing",
    "link-extra",
    "placeholder-missing",
    "placeholder-extra",
    "quotation-count",
    "quotation-opener",
    "untranslated",
    "edge-whitespace",
];

/// Fewest words a target equal to its source needs to count as untranslated when both are in
/// the same script (shorter ones are names, codes, titles that stay as they are).
const UNTRANSLATED_WORDS: usize = 3;

/// One segment of a pair's target, with where its view starts in the joined text.
#[derive(Clone, Copy, Debug)]
struct Part {
    segment: usize,
    start: usize,
    len: usize,
}

/// A target text and the source text it translates.
struct Pair {
    parts: Vec<Part>,
    /// The target as read: the views of its segments, joined.
    text: String,
    /// The source as read.
    source: String,
    translates: Range<usize>,
    block: usize,
    lang: Lang,
}

impl Pair {
    /// The segment and view range of a range of the joined text; a range running into the
    /// next segment is cut at the end of its first.
    fn locate(&self, range: Range<usize>) -> (usize, Range<usize>) {
        let index = self
            .parts
            .iter()
            .position(|p| range.start < p.start + p.len)
            .unwrap_or(self.parts.len() - 1);
        let part = self.parts[index];
        let start = range.start - part.start;
        let end = (range.end - part.start).min(part.len).max(start);
        (part.segment, start..end)
    }

    /// Where a finding about the whole target goes: the first segment with text, whole.
    fn whole(&self, input: &AnalyzerInput) -> (usize, Range<usize>) {
        let part = self
            .parts
            .iter()
            .find(|p| !input.views[p.segment].text.trim().is_empty())
            .unwrap_or(&self.parts[0]);
        (part.segment, 0..part.len)
    }
}

pub fn analyze(input: &AnalyzerInput, checks: &Checks, out: &mut Vec<Hit>) {
    let pairs = pairs(input);
    let mut target_letters = Letters::default();
    for pair in &pairs {
        target_letters.add(Letters::of(&pair.text));
    }
    let document_script = target_letters.dominant();
    let opener_enabled = checks.is_enabled("quotation-opener");
    let quotations = opener_enabled || checks.is_enabled("quotation-count");
    // Per block, whether its target leaves a quotation open, which the next block may close.
    let mut open_after: HashMap<usize, bool> = HashMap::new();
    for block in pairs.chunk_by(|a, b| a.block == b.block) {
        let number = block[0].block;
        let mut previous_open = number
            .checked_sub(1)
            .and_then(|b| open_after.get(&b).copied())
            .unwrap_or(false);
        let mut opener_repaired = false;
        for pair in block {
            compare_tokens(input, pair, checks, out);
            if checks.is_enabled("untranslated") && untranslated(pair, document_script) {
                let (segment, range) = pair.whole(input);
                out.push(Hit::replacing("untranslated", segment, range, None));
            }
            if quotations {
                let quotes = Quotes::new(&pair.source, &pair.text, pair.lang);
                if let Some(hit) = lost_opener(pair, &quotes, previous_open) {
                    opener_repaired = true;
                    if opener_enabled {
                        out.push(hit);
                    }
                }
                previous_open = !quotes.target.structure.unclosed.is_empty();
            }
            if checks.is_enabled("edge-whitespace") {
                edge_whitespace(pair, out);
            }
        }
        open_after.insert(number, previous_open);
        // Quotations are counted per unit: in XLIFF 2.0 one can run across its sentences.
        if checks.is_enabled("quotation-count") && !(opener_repaired && opener_enabled) {
            let source = joined(block.iter().map(|p| p.source.as_str()));
            let target = joined(block.iter().map(|p| p.text.as_str()));
            if Quotes::new(&source, &target, block[0].lang).counts_differ(&source, &target) {
                let (segment, range) = block[0].whole(input);
                out.push(Hit::replacing("quotation-count", segment, range, None));
            }
        }
    }
}

/// Texts joined as one paragraph: a space between two that do not meet at whitespace.
fn joined<'t>(texts: impl Iterator<Item = &'t str>) -> String {
    let mut out = String::new();
    for text in texts {
        if !out.is_empty()
            && !out.ends_with(char::is_whitespace)
            && !text.starts_with(char::is_whitespace)
        {
            out.push(' ');
        }
        out.push_str(text);
    }
    out
}

/// The document's pairs, in order.
fn pairs(input: &AnalyzerInput) -> Vec<Pair> {
    let doc = input.doc;
    let mut pairs: Vec<Pair> = Vec::new();
    for (i, segment) in doc.segments.iter().enumerate() {
        let Some(translates) = segment.translates.clone() else {
            continue;
        };
        let view = &input.views[i].text;
        match pairs.last_mut() {
            Some(pair) if pair.block == segment.block && pair.translates == translates => {
                pair.parts.push(Part {
                    segment: i,
                    start: pair.text.len(),
                    len: view.len(),
                });
                pair.text.push_str(view);
            }
            _ => pairs.push(Pair {
                parts: vec![Part {
                    segment: i,
                    start: 0,
                    len: view.len(),
                }],
                text: view.to_string(),
                source: readable_text(&doc.source[translates.clone()], segment.encoding),
                translates,
                block: segment.block,
                lang: input.langs.get(i),
            }),
        }
    }
    pairs
}

/// Numbers, links and placeholders: missing ones on the whole target, extra ones in place.
fn compare_tokens(input: &AnalyzerInput, pair: &Pair, checks: &Checks, hits: &mut Vec<Hit>) {
    let token_checks = [
        "number-missing",
        "number-extra",
        "link-missing",
        "link-extra",
        "placeholder-missing",
        "placeholder-extra",
    ];
    if !token_checks.iter().any(|c| checks.is_enabled(c)) {
        return;
    }
    let source_links = tokens::links(&pair.source);
    let target_links = tokens::links(&pair.text);
    let outside = |found: Vec<tokens::Token>, links: &[tokens::Token]| -> Vec<tokens::Token> {
        found
            .into_iter()
            .filter(|t| {
                !links
                    .iter()
                    .any(|l| l.range.start < t.range.end && t.range.start < l.range.end)
            })
            .collect()
    };
    let source_placeholders = outside(tokens::placeholders(&pair.source), &source_links);
    let target_placeholders = outside(tokens::placeholders(&pair.text), &target_links);

    let mut report =
        |missing: &str, extra: &str, found: (Vec<usize>, Vec<usize>), at: &[Range<usize>]| {
            if checks.is_enabled(missing) && !found.0.is_empty() {
                let (segment, range) = pair.whole(input);
                hits.push(Hit::replacing(static_check(missing), segment, range, None));
            }
            if checks.is_enabled(extra) {
                for k in found.1 {
                    let (segment, range) = pair.locate(at[k].clone());
                    hits.push(Hit::replacing(static_check(extra), segment, range, None));
                }
            }
        };

    let ranges = |tokens: &[tokens::Token]| -> Vec<Range<usize>> {
        tokens.iter().map(|t| t.range.clone()).collect()
    };
    report(
        "link-missing",
        "link-extra",
        tokens::compare(&source_links, &target_links),
        &ranges(&target_links),
    );
    report(
        "placeholder-missing",
        "placeholder-extra",
        tokens::compare(&source_placeholders, &target_placeholders),
        &ranges(&target_placeholders),
    );
    if checks.is_enabled("number-missing") || checks.is_enabled("number-extra") {
        let mask = |a: &[tokens::Token], b: &[tokens::Token]| -> Vec<Range<usize>> {
            a.iter().chain(b).map(|t| t.range.clone()).collect()
        };
        let source = numbers::numbers(
            &pair.source,
            &mask(&source_links, &source_placeholders),
            None,
        );
        let target = numbers::numbers(
            &pair.text,
            &mask(&target_links, &target_placeholders),
            Some(pair.lang),
        );
        let at: Vec<Range<usize>> = target.iter().map(|n| n.range.clone()).collect();
        report(
            "number-missing",
            "number-extra",
            numbers::compare(&source, &target),
            &at,
        );
    }
}

/// The `'static` name of a check, as hits carry it.
fn static_check(name: &str) -> &'static str {
    CHECKS
        .iter()
        .find(|c| **c == name)
        .expect("reported checks are listed")
}

/// Whether the target is the source left as it was, or still mostly in the source's script.
fn untranslated(pair: &Pair, document_script: Option<Script>) -> bool {
    let target = Letters::of(&pair.text);
    if target.total() == 0 {
        return false;
    }
    let Some(source_script) = Letters::of(&pair.source).dominant() else {
        return false;
    };
    // The script the target should be in: its language's; when that is the source's own
    // (the language was guessed from the very text that was left untranslated), the script
    // of the document's targets.
    let expected = Some(script::of_language(pair.lang))
        .filter(|s| *s != source_script)
        .or(document_script.filter(|s| *s != source_script));
    if pair.text.trim() == pair.source.trim() {
        let words = pair
            .text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        return expected.is_some() || words >= UNTRANSLATED_WORDS;
    }
    let in_source_script = target.count(source_script);
    expected.is_some() && in_source_script >= 2 && in_source_script * 2 >= target.total()
}

/// The quotation structure of a pair's source and target.
struct Quotes {
    source: Read,
    target: Read,
}

/// A text's quotation marks and their pairing, in a locale.
struct Read {
    text_len: usize,
    lead: usize,
    trail: usize,
    locale: &'static QuoteLocale,
    marks: Vec<Mark>,
    structure: Structure,
}

impl Read {
    fn new(text: &str, locale: &'static QuoteLocale) -> Read {
        let (marks, structure) = if marks::has_marks(text) {
            let marks = marks::tokenize(text, locale);
            let structure = structure::build(text, &marks, locale);
            (marks, structure)
        } else {
            (Vec::new(), Structure::default())
        };
        Read {
            text_len: text.len(),
            lead: text.len() - text.trim_start().len(),
            trail: text.trim_end().len(),
            locale,
            marks,
            structure,
        }
    }

    /// Outermost quotations in the family of the locale's primary marks (`primary`), or in
    /// either family. Each family is paired on its own: Korean and Japanese also quote single
    /// words in secondary marks for emphasis, which translations drop or change, and a
    /// secondary mark read wrongly must not hide the primary quotations around it.
    fn count(&self, text: &str, primary: bool) -> usize {
        let of_family = |family: Family| {
            let marks: Vec<Mark> = self
                .marks
                .iter()
                .filter(|m| m.family == family)
                .cloned()
                .collect();
            structure::build(text, &marks, self.locale)
                .quotations
                .iter()
                .filter(|q| q.depth == 0)
                .count()
        };
        let main = family_of(self.locale.primary.open);
        let other = match main {
            Family::Double => Family::Single,
            Family::Single => Family::Double,
        };
        of_family(main) + if primary { 0 } else { of_family(other) }
    }

    /// Whether every mark is paired.
    fn is_clean(&self) -> bool {
        self.structure.unclosed.is_empty()
            && self.structure.unopened.is_empty()
            && self.structure.stray.is_empty()
    }
}

fn family_of(c: char) -> Family {
    if matches!(c, '‘' | '’' | '‚' | '‹' | '›' | '『' | '』' | '\'') {
        Family::Single
    } else {
        Family::Double
    }
}

impl Quotes {
    /// Reads `source` in the conventions its script suggests and `target` in those of `lang`.
    fn new(source: &str, target: &str, lang: Lang) -> Quotes {
        let source_locale = Letters::of(source)
            .dominant()
            .and_then(script::quote_language)
            .and_then(locale::for_language)
            .unwrap_or_else(locale::fallback);
        let target_locale = locale::for_language(lang).unwrap_or_else(locale::fallback);
        Quotes {
            source: Read::new(source, source_locale),
            target: Read::new(target, target_locale),
        }
    }

    /// Fewer quotations than the source (merged), or more than the source has at all.
    fn counts_differ(&self, source: &str, target: &str) -> bool {
        let count = self.target.count(target, true);
        count < self.source.count(source, true) || count > self.source.count(source, false)
    }
}

/// The source is one whole quotation, and the target lost the opening mark: it ends with a
/// closer that closes nothing, and every other mark is paired. Not when the previous pair
/// left a quotation open, which this closer may end (a quotation running across sentences).
fn lost_opener(pair: &Pair, quotes: &Quotes, previous_open: bool) -> Option<Hit> {
    let (source, target) = (&quotes.source, &quotes.target);
    let whole = source.is_clean()
        && source.structure.quotations.iter().any(|q| {
            q.depth == 0
                && source.marks[q.open].range.start == source.lead
                && source.marks[q.close].range.end == source.trail
        });
    if !whole || previous_open || target.lead == target.text_len {
        return None;
    }
    let last = target.marks.len().checked_sub(1)?;
    let closer = &target.marks[last];
    let fits = target.structure.unopened == [last]
        && target.structure.unclosed.is_empty()
        && target.structure.stray.is_empty()
        && closer.range.end == target.trail
        && target.marks.iter().all(|m| m.range.start != target.lead);
    if !fits {
        return None;
    }
    let opener = target.locale.open_for(closer.ch);
    let (segment, range) = pair.locate(closer.range.clone());
    let (insert_segment, at) = pair.locate(target.lead..target.lead);
    Some(Hit {
        check: "quotation-opener",
        segment,
        range,
        edits: Some(vec![HitEdit {
            segment: insert_segment,
            range: at,
            text: opener.to_string(),
        }]),
    })
}

/// Leading and trailing whitespace that differs from the source's, repaired to the source's
/// where it lies within one segment.
fn edge_whitespace(pair: &Pair, hits: &mut Vec<Hit>) {
    let (text, source) = (pair.text.as_str(), pair.source.as_str());
    if text.trim().is_empty() || source.trim().is_empty() {
        return;
    }
    // A fullwidth space (U+3000) is as wide as a Chinese or Japanese character; in other
    // languages it is an ordinary space (as `cjk-ideographic-space` repairs it).
    let cjk = matches!(crate::language::primary(pair.lang), "ja" | "zh");
    let own = |space: &str| match cjk {
        true => space.to_string(),
        false => space.replace('\u{3000}', " "),
    };
    let lead = text.len() - text.trim_start().len();
    let source_lead = &own(&source[..source.len() - source.trim_start().len()]);
    let first = pair.parts[0];
    if text[..lead] != *source_lead && lead <= first.len {
        hits.push(Hit::replacing(
            "edge-whitespace",
            first.segment,
            0..lead,
            Some(source_lead.to_string()),
        ));
    }
    let trail = text.trim_end().len();
    let source_trail = &own(&source[source.trim_end().len()..]);
    let last = pair.parts[pair.parts.len() - 1];
    if text[trail..] != *source_trail && trail >= last.start {
        hits.push(Hit::replacing(
            "edge-whitespace",
            last.segment,
            trail - last.start..last.len,
            Some(source_trail.to_string()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Document, Format};
    use crate::language::SegmentLanguages;
    use crate::normalize::View;

    /// Runs the checks named on a TSV document whose targets are in `lang`; returns each
    /// hit's check, reported text and repaired text (when it has a repair).
    fn run(tsv: &str, lang: Lang, enabled: &[&str]) -> Vec<(String, String, Option<String>)> {
        run_in(Format::Tsv, tsv, lang, enabled)
    }

    fn run_in(
        format: Format,
        source: &str,
        lang: Lang,
        enabled: &[&str],
    ) -> Vec<(String, String, Option<String>)> {
        let doc = Document::read(source, format).unwrap();
        let views: Vec<View> = doc
            .segments
            .iter()
            .map(|s| View::new(doc.text(s), s.range.start, s.encoding))
            .collect();
        let langs = SegmentLanguages::fixed(
            doc.segments
                .iter()
                .map(|s| s.lang.unwrap_or(lang))
                .collect(),
        );
        let input = AnalyzerInput {
            doc: &doc,
            views: &views,
            langs: &langs,
            dateline: None,
            facts: &Default::default(),
        };
        let options = toml::Table::new();
        let mut checks = Checks::default();
        for check in enabled {
            checks.enable(check, &options);
        }
        let mut hits = Vec::new();
        analyze(&input, &checks, &mut hits);
        hits.into_iter()
            .map(|hit| {
                let view = &views[hit.segment];
                let reported = view.text[hit.range.clone()].to_string();
                let repaired = hit.edits.map(|edits| {
                    let mut text = view.text.to_string();
                    for edit in edits.iter().rev() {
                        text.replace_range(edit.range.clone(), &edit.text);
                    }
                    text
                });
                (hit.check.to_string(), reported, repaired)
            })
            .collect()
    }

    fn checks_of(found: &[(String, String, Option<String>)]) -> Vec<&str> {
        found.iter().map(|(c, _, _)| c.as_str()).collect()
    }

    #[test]
    fn numbers_missing_and_extra() {
        let found = run(
            "사망자는 3만 명, 부상자는 1,200명이다.\tThe dead number 30,000, the injured 1,300.",
            "en",
            &["number-missing", "number-extra"],
        );
        assert_eq!(checks_of(&found), ["number-missing", "number-extra"]);
        assert_eq!(found[1].1, "1,300");
        let clean = run(
            "10월 26일 3명이 1억 2천만 원을\tOn Oct. 26, three people 120 million won",
            "en",
            &["number-missing", "number-extra"],
        );
        assert!(clean.is_empty(), "{clean:?}");
    }

    #[test]
    fn links_and_placeholders() {
        let found = run(
            "{0}님, https://example.com 참조 %s\t{1}, see HTTPS://example.com/ and %s",
            "en",
            &[
                "link-missing",
                "link-extra",
                "placeholder-missing",
                "placeholder-extra",
            ],
        );
        assert_eq!(
            checks_of(&found),
            ["placeholder-missing", "placeholder-extra"]
        );
        assert_eq!(found[1].1, "{1}");
    }

    #[test]
    fn merged_quotations_and_a_lost_opener() {
        let merged = run(
            "“준비됐다.” “이길 것이다.”\t“We are ready. We will win.”",
            "en",
            &["quotation-count"],
        );
        assert_eq!(checks_of(&merged), ["quotation-count"]);
        let emphasis = run(
            "‘파병’을 “공식 인정”했다\tofficially acknowledged the “deployment”",
            "en",
            &["quotation-count"],
        );
        assert!(emphasis.is_empty(), "{emphasis:?}");

        let lost = run(
            "“물러서지 않겠다.”\tWe will not back down.”",
            "en",
            &["quotation-opener", "quotation-count"],
        );
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!(lost[0].1, "”");
        assert_eq!(lost[0].2.as_deref(), Some("“We will not back down.”"));
        // After a quotation left open, the closer may end it: no repair.
        let continued = run(
            "“준비됐다.\t“We are ready.\n“물러서지 않겠다.”\tWe will not back down.”",
            "en",
            &["quotation-opener"],
        );
        assert!(continued.is_empty(), "{continued:?}");
    }

    #[test]
    fn untranslated_targets() {
        let found = run(
            "북한군이 파병됐다\t북한군이 파병됐다\n북한군이 러시아에\t북한군 troops 러시아에\nKim Jong-un\tKim Jong-un\n북한\tNorth Korea",
            "en",
            &["untranslated"],
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "북한군이 파병됐다");
        assert_eq!(found[1].1, "북한군 troops 러시아에");
    }

    #[test]
    fn a_target_language_guessed_from_untranslated_text_defers_to_the_document() {
        let found = run(
            "북한군이 파병됐다\t북한군이 파병됐다\n둘\tTwo of them arrived",
            "ko",
            &["untranslated"],
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn edge_whitespace_takes_the_source() {
        let found = run(" 그렇다.\tYes. ", "en", &["edge-whitespace"]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].2.as_deref(), Some(" Yes. "));
        assert_eq!(found[1].2.as_deref(), Some("Yes."));
    }

    #[test]
    fn xliff_units_are_compared_whole_and_tags_drop_out_of_the_source() {
        let xliff = r#"<xliff version="2.0" srcLang="ja" trgLang="en"><file id="f"><unit id="1">
<segment><source>彼は「準備はできた。</source><target>He said, “We are ready.</target></segment>
<ignorable><source> </source><target> </target></ignorable>
<segment><source>必ず勝つ<ph id="1"/>」と述べた。</source><target>We will win <pc id="2">{0}</pc>.”</target></segment>
</unit></file></xliff>"#;
        let found = run_in(
            Format::Xliff,
            xliff,
            "en",
            &["quotation-count", "quotation-opener", "placeholder-extra"],
        );
        // The quotation runs across the unit's two segments: one in each text. The closer
        // of the second segment ends the quotation the first left open: no repair. `{0}` is
        // text in the target, not in the source.
        assert_eq!(checks_of(&found), ["placeholder-extra"], "{found:?}");
        assert_eq!(found[0].1, "{0}");
    }

    #[test]
    fn a_quotation_left_open_is_followed_within_its_language() {
        let tmx = r#"<tmx><header srclang="ko"/><body>
<tu><tuv xml:lang="ko"><seg>“준비됐다.</seg></tuv><tuv xml:lang="en"><seg>“We are ready.</seg></tuv><tuv xml:lang="de"><seg>„Wir sind bereit.“</seg></tuv></tu>
<tu><tuv xml:lang="ko"><seg>“이긴다.”</seg></tuv><tuv xml:lang="en"><seg>We will win.”</seg></tuv><tuv xml:lang="de"><seg>Wir siegen.“</seg></tuv></tu>
</body></tmx>"#;
        // The English closer may end the quotation the previous English unit opened; the
        // German unit before it closed its own, so its lost opener is repaired.
        let found = run_in(Format::Tmx, tmx, "en", &["quotation-opener"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2.as_deref(), Some("„Wir siegen.“"));
    }
}
