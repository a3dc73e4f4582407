//! Picking the rules that can match a segment, before any rule's own regex runs.
//!
//! One automaton over every active pattern rule reads a segment once and names the rules that
//! match somewhere in it. It is regex-automata's hybrid (lazy) DFA, the engine the regex crate
//! runs inside a `RegexSet`, built here from the forward automaton alone, and from each
//! pattern *relaxed*: a large Unicode class (`\p{L}`, `[^\s"]`) keeps its ASCII part and
//! stands for every non-ASCII character, while small ones (`[“”]`, a run of CJK punctuation)
//! stay exact. A relaxed pattern matches everything the pattern matches and a little more, so
//! no rule is missed; the rule's own regex has the last word. The automaton compiles in a few
//! milliseconds instead of tens, which is most of mtscrub's start-up.
//!
//! For a long text a cheaper scan comes first: the byte pairs of [`super::prefilter`], one of
//! which every match of some pattern holds. A segment without any is not read by the DFA.

use std::sync::{Mutex, OnceLock};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::prefilter::Prefilter;
use crate::rules::{Matcher, Ruleset};

/// What detection compiles once from a rule set: the active pattern rules and the automaton
/// that picks among them. Only the rules it picks run their own regex for spans and captures,
/// and only they need the segment's language; most segments of a clean text match no rule.
pub struct Plan {
    /// Indices (in the rule set) of the active pattern rules, in the order of the DFA's
    /// patterns.
    pub(super) patterns: Vec<usize>,
    /// The active analyzer rules by analyzer (in order of its name), as indices in the rule
    /// set in its order: decided once, not for every document read.
    pub(super) analyzers: Vec<(String, Vec<usize>)>,
    /// `None` when the patterns together are over the size limit: then every pattern reads
    /// every segment.
    set: Option<DFA>,
    /// The patterns as the DFA has them (relaxed), kept to build the prefilter from.
    relaxed: Option<Vec<Hir>>,
    /// The byte pairs one of which a segment must hold for any pattern to match in it, looked
    /// up before the DFA reads the segment ([`Plan::expect_long_text`]); `None` inside when
    /// some pattern's are too common.
    prefilter: OnceLock<Option<Prefilter>>,
    /// Search caches of the DFA not in use, one per thread at work.
    caches: Mutex<Vec<Cache>>,
}

/// Most memory the automaton of all pattern rules may take, and its search cache.
const SET_SIZE_LIMIT: usize = 64 << 20;
const SET_CACHE_BYTES: usize = 8 << 20;

