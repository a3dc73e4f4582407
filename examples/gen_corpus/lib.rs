//! A deterministic generator of news-like corpora with machine-translation artifacts injected
//! at known rates, and the scoring of a repair against the generated clean text.
//!
//! Shared by `examples/gen_corpus.rs` (writes the corpus files), `examples/accuracy.rs`
//! (scores `mtscrub fix` output), `tests/generated_corpus.rs` and `benches/stages.rs`, each of
//! which includes this file with `#[path]`, so the test and the benchmarks generate exactly the
//! text the command-line tool writes.
//!
//! Every paragraph is built twice at once: the dirty text (with the artifacts) and the clean
//! text a desk wants (what `mtscrub fix` should give). The text comes from templates and word
//! lists written for this generator: politics, economy and sport, with invented people, teams
//! and companies. Articles are English, German, Korean or Japanese at given shares.
//!
//! Determinism: the only source of chance is a splitmix64 generator seeded by the caller, and
//! nothing depends on hash order, floating point, the clock or the platform, so the same seed
//! gives the same bytes on every machine.

use std::collections::BTreeMap;
use std::fmt::Write as _;

// ------------------------------------------------------------------------------------------
// Chance

/// splitmix64 (Steele, Lea and Flood): small, fast, and the same sequence everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), without modulo bias worth speaking of at these sizes.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with a probability of `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of `words`.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len() as u64) as usize]
    }

    /// An index into `weights`, chosen in proportion to the weights (not all zero).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut at = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if at < u64::from(w) {
                return i;
            }
            at -= u64::from(w);
        }
        weights.len() - 1
    }
}

// ------------------------------------------------------------------------------------------
// What is injected

/// An artifact the generator injects; each paragraph's label lists the ones it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Artifact {
    /// `…means something. “There is…,” he said.`: a quotation opened again after a sentence.
    StrayOpener,
    /// `…problem.” “He said.`: the attribution in quotation marks of its own.
    AttributionFragment,
    /// `Seoul = Yonhap` at the end of a caption.
    PlaceAgencyCredit,
    /// `Reporter Name email` as the byline.
    ReporterByline,
    /// `City = Correspondent Name email` as the byline.
    CorrespondentByline,
    /// English “ ” around a quotation in German text.
    EnglishQuotesInGerman,
    /// Korean text quoting with the Japanese corner brackets 「 」.
    CornerBracketsInKorean,
    /// A quotation mark written twice.
    DoubledMark,
    /// A space between a quotation mark and the quoted words.
    InnerSpace,
    /// TeX's ``…'' for a quotation.
    TexQuotes,
    /// A quotation left open at the end of the paragraph.
    Unclosed,
}

impl Artifact {
    pub const ALL: [Artifact; 11] = [
        Artifact::StrayOpener,
        Artifact::AttributionFragment,
        Artifact::PlaceAgencyCredit,
        Artifact::ReporterByline,
        Artifact::CorrespondentByline,
        Artifact::EnglishQuotesInGerman,
        Artifact::CornerBracketsInKorean,
        Artifact::DoubledMark,
        Artifact::InnerSpace,
        Artifact::TexQuotes,
        Artifact::Unclosed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Artifact::StrayOpener => "stray-opener",
            Artifact::AttributionFragment => "attribution-fragment",
            Artifact::PlaceAgencyCredit => "place-agency-credit",
            Artifact::ReporterByline => "reporter-byline",
            Artifact::CorrespondentByline => "correspondent-byline",
            Artifact::EnglishQuotesInGerman => "english-quotes-in-german",
            Artifact::CornerBracketsInKorean => "corner-brackets-in-korean",
            Artifact::DoubledMark => "doubled-mark",
            Artifact::InnerSpace => "inner-space",
            Artifact::TexQuotes => "tex-quotes",
            Artifact::Unclosed => "unclosed",
        }
    }

    pub fn from_name(name: &str) -> Option<Artifact> {
        Artifact::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// A correct text that looks like an artifact, which a repair must leave alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NearMiss {
    /// it’s, students’, ’90s, rock ’n’ roll.
    Apostrophe,
    /// 6'2", a 12" record.
    Prime,
    /// ‘…’ inside “…”.
    Nested,
    /// `“Will you stay?” “Yes,” she said.`
    Dialogue,
    /// Straight quotation marks used throughout a paragraph as a house style.
    StraightQuotes,
    /// A caption credit or byline already in house style.
    HouseCredit,
    /// A German paragraph that quotes English in German marks after a sentence of its own:
    /// the English function words may outnumber the German ones, but the paragraph, and its
    /// marks, are German.
    QuotedEnglish,
}

impl NearMiss {
    pub const ALL: [NearMiss; 7] = [
        NearMiss::Apostrophe,
        NearMiss::Prime,
        NearMiss::Nested,
        NearMiss::Dialogue,
        NearMiss::StraightQuotes,
        NearMiss::HouseCredit,
        NearMiss::QuotedEnglish,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NearMiss::Apostrophe => "apostrophe",
            NearMiss::Prime => "prime",
            NearMiss::Nested => "nested",
            NearMiss::Dialogue => "dialogue",
            NearMiss::StraightQuotes => "straight-quotes",
            NearMiss::HouseCredit => "house-credit",
            NearMiss::QuotedEnglish => "quoted-english",
        }
    }

    pub fn from_name(name: &str) -> Option<NearMiss> {
        NearMiss::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// One generated paragraph: one line of `corpus.txt`, one record of `corpus.jsonl`.
#[derive(Clone, Debug, Default)]
pub struct Paragraph {
    /// 1, 2, 3, … in corpus order.
    pub id: u64,
    pub lang: &'static str,
    pub dirty: String,
    pub clean: String,
    pub artifacts: Vec<Artifact>,
    pub near_misses: Vec<NearMiss>,
}

/// The shares of the languages and the rates of injection.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// Languages with their share of articles (any positive weights).
    pub langs: Vec<(&'static str, u32)>,
    /// Per mille of body paragraphs that get an artifact of their language.
    pub artifact_rate: u32,
    /// Per mille of paragraphs with an artifact that get a second one, in another sentence.
    pub second_artifact_rate: u32,
    /// Per mille of body paragraphs that get a near-miss.
    pub near_miss_rate: u32,
    /// Per mille of English articles with a photo caption, and of captions with the
    /// `Place = Agency` credit.
    pub caption_rate: u32,
    pub caption_artifact_rate: u32,
    /// Per mille of English articles signed with a byline, and of bylines in the source desk's
    /// form.
    pub byline_rate: u32,
    pub byline_artifact_rate: u32,
}

/// The languages the generator writes.
pub const LANGUAGES: [&str; 4] = ["en", "de", "ko", "ja"];

impl Config {
    /// English the main language, German, Korean and Japanese mixed in.
    pub fn new(seed: u64) -> Config {
        Config {
            seed,
            langs: vec![("en", 82), ("de", 8), ("ko", 5), ("ja", 5)],
            artifact_rate: 180,
            second_artifact_rate: 100,
            near_miss_rate: 250,
            caption_rate: 400,
            caption_artifact_rate: 500,
            byline_rate: 600,
            byline_artifact_rate: 600,
        }
    }

    /// Parses `en,de,ko,ja` (the first the main language: 82%, the rest share 18%) or
    /// `en:70,de:10,ko:10,ja:10` (explicit weights).
    pub fn parse_langs(spec: &str) -> Result<Vec<(&'static str, u32)>, String> {
        let mut langs = Vec::new();
        let mut explicit = false;
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (code, weight) = match part.split_once(':') {
                Some((code, weight)) => {
                    explicit = true;
                    let weight = weight
                        .parse::<u32>()
                        .map_err(|_| format!("--lang {part}: the weight is not a number"))?;
                    (code, Some(weight))
                }
                None => (part, None),
            };
            let code = LANGUAGES
                .iter()
                .copied()
                .find(|l| *l == code)
                .ok_or_else(|| format!("--lang {code}: the generator writes only {LANGUAGES:?}"))?;
            langs.push((code, weight));
        }
        if langs.is_empty() {
            return Err("--lang: no language".into());
        }
        if explicit {
            return langs
                .into_iter()
                .map(|(code, w)| {
                    w.map(|w| (code, w))
                        .ok_or_else(|| format!("--lang {code}: give every language a weight"))
                })
                .collect();
        }
        let others = (langs.len() - 1) as u32;
        Ok(langs
            .into_iter()
            .enumerate()
            .map(|(i, (code, _))| match (i, others) {
                (_, 0) => (code, 100),
                (0, _) => (code, 82 * others),
                _ => (code, 18),
            })
            .collect())
    }
}

// ------------------------------------------------------------------------------------------
// Generation

/// Paragraphs in corpus order, article after article, without end.
pub struct Generator {
    rng: Rng,
    config: Config,
    next_id: u64,
    pending: std::collections::VecDeque<Paragraph>,
    articles: u64,
}