impl Plan {
    pub fn new(ruleset: &Ruleset) -> Plan {
        let patterns: Vec<usize> = ruleset
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.meta.enabled && matches!(rule.matcher, Matcher::Pattern(_)))
            .map(|(i, _)| i)
            .collect();
        let sources: Vec<&str> = patterns
            .iter()
            .map(|&i| match &ruleset.rules()[i].matcher {
                Matcher::Pattern(pattern) => pattern.pattern(),
                Matcher::Analyzer { .. } => unreachable!("only pattern rules are listed"),
            })
            .collect();
        let mut analyzers: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, rule) in ruleset.iter().enumerate() {
            if let (true, Matcher::Analyzer { analyzer, .. }) = (rule.meta.enabled, &rule.matcher) {
                match analyzers.iter_mut().find(|(name, _)| name == analyzer) {
                    Some((_, rules)) => rules.push(i),
                    None => analyzers.push((analyzer.clone(), vec![i])),
                }
            }
        }
        analyzers.sort_by(|a, b| a.0.cmp(&b.0));
        let relaxed = relaxed(&sources);
        Plan {
            patterns,
            analyzers,
            set: relaxed.as_deref().and_then(build),
            relaxed,
            prefilter: OnceLock::new(),
            caches: Mutex::new(Vec::new()),
        }
    }

    /// A search cache for this thread's use, returned with [`Plan::give_back`].
    pub(super) fn take_cache(&self) -> Option<Cache> {
        let set = self.set.as_ref()?;
        let cached = self.caches.lock().ok().and_then(|mut caches| caches.pop());
        Some(cached.unwrap_or_else(|| set.create_cache()))
    }

    pub(super) fn give_back(&self, cache: Option<Cache>) {
        if let (Some(cache), Ok(mut caches)) = (cache, self.caches.lock()) {
            caches.push(cache);
        }
    }

    /// Builds the prefilter of byte pairs (`detect::prefilter`), for a long text: its few
    /// milliseconds are paid back after about a megabyte, so a desk's article is read without
    /// it. What is found is the same with it or without.
    pub fn expect_long_text(&self) {
        self.prefilter
            .get_or_init(|| self.relaxed.as_deref().and_then(Prefilter::new));
    }

    /// Leaves at least `threads` search caches idle, the new ones copies of the idle cache that
    /// has learned the most.
    ///
    /// A lazy DFA works out its states as a search first needs them, and for the automaton of
    /// every rule the first piece of a text costs tens of milliseconds before most states it
    /// needs are known. Threads that start with copies of a cache that read that piece do not
    /// pay it again each: two threads then do the work of one, not one and a half. (Only a
    /// long text, read in many pieces, asks for this: a desk's article does not pay for copies
    /// it would not use.)
    pub fn share_learned(&self, threads: usize) {
        let Ok(mut caches) = self.caches.lock() else {
            return;
        };
        let Some(warmest) = caches.iter().max_by_key(|c| c.memory_usage()).cloned() else {
            return;
        };
        while caches.len() < threads {
            caches.push(warmest.clone());
        }
    }

    /// Puts in `found` the positions in `patterns` of the rules that may match somewhere in
    /// `text`: those that do, or all of them where the DFA cannot say (a Unicode word
    /// boundary next to a non-ASCII letter, a cache that thrashes).
    pub(super) fn matching(&self, cache: Option<&mut Cache>, text: &str, found: &mut PatternSet) {
        found.clear();
        if let Some(Some(prefilter)) = self.prefilter.get() {
            if !prefilter.may_match(text) {
                return;
            }
        }
        if let (Some(set), Some(cache)) = (&self.set, cache) {
            // Most segments match no rule: a search that stops at the first match says so
            // with the DFA's fast loop; only a segment that matches is read again for every
            // pattern that does.
            match set.try_search_fwd(cache, &Input::new(text).earliest(true)) {
                Ok(None) => return,
                Ok(Some(_)) => {
                    if set
                        .try_which_overlapping_matches(cache, &Input::new(text), found)
                        .is_ok()
                    {
                        return;
                    }
                }
                Err(_) => {}
            }
        }
        for p in 0..self.patterns.len() {
            found.insert(PatternID::new_unchecked(p));
        }
    }
}

/// `patterns` parsed and relaxed; `None` when one does not parse.
fn relaxed(patterns: &[&str]) -> Option<Vec<Hir>> {
    patterns
        .iter()
        .map(|p| regex_automata::util::syntax::parse(p).ok().map(relax))
        .collect()
}

/// The automaton of `relaxed` patterns; `None` when they are too large together.
fn build(relaxed: &[Hir]) -> Option<DFA> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(SET_SIZE_LIMIT)),
        )
        .build_many_from_hir(relaxed)
        .ok()?;
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(SET_CACHE_BYTES)
                .unicode_word_boundary(true),
        )
        .build_from_nfa(nfa)
        .ok()
}

/// Non-ASCII code points a class may hold and still be kept exact.
const EXACT_CLASS_LIMIT: u32 = 64;

/// `hir` with its large Unicode classes widened to every non-ASCII character, and without
/// capture groups (the automaton only says whether a pattern matches).
fn relax(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(relax_class(class))),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(relax(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(capture) => relax(*capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(relax).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(relax).collect()),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
    }
}

/// Coarse blocks of the non-ASCII code points: a widened class takes in each block its
/// original touches, so a class of Latin letters still does not match Hangul or kana, and a
/// class of letters does not match the curly quotes and dashes of General Punctuation, which
/// nearly every translated paragraph holds.
const BLOCKS: [(char, char); 8] = [
    ('\u{80}', '\u{24F}'),      // Latin-1 Supplement, Latin Extended-A and -B
    ('\u{250}', '\u{1FFF}'),    // Greek, Cyrillic, …, Hangul Jamo, Latin Extended Additional
    ('\u{2000}', '\u{206F}'),   // General Punctuation
    ('\u{2070}', '\u{2FFF}'),   // symbols, arrows, CJK radicals, …
    ('\u{3000}', '\u{9FFF}'),   // CJK punctuation, kana, Han
    ('\u{A000}', '\u{ABFF}'),   // Yi, …
    ('\u{AC00}', '\u{D7FF}'),   // Hangul syllables
    ('\u{E000}', '\u{10FFFF}'), // private use, compatibility forms (fullwidth), …
];

fn relax_class(class: ClassUnicode) -> ClassUnicode {
    let non_ascii: u32 = class
        .ranges()
        .iter()
        .map(|r| {
            let start = (r.start() as u32).max(0x80);
            (r.end() as u32 + 1).saturating_sub(start)
        })
        .sum();
    if non_ascii <= EXACT_CLASS_LIMIT {
        return class;
    }
    let mut ranges: Vec<ClassUnicodeRange> = class
        .ranges()
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\u{7f}')))
        .collect();
    for (start, end) in BLOCKS {
        if class
            .ranges()
            .iter()
            .any(|r| r.start() <= end && start <= r.end())
        {
            ranges.push(ClassUnicodeRange::new(start, end));
        }
    }
    ClassUnicode::new(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &[&str], text: &str) -> Vec<usize> {
        let dfa = build(&relaxed(patterns).expect("parses")).expect("builds");
        let mut cache = dfa.create_cache();
        let mut found = PatternSet::new(dfa.pattern_len());
        dfa.try_which_overlapping_matches(&mut cache, &Input::new(text), &mut found)
            .expect("searches");
        found.iter().map(|p| p.as_usize()).collect()
    }

    #[test]
    fn relaxed_patterns_match_all_the_patterns_match() {
        let patterns = [
            r"\p{Lu}\p{Ll}+ = Getty",
            r"[“”]",
            r"(?P<span>，)",
            r"[^\s]{3}x",
        ];
        assert_eq!(matches(&patterns, "Élodie = Getty"), [0]);
        assert_eq!(matches(&patterns, "a “b”"), [1]);
        assert_eq!(matches(&patterns, "a，b"), [2]);
        assert_eq!(matches(&patterns, "café x, déjàx"), [3]);
        assert_eq!(matches(&patterns, "plain text"), Vec::<usize>::new());
    }

    /// Threads that start after a first piece start from copies of the cache that read it.
    #[test]
    fn shared_caches_start_from_what_one_learned() {
        let plan = Plan::new(&Ruleset::defaults().expect("default rules"));
        let mut found = PatternSet::new(plan.patterns.len());
        let mut first = plan.take_cache().expect("the rules fit one automaton");
        let fresh = first.memory_usage();
        let text = "Seoul = Yonhap\nHe said, “We will win. ” Reporter Kim Min-su kms@donga.com";
        plan.matching(Some(&mut first), text, &mut found);
        assert!(first.memory_usage() > fresh);
        plan.give_back(Some(first));
        plan.share_learned(2);
        // Two idle caches, and reading the same text again neither works out a new state.
        let caches = [plan.take_cache(), plan.take_cache()].map(|c| c.expect("a cache"));
        for mut cache in caches {
            let before = cache.memory_usage();
            assert!(before > fresh, "{before} > {fresh}");
            plan.matching(Some(&mut cache), text, &mut found);
            assert_eq!(cache.memory_usage(), before);
        }
        // None idle now: a third is new.
        assert_eq!(plan.take_cache().expect("a cache").memory_usage(), fresh);
    }

    #[test]
    fn small_classes_stay_exact_large_ones_widen() {
        let small = relax_class(ClassUnicode::new([ClassUnicodeRange::new('“', '”')]));
        assert_eq!(small.ranges().len(), 1);
        let letters = match regex_automata::util::syntax::parse(r"\p{L}")
            .unwrap()
            .into_kind()
        {
            HirKind::Class(Class::Unicode(class)) => relax_class(class),
            other => panic!("{other:?}"),
        };
        // ASCII letters exactly, then every non-ASCII block that has letters.
        assert_eq!(
            letters.ranges()[..2],
            [
                ClassUnicodeRange::new('A', 'Z'),
                ClassUnicodeRange::new('a', 'z')
            ]
        );
        assert!(letters.ranges().len() > 2);
        let latin = match regex_automata::util::syntax::parse(r"\p{Latin}")
            .unwrap()
            .into_kind()
        {
            HirKind::Class(Class::Unicode(class)) => relax_class(class),
            other => panic!("{other:?}"),
        };
        // Latin letters reach into fullwidth forms, but not into Hangul or kana.
        assert!(latin
            .ranges()
            .iter()
            .all(|r| !(r.start() <= '가' && '가' <= r.end())));
        assert!(latin
            .ranges()
            .iter()
            .all(|r| !(r.start() <= 'か' && 'か' <= r.end())));
    }

    #[test]
    fn letter_classes_do_not_widen_into_curly_quotes_and_dashes() {
        // Hangul, Han and letters touch blocks near General Punctuation but hold none of it,
        // so a paragraph of English with curly quotes does not pick the source-script rules.
        let patterns = [r"\p{Hangul}+", r"\p{Han}+", r"\p{L}{3}"];
        assert_eq!(matches(&patterns, "“Ja” — ‘no’ …"), Vec::<usize>::new());
        assert_eq!(matches(&patterns, "“한국”"), [0]);
        // (Hangul's compatibility jamo share a block with Han: a candidate, not a match.)
        assert!(matches(&patterns, "“中国”").contains(&1));
        assert_eq!(matches(&patterns, "“été”"), [2]);
    }

    /// The rules a segment's pattern actually matches, among the built-in ones.
    fn rules_matching(ruleset: &Ruleset, plan: &Plan, text: &str) -> Vec<String> {
        plan.patterns
            .iter()
            .map(|&i| &ruleset.rules()[i])
            .filter(|rule| match &rule.matcher {
                Matcher::Pattern(pattern) => pattern.find_iter(text).next().is_some(),
                Matcher::Analyzer { .. } => false,
            })
            .map(|rule| rule.meta.id.clone())
            .collect()
    }

    #[test]
    fn the_plan_picks_every_rule_that_matches_and_none_for_clean_text() {
        let ruleset = Ruleset::defaults().expect("built-in rules load");
        let plan = Plan::new(&ruleset);
        let mut cache = plan.take_cache();
        let mut found = PatternSet::new(plan.patterns.len());
        let texts = [
            "The minister said on Friday that the plan would go ahead.",
            "“We will win,” she said — and the crowd cheered…",
            "concerns are growing. Kazan = Getty Images",
            "Paris = Correspondent Jo Eun-ah achim@donga.com",
            "The minister of 통일부 said 東京 would wait.",
        ];
        let mut texts_with_matches = 0;
        for text in texts {
            plan.matching(cache.as_mut(), text, &mut found);
            let picked: Vec<String> = found
                .iter()
                .map(|p| ruleset.rules()[plan.patterns[p.as_usize()]].meta.id.clone())
                .collect();
            let matching = rules_matching(&ruleset, &plan, text);
            for id in &matching {
                assert!(
                    picked.contains(id),
                    "{id} matches {text:?} but was not picked"
                );
            }
            if text == texts[0] {
                assert!(picked.is_empty(), "{picked:?} picked for a clean sentence");
            }
            texts_with_matches += usize::from(!matching.is_empty());
        }
        plan.give_back(cache);
        assert!(
            texts_with_matches >= 3,
            "{texts_with_matches} texts match a rule"
        );
    }
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;
    use crate::rules::examples::ExampleKind;
    use proptest::prelude::*;

    /// The default rules' plan with its prefilter, and each pattern rule's own regex.
    fn default_plan() -> (Plan, Vec<regex::Regex>) {
        let ruleset = Ruleset::defaults().expect("default rules");
        let plan = Plan::new(&ruleset);
        plan.expect_long_text();
        let regexes = plan
            .patterns
            .iter()
            .map(|&i| match &ruleset.rules()[i].matcher {
                Matcher::Pattern(pattern) => {
                    regex::Regex::new(pattern.pattern()).expect("compiles")
                }
                Matcher::Analyzer { .. } => unreachable!("only pattern rules are listed"),
            })
            .collect();
        (plan, regexes)
    }

    fn prefilter(plan: &Plan) -> &Prefilter {
        plan.prefilter
            .get()
            .and_then(Option::as_ref)
            .expect("the default rules have a prefilter")
    }

    /// Whether some rule's own regex matches `text`, and if so that the prefilter passes it.
    fn passes_if_matched(plan: &Plan, regexes: &[regex::Regex], text: &str) -> bool {
        let matched = regexes.iter().any(|regex| regex.is_match(text));
        if matched {
            assert!(prefilter(plan).may_match(text), "ruled out: {text:?}");
        }
        matched
    }

    /// Every example of every default rule, its repair, and every line of the shipped
    /// articles, each whole and line by line: each text a rule matches passes the prefilter,
    /// and many texts no rule matches do not.
    #[test]
    fn the_prefilter_passes_every_text_a_default_rule_matches() {
        let (plan, regexes) = default_plan();
        let ruleset = Ruleset::defaults().expect("default rules");
        let mut texts: Vec<String> = Vec::new();
        for rule in ruleset.iter() {
            for example in &rule.examples {
                texts.push(example.text.clone());
                texts.extend(example.fixed.clone());
                if example.kind == ExampleKind::Bad {
                    texts.extend(example.text.lines().map(str::to_string));
                }
            }
        }
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(&corpus).expect("the shipped corpus") {
            let path = entry.expect("a corpus file").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).expect("UTF-8 text");
                texts.extend(text.lines().map(str::to_string));
                texts.push(text);
            }
        }
        let (mut matched, mut ruled_out) = (0, 0);
        for text in &texts {
            if passes_if_matched(&plan, &regexes, text) {
                matched += 1;
            } else if !prefilter(&plan).may_match(text) {
                ruled_out += 1;
            }
        }
        assert!(matched >= 400, "{matched} of {} texts matched", texts.len());
        assert!(
            ruled_out >= 200,
            "{ruled_out} of {} texts ruled out",
            texts.len()
        );
    }

    /// Pieces the default rules are made of: their marks, words and scripts.
    const PIECES: &[&str] = &[
        "said",
        "says",
        "he",
        "She",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "„",
        "«",
        "»",
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        "%",
        "(",
        ")",
        "[",
        "]",
        "=",
        " = ",
        "&ldquo;",
        "&#8220;",
        "<a href=",
        "/>",
        ">",
        "—",
        "——",
        "― ",
        "…",
        "Getty Images",
        "Yonhap",
        "AFP",
        "Photo",
        "Seoul",
        "Paris",
        "Reporter ",
        "Correspondent ",
        "Kim Min-su",
        "kms@donga.com",
        "ⓒ",
        "한국",
        "서울",
        "東京",
        "ソウル",
        "ー",
        "々",
        "，",
        "、",
        "。",
        "：",
        "；",
        "？",
        "！",
        "（",
        "）",
        "「",
        "」",
        "『",
        "』",
        "\u{3000}",
        "【",
        "】",
        "\u{FFFD}",
        "\u{200B}",
        "\u{200E}",
        "\u{202E}",
        "\u{2066}",
        "\u{061C}",
        "\u{A0}",
        "\u{202F}",
        "at ",
        "from ",
        "10",
        "30",
        "9",
        "2",
        "p.m.",
        "a",
        "Z",
        "é",
        "É",
        "ß",
        "word",
        "Word",
        "ℂ",
        "ⁱ",
        "0",
        "1,000",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Texts made of the rules' own pieces: each one a rule matches passes the prefilter.
        #[test]
        fn texts_of_the_rules_pieces_that_match_pass_the_prefilter(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..24)
        ) {
            static PLAN: OnceLock<(Plan, Vec<regex::Regex>)> = OnceLock::new();
            let (plan, regexes) = PLAN.get_or_init(default_plan);
            passes_if_matched(plan, regexes, &pieces.concat());
        }
    }
}