impl Generator {
    pub fn new(config: Config) -> Generator {
        Generator {
            rng: Rng::new(config.seed),
            config,
            next_id: 1,
            pending: Default::default(),
            articles: 0,
        }
    }

    fn article(&mut self) {
        // The first article is in the main language, so that a document's sample (its first
        // kilobytes) is read in the language most of it is in.
        let lang = if self.articles == 0 {
            self.config.langs[0].0
        } else {
            let weights: Vec<u32> = self.config.langs.iter().map(|(_, w)| *w).collect();
            self.config.langs[self.rng.weighted(&weights)].0
        };
        self.articles += 1;
        let mut out = Vec::new();
        let mut w = Writer {
            rng: &mut self.rng,
            config: &self.config,
            last_statement: "",
        };
        match lang {
            "en" => w.english_article(&mut out),
            "de" => w.german_article(&mut out),
            "ko" => w.korean_article(&mut out),
            _ => w.japanese_article(&mut out),
        }
        for mut p in out {
            p.id = self.next_id;
            p.lang = lang;
            p.artifacts.sort();
            p.near_misses.sort();
            p.near_misses.dedup();
            self.next_id += 1;
            self.pending.push_back(p);
        }
    }
}

impl Iterator for Generator {
    type Item = Paragraph;

    fn next(&mut self) -> Option<Paragraph> {
        while self.pending.is_empty() {
            self.article();
        }
        self.pending.pop_front()
    }
}

/// Paragraphs until the dirty text (one paragraph a line) holds at least `bytes` bytes.
pub fn generate(config: Config, bytes: usize) -> Vec<Paragraph> {
    let mut size = 0;
    let mut out = Vec::new();
    for p in Generator::new(config) {
        size += p.dirty.len() + 1;
        out.push(p);
        if size >= bytes {
            break;
        }
    }
    out
}

/// The dirty text of `paragraphs`, one a line.
pub fn dirty_text(paragraphs: &[Paragraph]) -> String {
    let mut text = String::new();
    for p in paragraphs {
        text.push_str(&p.dirty);
        text.push('\n');
    }
    text
}

/// The clean text of `paragraphs`, one a line.
pub fn clean_text(paragraphs: &[Paragraph]) -> String {
    let mut text = String::new();
    for p in paragraphs {
        text.push_str(&p.clean);
        text.push('\n');
    }
    text
}

/// One JSON Lines record `{"id":…,"lang":…,"text":…}` with its line break.
pub fn json_record(out: &mut String, id: u64, lang: &str, text: &str) {
    let _ = write!(out, "{{\"id\":{id},\"lang\":\"{lang}\",\"text\":\"");
    json_escape(out, text);
    out.push_str("\"}\n");
}

/// One line of `labels.jsonl`.
pub fn label_record(out: &mut String, p: &Paragraph) {
    let _ = write!(
        out,
        "{{\"id\":{},\"lang\":\"{}\",\"artifacts\":[",
        p.id, p.lang
    );
    for (i, a) in p.artifacts.iter().enumerate() {
        let _ = write!(out, "{}\"{}\"", if i > 0 { "," } else { "" }, a.name());
    }
    out.push_str("],\"near_misses\":[");
    for (i, n) in p.near_misses.iter().enumerate() {
        let _ = write!(out, "{}\"{}\"", if i > 0 { "," } else { "" }, n.name());
    }
    out.push_str("]}\n");
}

fn json_escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// A paragraph being built: every piece goes to both texts, or differs between them.
#[derive(Default)]
struct Para {
    p: Paragraph,
}

impl Para {
    /// Text that is the same in both versions.
    fn both(&mut self, text: &str) -> &mut Self {
        self.p.dirty.push_str(text);
        self.p.clean.push_str(text);
        self
    }

    /// Text that differs: as machine translation left it, and as a desk wants it.
    fn differ(&mut self, dirty: &str, clean: &str) -> &mut Self {
        self.p.dirty.push_str(dirty);
        self.p.clean.push_str(clean);
        self
    }

    /// A space between sentences, when something came before.
    fn space(&mut self) -> &mut Self {
        if !self.p.dirty.is_empty() {
            self.both(" ");
        }
        self
    }

    fn artifact(&mut self, a: Artifact) -> &mut Self {
        self.p.artifacts.push(a);
        self
    }

    fn near(&mut self, n: NearMiss) -> &mut Self {
        self.p.near_misses.push(n);
        self
    }

    fn done(self) -> Paragraph {
        self.p
    }
}

struct Writer<'a> {
    rng: &'a mut Rng,
    config: &'a Config,
    /// The template of the last statement, so that a paragraph does not repeat it.
    last_statement: &'static str,
}

/// What an artifact slot asks of a quotation sentence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Clean,
    Dirty(Artifact),
    Near(NearMiss),
}

impl Writer<'_> {
    /// Fills `{key}` placeholders of `template` from the word lists of `lex`.
    fn fill(&mut self, lex: &Lexicon, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("placeholders are closed");
            let key = &rest[open + 1..close];
            self.value(lex, key, &mut out);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn value(&mut self, lex: &Lexicon, key: &str, out: &mut String) {
        let r = &mut *self.rng;
        match key {
            "name" => (lex.person)(r, out),
            "her" => (lex.female)(r, out),
            "his" => (lex.male)(r, out),
            "city" => out.push_str(r.word(lex.cities)),
            "org" => out.push_str(r.word(lex.orgs)),
            "team" => out.push_str(r.word(lex.teams)),
            "team2" => out.push_str(r.word(lex.teams)),
            "day" => out.push_str(r.word(lex.days)),
            "month" => out.push_str(r.word(lex.months)),
            "num" => {
                let _ = write!(out, "{}", r.between(2, 40));
            }
            "big" => {
                let _ = write!(out, "{}", r.between(120, 980));
            }
            "pct" => {
                let _ = write!(
                    out,
                    "{}{}{}",
                    r.between(0, 12),
                    lex.decimal,
                    r.between(1, 9)
                );
            }
            "rate" => {
                let _ = write!(
                    out,
                    "{}{}{}",
                    r.between(1, 4),
                    lex.decimal,
                    r.between(0, 9) * 5 % 10
                );
            }
            "score" => {
                let a = r.between(1, 5);
                let _ = write!(out, "{}{}{}", a, lex.score_separator, r.between(0, a - 1));
            }
            "more" => {
                let _ = write!(out, "{}", r.between(41, 60));
            }
            "year" => {
                let _ = write!(out, "{}", r.between(2027, 2031));
            }
            "minute" => {
                let _ = write!(out, "{}", r.between(55, 88));
            }
            "ord" => out.push_str(r.word(&["second", "third", "fourth", "fifth", "sixth"])),
            "fx" => {
                let _ = write!(out, "1,{}", r.between(280, 490));
            }
            other => panic!("unknown placeholder {{{other}}}"),
        }
    }

    fn topic<'l>(&mut self, lex: &'l Lexicon) -> &'l Topic {
        self.rng.pick(&lex.topics)
    }

    /// A statement sentence of `topic`, with its full stop, other than the last one given.
    fn statement(&mut self, lex: &Lexicon, topic: &Topic) -> String {
        let mut t = *self.rng.pick(topic.statements);
        while std::ptr::eq(t, self.last_statement) {
            t = *self.rng.pick(topic.statements);
        }
        self.last_statement = t;
        let mut s = capitalized(&self.fill(lex, t));
        s.push_str(lex.full_stop);
        s
    }

    /// A quoted sentence without its final punctuation.
    fn quote(&mut self, lex: &Lexicon, topic: &Topic) -> String {
        let t = *self.rng.pick(topic.quotes);
        self.fill(lex, t)
    }

    /// Two different quoted sentences.
    fn two_quotes(&mut self, lex: &Lexicon, topic: &Topic) -> (String, String) {
        let a = self.quote(lex, topic);
        loop {
            let b = self.quote(lex, topic);
            if b != a {
                return (a, b);
            }
        }
    }

    fn speaker(&mut self, lex: &Lexicon, topic: &Topic) -> String {
        let t = *self.rng.pick(topic.speakers);
        self.fill(lex, t)
    }

    /// The artifact a body paragraph gets, if any, from the language's kinds and weights.
    fn slots(&mut self, kinds: &[(Artifact, u32)], near: &[NearMiss]) -> Vec<Slot> {
        let mut slots = Vec::new();
        if self.rng.chance(self.config.artifact_rate) {
            let weights: Vec<u32> = kinds.iter().map(|(_, w)| *w).collect();
            let first = kinds[self.rng.weighted(&weights)].0;
            slots.push(Slot::Dirty(first));
            if self.rng.chance(self.config.second_artifact_rate) {
                // A second artifact in another sentence, of a kind that may stand anywhere.
                let anywhere: Vec<(Artifact, u32)> = kinds
                    .iter()
                    .copied()
                    .filter(|(a, _)| *a != first && !ends_paragraph(*a))
                    .collect();
                if !anywhere.is_empty() {
                    let weights: Vec<u32> = anywhere.iter().map(|(_, w)| *w).collect();
                    slots.push(Slot::Dirty(anywhere[self.rng.weighted(&weights)].0));
                }
            }
        }
        if !near.is_empty() && self.rng.chance(self.config.near_miss_rate) {
            slots.push(Slot::Near(*self.rng.pick(near)));
        }
        // An artifact that must end the paragraph goes last.
        slots.sort_by_key(|s| matches!(s, Slot::Dirty(a) if ends_paragraph(*a)));
        slots
    }
}

/// Artifacts that only occur at the end of a paragraph.
fn ends_paragraph(a: Artifact) -> bool {
    matches!(a, Artifact::Unclosed | Artifact::AttributionFragment)
}

// ------------------------------------------------------------------------------------------
// English

impl Writer<'_> {
    fn english_article(&mut self, out: &mut Vec<Paragraph>) {
        let lex = &ENGLISH;
        let topic = self.topic(lex);
        let mut head = Para::default();
        let headline = if self.rng.chance(200) {
            let name = self.fill(lex, "{name}");
            let q = self.quote(lex, topic);
            format!("{name}: “{q}”")
        } else {
            let t = *self.rng.pick(topic.headlines);
            self.fill(lex, t)
        };
        head.both(&headline);
        out.push(head.done());

        let body = self.rng.between(3, 8);
        for _ in 0..body {
            let slots = self.slots(
                &[
                    (Artifact::StrayOpener, 20),
                    (Artifact::AttributionFragment, 20),
                    (Artifact::DoubledMark, 15),
                    (Artifact::InnerSpace, 15),
                    (Artifact::TexQuotes, 10),
                    (Artifact::Unclosed, 15),
                ],
                &[
                    NearMiss::Apostrophe,
                    NearMiss::Prime,
                    NearMiss::Nested,
                    NearMiss::Dialogue,
                    NearMiss::StraightQuotes,
                ],
            );
            out.push(self.english_body(topic, &slots));
        }
        if self.rng.chance(self.config.caption_rate) {
            out.push(self.english_caption());
        }
        if self.rng.chance(self.config.byline_rate) {
            out.push(self.english_byline());
        }
    }

    fn english_body(&mut self, topic: &Topic, slots: &[Slot]) -> Paragraph {
        let lex = &ENGLISH;
        let mut p = Para::default();
        let lead = self.rng.between(1, 2);
        for _ in 0..lead {
            let s = self.statement(lex, topic);
            p.space().both(&s);
        }
        if slots.is_empty() && self.rng.chance(500) {
            // A paragraph of reporting only, or one with a correct quotation.
            if self.rng.chance(500) {
                self.english_quotation(&mut p, topic, Slot::Clean, false);
            }
            return p.done();
        }
        if slots.is_empty() {
            self.english_quotation(&mut p, topic, Slot::Clean, false);
            if self.rng.chance(300) {
                let s = self.statement(lex, topic);
                p.space().both(&s);
            }
            return p.done();
        }
        for (i, slot) in slots.iter().enumerate() {
            if i > 0 && self.rng.chance(400) {
                let s = self.statement(lex, topic);
                p.space().both(&s);
            }
            match slot {
                Slot::Near(NearMiss::StraightQuotes) => {
                    self.english_quotation(&mut p, topic, Slot::Clean, true);
                    p.near(NearMiss::StraightQuotes);
                }
                Slot::Near(n) => self.english_near_miss(&mut p, topic, *n),
                slot => self.english_quotation(&mut p, topic, *slot, false),
            }
        }
        let last_ends = slots
            .last()
            .is_some_and(|s| matches!(s, Slot::Dirty(a) if ends_paragraph(*a)));
        if !last_ends && self.rng.chance(250) {
            let s = self.statement(lex, topic);
            p.space().both(&s);
        }
        p.done()
    }

    /// A sentence or two of quotation, correct or with one artifact.
    fn english_quotation(&mut self, p: &mut Para, topic: &Topic, slot: Slot, straight: bool) {
        let lex = &ENGLISH;
        let speaker = self.speaker(lex, topic);
        let cap = capitalized(&speaker);
        let pron = *self.rng.pick(&["he", "she"]);
        let verb = *self
            .rng
            .pick(&["said", "added", "told reporters", "explained", "stressed"]);
        let (q1, q2) = self.two_quotes(lex, topic);
        let (open, close) = if straight {
            ("\"", "\"")
        } else {
            ("“", "”")
        };
        p.space();
        match slot {
            Slot::Dirty(Artifact::StrayOpener) => {
                p.artifact(Artifact::StrayOpener);
                if self.rng.chance(500) {
                    let clean = format!("“{q1}. {q2},” {speaker} {verb}.");
                    let dirty = format!("“{q1}. “{q2},” {speaker} {verb}.");
                    p.differ(&dirty, &clean);
                } else {
                    let clean = format!("{cap} said, “{q1}. {q2},” {pron} {verb}.");
                    let dirty = format!("{cap} said, “{q1}. “{q2},” {pron} {verb}.");
                    p.differ(&dirty, &clean);
                }
            }
            Slot::Dirty(Artifact::AttributionFragment) => {
                p.artifact(Artifact::AttributionFragment);
                let (attr_dirty, attr_clean) = match self.rng.below(4) {
                    0 => ("He said", "he said"),
                    1 => ("She said", "she said"),
                    2 => ("He added", "he added"),
                    _ => ("She explained", "she explained"),
                };
                if self.rng.chance(800) {
                    let clean = format!("{cap} {verb}, “{q1},” {attr_clean}.");
                    let dirty = format!("{cap} {verb}, “{q1}.” “{attr_dirty}.");
                    p.differ(&dirty, &clean);
                } else {
                    let clean = format!("“{q1},” {attr_clean}.");
                    let dirty = format!("“{q1}.” “{attr_dirty}.");
                    p.differ(&dirty, &clean);
                }
            }
            Slot::Dirty(Artifact::DoubledMark) => {
                p.artifact(Artifact::DoubledMark);
                match self.rng.below(3) {
                    0 => {
                        let clean = format!("“{q1},” {speaker} {verb}.");
                        let dirty = format!("““{q1},” {speaker} {verb}.");
                        p.differ(&dirty, &clean);
                    }
                    1 => {
                        let clean = format!("“{q1}.” “{q2},” {speaker} {verb}.");
                        let dirty = format!("“{q1}.””{q2},” {speaker} {verb}.");
                        p.differ(&dirty, &clean);
                    }
                    _ => {
                        let clean = format!("“{q1},” {speaker} {verb}.");
                        let dirty = format!("“{q1},”” {speaker} {verb}.");
                        p.differ(&dirty, &clean);
                    }
                }
            }
            Slot::Dirty(Artifact::InnerSpace) => {
                p.artifact(Artifact::InnerSpace);
                match self.rng.below(3) {
                    0 => {
                        let clean = format!("{cap} {verb}: “{q1}.”");
                        let dirty = format!("{cap} {verb}: “ {q1}.”");
                        p.differ(&dirty, &clean);
                    }
                    1 => {
                        let clean = format!("“{q1},” {speaker} {verb}.");
                        let dirty = format!("“ {q1},” {speaker} {verb}.");
                        p.differ(&dirty, &clean);
                    }
                    _ => {
                        let clean = format!("{cap} {verb}: “{q1}.”");
                        let dirty = format!("{cap} {verb}: “ {q1}. ”");
                        p.differ(&dirty, &clean);
                    }
                }
            }
            Slot::Dirty(Artifact::TexQuotes) => {
                p.artifact(Artifact::TexQuotes);
                if self.rng.chance(500) {
                    let clean = format!("{cap} {verb}, “{q1}.”");
                    let dirty = format!("{cap} {verb}, ``{q1}.''");
                    p.differ(&dirty, &clean);
                } else {
                    let clean = format!("“{q1},” {speaker} {verb}.");
                    let dirty = format!("``{q1},'' {speaker} {verb}.");
                    p.differ(&dirty, &clean);
                }
            }
            Slot::Dirty(Artifact::Unclosed) => {
                p.artifact(Artifact::Unclosed);
                let clean = format!("{cap} {verb}, “{q1}. {q2}.”");
                let dirty = format!("{cap} {verb}, “{q1}. {q2}.");
                p.differ(&dirty, &clean);
            }
            Slot::Dirty(other) => panic!("{} is not an English body artifact", other.name()),
            Slot::Clean | Slot::Near(_) => {
                let s = match self.rng.below(5) {
                    0 => format!("{cap} {verb}, {open}{q1}. {q2}.{close}"),
                    1 => format!("{open}{q1},{close} {pron} {verb}."),
                    2 => format!("{open}{q1}. {q2},{close} {speaker} {verb}."),
                    3 => format!("{cap} {verb}, {open}{q1}.{close}"),
                    _ => {
                        let word = *self.rng.pick(&[
                            "a turning point",
                            "unrealistic",
                            "a historic step",
                            "premature",
                            "the best result in years",
                            "fake news",
                        ]);
                        format!("{cap} called it {open}{word}{close} and left without taking questions.")
                    }
                };
                p.both(&s);
            }
        }
    }

    fn english_near_miss(&mut self, p: &mut Para, topic: &Topic, n: NearMiss) {
        let lex = &ENGLISH;
        p.near(n).space();
        let speaker = self.speaker(lex, topic);
        let cap = capitalized(&speaker);
        let team = capitalized(&self.fill(lex, "{team}"));
        let s = match n {
            NearMiss::Apostrophe => match self.rng.below(4) {
                0 => format!("“It’s up to us,” {speaker} said of the students’ demands."),
                1 => "The club’s fans still sing the anthem they wrote in the ’90s.".to_string(),
                2 => format!(
                    "{team} played rock ’n’ roll before kick-off, as they have since the ’80s."
                ),
                _ => format!(
                    "“We don’t look at the table,” {speaker} said. “It’s the players’ season.”"
                ),
            },
            NearMiss::Prime => match self.rng.below(3) {
                0 => format!("The 6'2\" forward joined {team} on a two-year deal."),
                1 => "Fans queued for a 12\" record of the club anthem.".to_string(),
                _ => {
                    "The new stand has seats with a pitch of 31-33\", with 31\" in the upper tier."
                        .to_string()
                }
            },
            NearMiss::Nested => {
                let q = self.quote(lex, topic);
                format!(
                    "“The minister told us, ‘{q},’ and we took her at her word,” {speaker} said."
                )
            }
            NearMiss::Dialogue => match self.rng.below(2) {
                0 => format!("“Will you stay?” “Yes,” {speaker} said."),
                _ => format!("“Is the deal done?” “Not yet.” {cap} smiled and left the room."),
            },
            NearMiss::StraightQuotes | NearMiss::HouseCredit => unreachable!("handled elsewhere"),
            NearMiss::QuotedEnglish => unreachable!("a German near-miss"),
        };
        p.both(&s);
    }

    fn english_caption(&mut self) -> Paragraph {
        let lex = &ENGLISH;
        let mut p = Para::default();
        let t = *self.rng.pick(CAPTIONS);
        let s = self.fill(lex, t);
        p.both(&s);
        let place = *self.rng.pick(CREDIT_PLACES);
        let agency = *self.rng.pick(AGENCIES);
        if self.rng.chance(self.config.caption_artifact_rate) {
            p.artifact(Artifact::PlaceAgencyCredit).space();
            let dirty = if self.rng.chance(750) {
                format!("{place} = {agency}")
            } else {
                format!("{place}={agency}")
            };
            p.differ(&dirty, &format!("{place} ({agency})"));
        } else {
            p.near(NearMiss::HouseCredit)
                .space()
                .both(&format!("{place} ({agency})"));
        }
        p.done()
    }

    fn english_byline(&mut self) -> Paragraph {
        let mut p = Para::default();
        let mut name = String::new();
        korean_name(self.rng, &mut name);
        let email = email_of(self.rng, &name);
        let dirty = self.rng.chance(self.config.byline_artifact_rate);
        if self.rng.chance(600) {
            if dirty {
                p.artifact(Artifact::ReporterByline);
                p.differ(
                    &format!("Reporter {name} {email}"),
                    &format!("{name}, reporter ({email})"),
                );
            } else {
                p.near(NearMiss::HouseCredit);
                p.both(&format!("{name}, reporter ({email})"));
            }
        } else {
            let city = *self.rng.pick(CORRESPONDENT_CITIES);
            if dirty {
                p.artifact(Artifact::CorrespondentByline);
                p.differ(
                    &format!("{city} = Correspondent {name} {email}"),
                    &format!("{name}, {city} correspondent ({email})"),
                );
            } else {
                p.near(NearMiss::HouseCredit);
                p.both(&format!("{name}, {city} correspondent ({email})"));
            }
        }
        p.done()
    }
}

/// `coach Kim` → `Coach Kim`, for a sentence's start.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn korean_name(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(KOREAN_FAMILY));
    out.push(' ');
    out.push_str(rng.word(KOREAN_GIVEN));
}

fn western_name(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(WESTERN_GIVEN));
    out.push(' ');
    out.push_str(rng.word(WESTERN_FAMILY));
}

fn english_person(rng: &mut Rng, out: &mut String) {
    if rng.chance(600) {
        korean_name(rng, out);
    } else {
        western_name(rng, out);
    }
}

/// An address for a byline: `minji.kim@harbordaily.com`.
fn email_of(rng: &mut Rng, name: &str) -> String {
    let mut parts = name.split(' ');
    let family = parts.next().unwrap_or("desk").to_ascii_lowercase();
    let given: String = parts
        .next()
        .unwrap_or("news")
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("{given}.{family}@{}", rng.pick(PAPER_DOMAINS))
}

// ------------------------------------------------------------------------------------------
// German

impl Writer<'_> {
    fn german_article(&mut self, out: &mut Vec<Paragraph>) {
        let lex = &GERMAN;
        let topic = self.topic(lex);
        let mut head = Para::default();
        let t = *self.rng.pick(topic.headlines);
        let h = self.fill(lex, t);
        head.both(&h);
        out.push(head.done());
        for _ in 0..self.rng.between(3, 6) {
            let slots = self.slots(
                &[
                    (Artifact::EnglishQuotesInGerman, 60),
                    (Artifact::StrayOpener, 10),
                    (Artifact::Unclosed, 10),
                    (Artifact::InnerSpace, 10),
                ],
                &[
                    NearMiss::Apostrophe,
                    NearMiss::Nested,
                    NearMiss::QuotedEnglish,
                ],
            );
            out.push(self.german_body(topic, &slots));
        }
    }

    fn german_body(&mut self, topic: &Topic, slots: &[Slot]) -> Paragraph {
        let lex = &GERMAN;
        let mut p = Para::default();
        for _ in 0..self.rng.between(1, 2) {
            let s = self.statement(lex, topic);
            p.space().both(&s);
        }
        let mut slots = slots.to_vec();
        if slots.is_empty() && self.rng.chance(600) {
            slots.push(Slot::Clean);
        }
        for slot in slots {
            let speaker = self.speaker(lex, topic);
            let verb = *self.rng.pick(&["sagte", "erklärte", "betonte", "ergänzte"]);
            let cap = capitalized(&speaker);
            // The speaker at a sentence's end, without an apposition's closing comma.
            let last = speaker.trim_end_matches(',');
            let (q1, q2) = self.two_quotes(lex, topic);
            p.space();
            match slot {
                Slot::Dirty(Artifact::EnglishQuotesInGerman) => {
                    p.artifact(Artifact::EnglishQuotesInGerman);
                    if self.rng.chance(500) {
                        p.differ(
                            &format!("{cap} {verb}: “{q1}.”"),
                            &format!("{cap} {verb}: „{q1}.“"),
                        );
                    } else {
                        p.differ(
                            &format!("“{q1}. {q2}”, {verb} {last}."),
                            &format!("„{q1}. {q2}“, {verb} {last}."),
                        );
                    }
                }
                Slot::Dirty(Artifact::StrayOpener) => {
                    p.artifact(Artifact::StrayOpener).differ(
                        &format!("„{q1}. „{q2}“, {verb} {last}."),
                        &format!("„{q1}. {q2}“, {verb} {last}."),
                    );
                }
                Slot::Dirty(Artifact::Unclosed) => {
                    p.artifact(Artifact::Unclosed).differ(
                        &format!("{cap} {verb}: „{q1}. {q2}."),
                        &format!("{cap} {verb}: „{q1}. {q2}.“"),
                    );
                }
                Slot::Dirty(Artifact::InnerSpace) => {
                    p.artifact(Artifact::InnerSpace).differ(
                        &format!("{cap} {verb}: „ {q1}.“"),
                        &format!("{cap} {verb}: „{q1}.“"),
                    );
                }
                Slot::Dirty(other) => panic!("{} is not a German artifact", other.name()),
                Slot::Near(NearMiss::Nested) => {
                    p.near(NearMiss::Nested).both(&format!(
                        "„Der Minister hat uns gesagt: ‚{q1}‘, und wir glauben ihm“, {verb} {last}."
                    ));
                }
                Slot::Near(NearMiss::QuotedEnglish) => {
                    let english = *self.rng.pick(&QUOTED_ENGLISH);
                    p.near(NearMiss::QuotedEnglish)
                        .both(&format!("„{english}“, {verb} {last}."));
                }
                Slot::Near(_) => {
                    p.near(NearMiss::Apostrophe).both(&format!(
                        "„Wir geben nicht auf“, {verb} {last}, „wir gehen’s gemeinsam an.“"
                    ));
                }
                Slot::Clean => {
                    if self.rng.chance(500) {
                        p.both(&format!("{cap} {verb}: „{q1}.“"));
                    } else {
                        p.both(&format!("„{q1}. {q2}“, {verb} {last}."));
                    }
                }
            }
        }
        p.done()
    }
}

/// English said to German reporters, quoted as it was said.
const QUOTED_ENGLISH: [&str; 6] = [
    "We will not give in to the pressure of the markets",
    "This is the end of the road for the plan",
    "We are ready to talk, but not at any price",
    "It is too early to say what this means for the economy",
    "We have to do more, and we have to do it now",
    "The door is open, and it will stay open",
];

// ------------------------------------------------------------------------------------------
// Korean

impl Writer<'_> {
    fn korean_article(&mut self, out: &mut Vec<Paragraph>) {
        let lex = &KOREAN;
        let topic = self.topic(lex);
        let mut head = Para::default();
        let t = *self.rng.pick(topic.headlines);
        let h = self.fill(lex, t);
        head.both(&h);
        out.push(head.done());
        for _ in 0..self.rng.between(3, 6) {
            let slots = self.slots(
                &[
                    (Artifact::CornerBracketsInKorean, 60),
                    (Artifact::DoubledMark, 20),
                    (Artifact::InnerSpace, 20),
                ],
                &[NearMiss::Nested],
            );
            let mut p = Para::default();
            for _ in 0..self.rng.between(1, 2) {
                let s = self.statement(lex, topic);
                p.space().both(&s);
            }
            let mut slots = slots;
            if slots.is_empty() && self.rng.chance(600) {
                slots.push(Slot::Clean);
            }
            for slot in slots {
                let speaker = self.speaker(lex, topic);
                let q = self.quote(lex, topic);
                let tail = *self.rng.pick(&["고 말했다", "고 밝혔다", "고 강조했다"]);
                let topic_marker = topic_particle(&speaker);
                p.space();
                match slot {
                    Slot::Dirty(Artifact::CornerBracketsInKorean) => {
                        p.artifact(Artifact::CornerBracketsInKorean).differ(
                            &format!("{speaker}{topic_marker} 「{q}」{tail}."),
                            &format!("{speaker}{topic_marker} “{q}”{tail}."),
                        );
                    }
                    Slot::Dirty(Artifact::DoubledMark) => {
                        p.artifact(Artifact::DoubledMark).differ(
                            &format!("{speaker}{topic_marker} ““{q}”{tail}."),
                            &format!("{speaker}{topic_marker} “{q}”{tail}."),
                        );
                    }
                    Slot::Dirty(Artifact::InnerSpace) => {
                        p.artifact(Artifact::InnerSpace).differ(
                            &format!("{speaker}{topic_marker} “ {q}”{tail}."),
                            &format!("{speaker}{topic_marker} “{q}”{tail}."),
                        );
                    }
                    Slot::Dirty(other) => panic!("{} is not a Korean artifact", other.name()),
                    Slot::Near(_) => {
                        let plan =
                            *self
                                .rng
                                .pick(&["‘민생 안정 대책’", "‘비상 경영’", "‘세대교체 방안’"]);
                        p.near(NearMiss::Nested).both(&format!(
                            "{speaker}{topic_marker} “정부가 {plan}을 내놓았지만 부족하다”{tail}."
                        ));
                    }
                    Slot::Clean => {
                        p.both(&format!("{speaker}{topic_marker} “{q}”{tail}."));
                    }
                }
            }
            out.push(p.done());
        }
    }
}

// ------------------------------------------------------------------------------------------
// Japanese

impl Writer<'_> {
    fn japanese_article(&mut self, out: &mut Vec<Paragraph>) {
        let lex = &JAPANESE;
        let topic = self.topic(lex);
        let mut head = Para::default();
        let t = *self.rng.pick(topic.headlines);
        let h = self.fill(lex, t);
        head.both(&h);
        out.push(head.done());
        for _ in 0..self.rng.between(3, 6) {
            let slots = self.slots(
                &[
                    (Artifact::DoubledMark, 30),
                    (Artifact::InnerSpace, 30),
                    (Artifact::StrayOpener, 20),
                    (Artifact::Unclosed, 20),
                ],
                &[NearMiss::Nested],
            );
            let mut p = Para::default();
            for _ in 0..self.rng.between(1, 2) {
                let s = self.statement(lex, topic);
                p.both(&s);
            }
            let mut slots = slots;
            if slots.is_empty() && self.rng.chance(600) {
                slots.push(Slot::Clean);
            }
            for slot in slots {
                let speaker = self.speaker(lex, topic);
                let (q1, q2) = self.two_quotes(lex, topic);
                let tail = *self.rng.pick(&["と述べた。", "と語った。", "と強調した。"]);
                match slot {
                    Slot::Dirty(Artifact::DoubledMark) => {
                        p.artifact(Artifact::DoubledMark).differ(
                            &format!("{speaker}は「「{q1}」{tail}"),
                            &format!("{speaker}は「{q1}」{tail}"),
                        );
                    }
                    Slot::Dirty(Artifact::InnerSpace) => {
                        p.artifact(Artifact::InnerSpace).differ(
                            &format!("{speaker}は「 {q1}」{tail}"),
                            &format!("{speaker}は「{q1}」{tail}"),
                        );
                    }
                    Slot::Dirty(Artifact::StrayOpener) => {
                        p.artifact(Artifact::StrayOpener).differ(
                            &format!("{speaker}は「{q1}。「{q2}」{tail}"),
                            &format!("{speaker}は「{q1}。{q2}」{tail}"),
                        );
                    }
                    Slot::Dirty(Artifact::Unclosed) => {
                        p.artifact(Artifact::Unclosed).differ(
                            &format!("{speaker}は記者団に「{q1}。{q2}。"),
                            &format!("{speaker}は記者団に「{q1}。{q2}。」"),
                        );
                    }
                    Slot::Dirty(other) => panic!("{} is not a Japanese artifact", other.name()),
                    Slot::Near(_) => {
                        p.near(NearMiss::Nested)
                            .both(&format!("{speaker}は「首相は『{q1}』と約束した」{tail}"));
                    }
                    Slot::Clean => {
                        p.both(&format!("{speaker}は「{q1}」{tail}"));
                    }
                }
            }
            out.push(p.done());
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scoring

/// One paragraph's texts and labels, as the scorer reads them.
#[derive(Clone, Debug)]
pub struct Scored<'a> {
    pub lang: &'a str,
    pub artifacts: Vec<String>,
    pub near_misses: Vec<String>,
    pub dirty: &'a str,
    pub clean: &'a str,
    pub fixed: &'a str,
}

/// Counts for one group of paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub paragraphs: usize,
    /// Came back equal to the clean text.
    pub repaired: usize,
    /// Came back changed (for paragraphs without artifacts: changed at all).
    pub changed: usize,
}

impl Tally {
    pub fn recall(&self) -> f64 {
        if self.paragraphs == 0 {
            1.0
        } else {
            self.repaired as f64 / self.paragraphs as f64
        }
    }
}

/// The accuracy of one repair of a generated corpus.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub paragraphs: usize,
    /// Paragraphs with at least one artifact.
    pub with_artifacts: Tally,
    /// Per artifact kind (a paragraph with two kinds counts under both).
    pub by_artifact: BTreeMap<String, Tally>,
    /// Per language, paragraphs with artifacts.
    pub by_lang: BTreeMap<String, Tally>,
    /// Paragraphs without artifacts: `changed` is the count of changes outside the artifacts.
    pub without_artifacts: Tally,
    /// Paragraphs without artifacts but with a near-miss, per kind.
    pub by_near_miss: BTreeMap<String, Tally>,
    /// Paragraphs without artifacts per language.
    pub clean_by_lang: BTreeMap<String, Tally>,
    /// The ids (1-based positions) of paragraphs that did not come back as the clean text.
    pub misses: Vec<usize>,
}

/// Scores a repair paragraph by paragraph.
pub fn score<'a>(paragraphs: impl IntoIterator<Item = Scored<'a>>) -> Score {
    let mut s = Score::default();
    for (i, p) in paragraphs.into_iter().enumerate() {
        s.paragraphs += 1;
        let equal = p.fixed == p.clean;
        let changed = p.fixed != p.dirty;
        let add = |t: &mut Tally| {
            t.paragraphs += 1;
            t.repaired += usize::from(equal);
            t.changed += usize::from(changed);
        };
        if p.artifacts.is_empty() {
            add(&mut s.without_artifacts);
            add(s.clean_by_lang.entry(p.lang.to_string()).or_default());
            for n in &p.near_misses {
                add(s.by_near_miss.entry(n.clone()).or_default());
            }
        } else {
            add(&mut s.with_artifacts);
            add(s.by_lang.entry(p.lang.to_string()).or_default());
            let mut kinds = p.artifacts.clone();
            kinds.sort();
            kinds.dedup();
            for a in &kinds {
                add(s.by_artifact.entry(a.clone()).or_default());
            }
        }
        if !equal {
            s.misses.push(i + 1);
        }
    }
    s
}

impl Score {
    /// A plain-text report.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let pct = |t: &Tally| 100.0 * t.recall();
        let _ = writeln!(out, "paragraphs: {}", self.paragraphs);
        let w = &self.with_artifacts;
        let _ = writeln!(
            out,
            "recall: {}/{} paragraphs with artifacts came back as the clean text ({:.2}%)",
            w.repaired,
            w.paragraphs,
            pct(w)
        );
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>9} {:>8}",
            "artifact", "paragraphs", "repaired", "recall"
        );
        for (kind, t) in &self.by_artifact {
            let _ = writeln!(
                out,
                "{:<28} {:>9} {:>9} {:>7.2}%",
                kind,
                t.paragraphs,
                t.repaired,
                pct(t)
            );
        }
        for (lang, t) in &self.by_lang {
            let _ = writeln!(
                out,
                "{:<28} {:>9} {:>9} {:>7.2}%",
                format!("lang {lang}"),
                t.paragraphs,
                t.repaired,
                pct(t)
            );
        }
        let c = &self.without_artifacts;
        let _ = writeln!(
            out,
            "changes outside artifacts: {} of {} paragraphs without artifacts were changed",
            c.changed, c.paragraphs
        );
        for (kind, t) in &self.by_near_miss {
            let _ = writeln!(
                out,
                "  near-miss {:<18} {:>9} paragraphs, {} changed",
                kind, t.paragraphs, t.changed
            );
        }
        for (lang, t) in &self.clean_by_lang {
            let _ = writeln!(
                out,
                "  lang {:<23} {:>9} paragraphs, {} changed",
                lang, t.paragraphs, t.changed
            );
        }
        out
    }
}

// ------------------------------------------------------------------------------------------
// Word lists

/// The words and templates of one language.
struct Lexicon {
    person: fn(&mut Rng, &mut String),
    /// A woman's and a man's name, for languages whose titles show gender (`{her}`, `{his}`).
    female: fn(&mut Rng, &mut String),
    male: fn(&mut Rng, &mut String),
    cities: &'static [&'static str],
    orgs: &'static [&'static str],
    teams: &'static [&'static str],
    days: &'static [&'static str],
    months: &'static [&'static str],
    decimal: &'static str,
    /// Between the goals of a score: 2-1, 2:1.
    score_separator: &'static str,
    full_stop: &'static str,
    topics: [Topic; 3],
}

/// Politics, economy or sport.
struct Topic {
    headlines: &'static [&'static str],
    statements: &'static [&'static str],
    quotes: &'static [&'static str],
    speakers: &'static [&'static str],
}

const KOREAN_FAMILY: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
];
const KOREAN_GIVEN: &[&str] = &[
    "Min-ji", "Seo-yeon", "Jae-won", "Hyun-woo", "Ji-hoon", "Soo-bin", "Tae-yang", "Eun-chae",
    "Do-hyun", "Ha-eun", "Yeon-su", "Dong-gyu", "Na-rae", "Sung-min", "Bo-ram", "Kyung-ho",
];
const WESTERN_GIVEN: &[&str] = &[
    "Elena", "Marcus", "Tobias", "Ingrid", "Rafael", "Nadia", "Oskar", "Lucia", "Henrik", "Amara",
    "Viktor", "Selma", "Jonah", "Mirela", "Anton", "Talia",
];
const WESTERN_FAMILY: &[&str] = &[
    "Dorvan",
    "Castell",
    "Mirelli",
    "Aldrich",
    "Brennick",
    "Quennell",
    "Tavish",
    "Orlund",
    "Pemberly",
    "Haldane",
    "Vasquell",
    "Okonkwe",
    "Lindqvar",
    "Sarrow",
    "Fenwright",
    "Ebersol",
];
const CREDIT_PLACES: &[&str] = &[
    "Seoul",
    "Busan",
    "Incheon",
    "Tokyo",
    "Osaka",
    "Beijing",
    "Washington",
    "New York",
    "Brussels",
    "Geneva",
    "Kazan",
    "Sejong",
    "Pyongyang",
    "Hanoi",
];
const AGENCIES: &[&str] = &[
    "Yonhap",
    "Getty Images",
    "AP",
    "Reuters",
    "AFP",
    "EPA",
    "Newsis",
    "News1",
    "Kyodo",
    "Xinhua",
    "Joint Press Corps",
    "Presidential Office",
];
const CORRESPONDENT_CITIES: &[&str] = &[
    "Paris",
    "Washington",
    "Tokyo",
    "Beijing",
    "Berlin",
    "London",
    "New York",
    "Brussels",
];
const PAPER_DOMAINS: &[&str] = &[
    "harbordaily.com",
    "eastport-herald.co.kr",
    "morningledger.com",
    "northgazette.co.kr",
];
const CAPTIONS: &[&str] = &[
    "Lawmakers leave the plenary hall after the vote on the budget bill on {day}.",
    "{name} speaks to reporters at the party headquarters on {day}.",
    "Containers are stacked at the port of {city} on {day}.",
    "Traders watch screens in a dealing room in {city} as the won weakened to {fx} per dollar.",
    "Players of {team} celebrate after beating {team2} {score} on {day}.",
    "Fans of {team} cheer before the final in {city}.",
    "Workers assemble electric vehicles at a plant run by {org} in {city}.",
    "Delegates arrive for the summit in {city} on {day}.",
];

const ENGLISH: Lexicon = Lexicon {
    person: english_person,
    female: english_person,
    male: english_person,
    cities: &[
        "Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Tokyo", "Osaka", "Eastport", "Norvik",
        "Halden", "Redmere", "Brussels", "Geneva",
    ],
    orgs: &[
        "Norvik Motors", "Halden Steel", "Eastport Shipping", "Redmere Bank",
        "Solvane Electronics", "Kestrel Air", "Brightwater Foods", "Ardent Chemicals",
    ],
    teams: &[
        "the Eastport Mariners", "the Redmere Falcons", "Norvik United", "Halden City",
        "the Seoul Comets", "Busan Harbor FC", "the Daegu Lions", "Gwangju Rovers",
    ],
    days: &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    months: &[
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    decimal: ".",
    score_separator: "-",
    full_stop: ".",
    topics: [
        Topic {
            headlines: &[
                "Assembly passes revised budget after late-night session",
                "Opposition walks out over electoral map",
                "Coalition talks stall over reform bill",
                "Cabinet approves move of agencies to {city}",
                "Turnout hits decade high in {city} by-election",
                "Ministers to meet again in {city} next week",
            ],
            statements: &[
                "The National Assembly passed the revised budget bill on {day} by a vote of {big} to {num}",
                "{name} met opposition leaders at the presidential office on {day} to discuss the reform package",
                "The ruling coalition has lost {num} seats since the general election in {month}",
                "Opposition lawmakers walked out of the plenary session in protest against the proposed electoral map",
                "The cabinet approved a plan to move {num} government agencies to {city} by {year}",
                "Talks between the two parties broke down late on {day} over the wording of the bill",
                "Turnout in the by-election in {city} reached {pct} percent, the highest in a decade",
                "The president is expected to name a new defense minister before the end of {month}",
                "Diplomats from both countries will meet again in {city} next week",
                "The foreign ministry summoned the ambassador on {day} to protest against the missile launch",
                "A poll published on {day} put support for the ruling party at {pct} percent",
                "The committee will hold a hearing on the bill in {month}",
                "Under the proposal, the number of seats elected by proportional representation would rise to {num}",
                "The speaker of the assembly called both parties to a meeting on {day} morning",
            ],
            quotes: &[
                "We will not raise taxes this year",
                "The budget is balanced and the reform will go ahead",
                "It is time for both parties to decide",
                "We are discussing this issue with our partners",
                "There is no doubt that the talks will resume",
                "The people have made their choice",
                "I will decide when the committee reports",
                "Nobody wants another deadlock in the assembly",
                "This is a very serious problem for the region",
                "We will keep our promises to the voters",
                "The door to dialogue remains open",
                "We cannot accept a bill written by one party alone",
            ],
            speakers: &[
                "Finance Minister {name}",
                "opposition leader {name}",
                "President {name}",
                "a spokesperson for the ruling party",
                "Foreign Minister {name}",
                "the speaker of the assembly, {name},",
                "lawmaker {name}",
            ],
        },
        Topic {
            headlines: &[
                "Exports rise for {ord} month as chip demand holds",
                "Central bank holds rate at {rate} percent",
                "Won slides to lowest level since {month}",
                "{org} profit beats forecasts",
                "Household debt hits record high",
                "Inflation eases to {pct} percent in {month}",
            ],
            statements: &[
                "Exports rose {pct} percent from a year earlier to {big} billion dollars in {month}",
                "The central bank kept its benchmark rate at {rate} percent for a {ord} straight meeting",
                "Consumer prices climbed {pct} percent in {month}, driven by fuel and food costs",
                "{org} reported an operating profit of {big} billion won for the third quarter",
                "Shares of {org} fell {pct} percent in early trading in {city}",
                "The won weakened to {fx} per dollar, its lowest level since {month}",
                "Unemployment edged down to {rate} percent as hiring in services picked up",
                "Analysts expect growth to slow to {rate} percent next year",
                "Household debt reached a record {big} trillion won at the end of June",
                "The government will spend {big} billion won on support for small exporters",
                "{org} plans to build a new battery plant in {city} by {year}",
                "Imports of crude oil fell {pct} percent as refiners cut output",
                "The trade surplus widened to {num} billion dollars, the largest in {num} months",
                "Retail sales were flat in {month} after two months of gains",
            ],
            quotes: &[
                "The market has priced in the cut",
                "Investors are looking ahead to next year",
                "Prices are stable and wages are rising",
                "The rate will stay where it is for now",
                "Exports will recover in the second half",
                "We expect demand to pick up in the spring",
                "Our plants are running at full capacity",
                "Small firms need help with their financing costs",
                "We see no sign of a recession",
                "The strong dollar is hurting importers",
                "We will keep investing in new plants",
                "Chip orders are better than we expected",
            ],
            speakers: &[
                "central bank governor {name}",
                "{name}, chief economist at Redmere Bank,",
                "an official at the finance ministry",
                "{org} chief executive {name}",
                "analyst {name}",
                "Trade Minister {name}",
            ],
        },
        Topic {
            headlines: &[
                "{team} go {num} points clear at the top",
                "Captain out for weeks with knee injury",
                "Final sold out in {city}",
                "League fines {team} over crowd trouble",
                "{team} extend unbeaten run to {num} matches",
                "National record falls at {city} meeting",
            ],
            statements: &[
                "{team} beat {team2} {score} on {day} to move {num} points clear at the top of the table",
                "The striker scored twice in the second half before being replaced after {minute} minutes",
                "{team} have won {num} of their last {more} matches under the new coach",
                "The final will be played in {city} in {month} in front of a sold-out crowd",
                "A knee injury will keep the captain out for at least {num} weeks",
                "{name} set a national record in the 200 meters at the meeting in {city}",
                "The league fined {team} {big} million won for crowd trouble at the derby",
                "Attendance rose {pct} percent this season, the league said on {day}",
                "The goalkeeper made {num} saves to keep a clean sheet",
                "{team} signed the midfielder on a three-year contract worth {big} million won",
                "The match was delayed by {num} minutes because of heavy rain",
                "{team} will face {team2} in the semifinal on {day}",
            ],
            quotes: &[
                "We are ready for anything",
                "Reaching the final is a milestone for this club",
                "The players gave everything tonight",
                "We will fight for the title until the last match",
                "Preparing for the final starts tomorrow",
                "I am proud of what this team has done",
                "The injury is not as bad as we feared",
                "We made too many mistakes in the first half",
                "The fans carried us through the last ten minutes",
                "Nobody in this dressing room is thinking about the table",
            ],
            speakers: &[
                "coach {name}",
                "captain {name}",
                "{name}, who scored the winner,",
                "the club’s president, {name},",
                "goalkeeper {name}",
                "league commissioner {name}",
            ],
        },
    ],
};

fn german_person(rng: &mut Rng, out: &mut String) {
    if rng.chance(500) {
        german_woman(rng, out)
    } else {
        german_man(rng, out)
    }
}

fn german_woman(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(&["Anna", "Marie", "Katrin", "Sabine", "Greta", "Ulrike"]));
    german_family(rng, out);
}

fn german_man(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(&["Lukas", "Jonas", "Felix", "Tobias", "Malte", "Henning"]));
    german_family(rng, out);
}

fn german_family(rng: &mut Rng, out: &mut String) {
    out.push(' ');
    out.push_str(rng.word(&[
        "Wendorf",
        "Hallberg",
        "Kesselring",
        "Ostermann",
        "Brückner",
        "Lindemaier",
        "Sattler",
        "Ehrenfeld",
        "Voßkamp",
        "Rautenberg",
    ]));
}

const GERMAN: Lexicon = Lexicon {
    person: german_person,
    female: german_woman,
    male: german_man,
    cities: &["Berlin", "Hamburg", "Leipzig", "Köln", "Bremen", "Kassel", "Rostock"],
    orgs: &["Nordwerk", "Halden Stahl", "Kestrel Air", "Brandt & Söhne", "Elbtal Energie"],
    teams: &[
        "FC Elbtal", "Rot-Weiß Kassel", "Hafen 09 Rostock", "Eintracht Nordheim", "SV Rautenfeld",
    ],
    days: &["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    months: &["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "September", "Oktober"],
    decimal: ",",
    score_separator: ":",
    full_stop: ".",
    topics: [
        Topic {
            headlines: &[
                "Bundestag beschließt Haushalt",
                "Koalition streitet über Reform",
                "Opposition kündigt Widerstand an",
            ],
            statements: &[
                "Der Bundestag hat am {day} den Haushalt für das kommende Jahr mit {big} zu {num} Stimmen verabschiedet",
                "Die Opposition kritisierte den Entwurf als unausgewogen und kündigte Widerstand im Ausschuss an",
                "Die Gespräche zwischen den Koalitionspartnern sollen in der kommenden Woche in {city} fortgesetzt werden",
                "Nach einer Umfrage vom {day} liegt die Regierungspartei bei {pct} Prozent",
                "Der Ausschuss will im {month} eine Anhörung zu dem Gesetz abhalten",
                "Die Regierung plant, {num} Behörden bis {year} nach {city} zu verlegen",
                "Die Abgeordneten der Opposition verließen aus Protest den Plenarsaal",
            ],
            quotes: &[
                "Wir erhöhen die Steuern nicht",
                "Die Lage ist ernst",
                "Wir handeln jetzt",
                "Die Tür für Gespräche bleibt offen",
                "Wir halten unsere Versprechen",
                "Niemand will eine weitere Blockade im Parlament",
                "Der Haushalt ist ausgeglichen",
            ],
            speakers: &[
                "Finanzministerin {her}",
                "Oppositionsführer {his}",
                "ein Sprecher der Regierung",
                "der Abgeordnete {his}",
            ],
        },
        Topic {
            headlines: &[
                "Exporte steigen im {month}",
                "Zentralbank lässt Leitzins unverändert",
                "Inflation sinkt auf {pct} Prozent",
            ],
            statements: &[
                "Die Exporte stiegen im {month} um {pct} Prozent gegenüber dem Vorjahr",
                "Die Zentralbank ließ den Leitzins bei ihrer Sitzung am {day} unverändert bei {rate} Prozent",
                "Nach Angaben des Statistikamtes sank die Arbeitslosigkeit im {month} auf {rate} Prozent",
                "Der Konzern {org} meldete für das dritte Quartal einen Gewinn von {big} Millionen Euro",
                "Die Aktie von {org} verlor am {day} im frühen Handel {pct} Prozent",
                "Die Verbraucherpreise stiegen im {month} vor allem wegen höherer Energiekosten",
                "Das Unternehmen will bis {year} ein neues Werk in {city} bauen",
            ],
            quotes: &[
                "Die Preise bleiben stabil",
                "Der Markt hat die Zinssenkung bereits eingepreist",
                "Wir sehen keine Anzeichen für eine Rezession",
                "Die Nachfrage wird sich im Frühjahr erholen",
                "Unsere Werke sind voll ausgelastet",
                "Kleine Unternehmen brauchen Hilfe bei den Finanzierungskosten",
            ],
            speakers: &[
                "Notenbankchefin {her}",
                "der Vorstandschef von {org}, {his},",
                "die Ökonomin {her}",
                "eine Sprecherin des Ministeriums",
            ],
        },
        Topic {
            headlines: &[
                "{team} baut Vorsprung aus",
                "Kapitän fällt wochenlang aus",
                "Finale in {city} ausverkauft",
            ],
            statements: &[
                "Am {day} gewann {team} gegen {team2} mit {score} und führt die Tabelle nun mit {num} Punkten Vorsprung an",
                "Der Stürmer traf in der zweiten Halbzeit zweimal, bevor er in der {minute}. Minute ausgewechselt wurde",
                "Der Trainer muss in den nächsten {num} Wochen auf seinen Kapitän verzichten",
                "Das Finale wird im {month} vor ausverkauftem Haus in {city} ausgetragen",
                "Die Liga verhängte nach den Ausschreitungen beim Derby eine Geldstrafe gegen den Verein",
                "Der Zuschauerschnitt stieg in dieser Saison um {pct} Prozent",
            ],
            quotes: &[
                "Wir sind bereit",
                "Die Mannschaft hat alles gegeben",
                "Wir kämpfen bis zum letzten Spiel um den Titel",
                "Die Verletzung ist nicht so schlimm wie befürchtet",
                "Die Fans haben uns in den letzten Minuten getragen",
                "Wir haben in der ersten Halbzeit zu viele Fehler gemacht",
            ],
            speakers: &[
                "Trainer {his}",
                "Kapitänin {her}",
                "der Torhüter {his}",
                "Vereinspräsidentin {her}",
            ],
        },
    ],
};

/// The topic particle for a Korean noun: 은 after a final consonant, 는 after a vowel.
fn topic_particle(noun: &str) -> &'static str {
    match noun.chars().next_back() {
        Some(c @ '\u{AC00}'..='\u{D7A3}') if (c as u32 - 0xAC00) % 28 != 0 => "은",
        _ => "는",
    }
}

fn korean_person(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(&["김", "이", "박", "최", "정", "강", "조", "윤", "장", "한"]));
    out.push_str(rng.word(&[
        "민지", "서연", "재원", "현우", "지훈", "수빈", "태양", "은채", "도현", "하은", "연수",
        "동규",
    ]));
}

const KOREAN: Lexicon = Lexicon {
    person: korean_person,
    female: korean_person,
    male: korean_person,
    cities: &["서울", "부산", "인천", "대구", "광주", "세종", "울산"],
    orgs: &[
        "한빛전자",
        "누리자동차",
        "가람바이오",
        "새봄푸드",
        "한결소재",
    ],
    // Names that end in a vowel, so the templates' particles (는, 를) fit every one.
    teams: &[
        "서울 코메츠",
        "부산 마리너스",
        "대구 라이언즈",
        "광주 로버스",
        "인천 파이어리츠",
    ],
    days: &[
        "월요일",
        "화요일",
        "수요일",
        "목요일",
        "금요일",
        "토요일",
        "일요일",
    ],
    months: &[
        "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월",
    ],
    decimal: ".",
    score_separator: "-",
    full_stop: ".",
    topics: [
        Topic {
            headlines: &[
                "국회, 내년도 예산안 통과",
                "여야 선거구 협상 결렬",
                "정부 기관 {city} 이전 확정",
            ],
            statements: &[
                "국회는 {day} 본회의에서 내년도 예산안을 찬성 {big}표로 통과시켰다",
                "야당은 정부의 개혁안에 강하게 반발하며 본회의장을 떠났다",
                "여야는 다음 주 {city}에서 협상을 다시 열기로 했다",
                "{day} 발표된 여론조사에서 여당 지지율은 {pct}%로 나타났다",
                "정부는 {year}년까지 공공기관 {num}곳을 {city} 지역으로 옮기기로 했다",
                "외교부는 {day} 대사를 불러 미사일 발사에 항의했다",
            ],
            quotes: &[
                "개혁을 멈추지 않겠다",
                "올해는 세금을 올리지 않겠다",
                "대화의 문은 열려 있다",
                "국민과의 약속을 반드시 지키겠다",
                "한쪽 정당만의 법안은 받아들일 수 없다",
            ],
            speakers: &[
                "{name} 장관",
                "{name} 대변인",
                "야당 대표 {name} 의원",
                "{name} 국회의장",
            ],
        },
        Topic {
            headlines: &[
                "수출 석 달 연속 증가",
                "기준금리 동결",
                "가계부채 사상 최대",
            ],
            statements: &[
                "{month} 수출은 전년 같은 달보다 {pct}% 증가했다",
                "한국은행은 기준금리를 연 {rate}%로 동결했다",
                "소비자물가는 {month}에 {pct}% 올라 석 달 연속 상승세를 이어갔다",
                "{org}는 3분기 영업이익이 {big}억 원으로 집계됐다고 밝혔다",
                "원·달러 환율은 {fx}원까지 올라 {month} 이후 최고치를 기록했다",
                "{org}는 {year}년까지 {city}에 새 공장을 짓기로 했다",
            ],
            quotes: &[
                "경기는 하반기에 점차 회복될 것이다",
                "물가는 안정세를 보이고 있다",
                "반도체 주문이 예상보다 좋다",
                "중소기업의 자금 부담을 덜어야 한다",
                "당분간 금리를 유지할 것이다",
            ],
            speakers: &[
                "{name} 한국은행 총재",
                "{org} {name} 대표",
                "{name} 연구위원",
                "{name} 기획재정부 차관",
            ],
        },
        Topic {
            headlines: &[
                "{team}, 선두 질주",
                "주장 무릎 부상으로 이탈",
                "결승전 {city}서 개최",
            ],
            statements: &[
                "{team}는 {day} 열린 경기에서 {team2}를 {score}로 꺾었다",
                "주장은 무릎 부상으로 최소 {num}주 동안 경기에 나서지 못한다",
                "결승전은 {month} {city}에서 열린다",
                "올 시즌 관중 수는 지난해보다 {pct}% 늘었다",
                "연맹은 더비 경기에서 벌어진 관중 소란을 이유로 구단에 벌금을 부과했다",
            ],
            quotes: &[
                "선수들이 최선을 다했다",
                "마지막 경기까지 우승을 위해 싸우겠다",
                "결승 진출은 구단의 큰 이정표다",
                "부상이 걱정했던 것만큼 심각하지 않다",
                "팬들의 응원이 큰 힘이 됐다",
            ],
            speakers: &[
                "{name} 감독",
                "주장 {name}",
                "결승골을 넣은 {name}",
                "{name} 골키퍼",
            ],
        },
    ],
};

fn japanese_person(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(&[
        "北川",
        "小野寺",
        "秋山",
        "白石",
        "早瀬",
        "水野",
        "桐生",
        "深町",
    ]));
    out.push_str(rng.word(&[
        "一郎",
        "美咲",
        "健太",
        "真理子",
        "翔",
        "由紀",
        "大輔",
        "春香",
    ]));
}

const JAPANESE: Lexicon = Lexicon {
    person: japanese_person,
    female: japanese_person,
    male: japanese_person,
    cities: &["東京", "大阪", "名古屋", "札幌", "福岡", "仙台", "神戸"],
    orgs: &[
        "北星電機",
        "青葉製鉄",
        "みなと海運",
        "若葉食品",
        "東雲自動車",
    ],
    teams: &[
        "東京ファルコンズ",
        "大阪マリナーズ",
        "札幌スターズ",
        "福岡ライオンズ",
    ],
    days: &[
        "月曜日",
        "火曜日",
        "水曜日",
        "木曜日",
        "金曜日",
        "土曜日",
        "日曜日",
    ],
    months: &[
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月",
    ],
    decimal: ".",
    score_separator: "-",
    full_stop: "。",
    topics: [
        Topic {
            headlines: &[
                "来年度予算案が成立",
                "与野党協議が決裂",
                "官庁の{city}移転を決定",
            ],
            statements: &[
                "国会は{day}の本会議で来年度予算案を賛成多数で可決した",
                "野党は政府の改革案に強く反発し、本会議場から退席した",
                "与野党は来週、{city}で協議を再開することで合意した",
                "{day}に発表された世論調査で、与党の支持率は{pct}%だった",
                "政府は{year}年までに{num}の機関を{city}に移転する方針だ",
            ],
            quotes: &[
                "改革を進める",
                "今年は増税しない",
                "対話の扉は開いている",
                "国民との約束を必ず守る",
                "一党だけで書いた法案は受け入れられない",
            ],
            speakers: &[
                "{name}財務相",
                "{name}官房長官",
                "野党の{name}代表",
                "{name}外相",
            ],
        },
        Topic {
            headlines: &[
                "輸出、3か月連続で増加",
                "日銀が金利を据え置き",
                "円安が進行",
            ],
            statements: &[
                "{month}の輸出は前年同月比{pct}%増となった",
                "日本銀行は政策金利を{rate}%に据え置いた",
                "{org}は第3四半期の営業利益が{big}億円だったと発表した",
                "消費者物価は{month}に{pct}%上昇した",
                "{org}は{year}年までに{city}に新工場を建設する計画だ",
            ],
            quotes: &[
                "景気は回復している",
                "来年はさらに良くなる",
                "来年も賃上げを続ける",
                "物価は落ち着いている",
                "半導体の受注は予想を上回っている",
            ],
            speakers: &[
                "{name}日銀総裁",
                "{org}の{name}社長",
                "エコノミストの{name}氏",
                "{name}経済相",
            ],
        },
        Topic {
            headlines: &[
                "{team}が首位を快走",
                "主将がひざの負傷で離脱",
                "決勝は{city}で開催",
            ],
            statements: &[
                "{team}は{day}の試合で{team2}に{score}で勝った",
                "主将はひざの負傷で少なくとも{num}週間欠場する",
                "決勝は{month}に{city}で行われる",
                "今季の観客数は前年より{pct}%増えた",
            ],
            quotes: &[
                "必ず優勝する",
                "選手たちは全力を尽くした",
                "最後の試合まで優勝を目指して戦う",
                "けがは心配したほど重くない",
                "ファンの声援が力になった",
            ],
            speakers: &[
                "{name}監督",
                "主将の{name}選手",
                "決勝点を決めた{name}選手",
                "{name}コミッショナー",
            ],
        },
    ],
};
