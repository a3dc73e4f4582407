//! Throughput of each pipeline stage on a generated news corpus (`examples/gen_corpus.rs`,
//! built in memory): ingest (text, HTML, JSON Lines), normalize, language detection, the
//! detect stage with one rule group at a time (each analyzer's rules, and all pattern rules),
//! the whole check, repair (`Engine::fix`) and the unified diff. Throughput is in bytes of
//! input; the stages after ingest read the plain-text corpus.
//!
//! Run: `cargo bench --bench stages` (2 MB of text; `MTSCRUB_BENCH_MB=5` for more).
//! `cargo bench --bench stages -- detect/` runs one group.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/lib.rs"]
mod gen;

use std::collections::BTreeSet;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mtscrub::detect;
use mtscrub::ingest::{Document, Format};
use mtscrub::language::{Lang, LanguageDetector, SegmentLanguages, SegmentText};
use mtscrub::normalize::View;
use mtscrub::pipeline::{Engine, Options};
use mtscrub::report::unified_diff;
use mtscrub::rules::{Matcher, Ruleset};

fn corpus() -> Vec<gen::Paragraph> {
    let mb: f64 = std::env::var("MTSCRUB_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2.0);
    gen::generate(gen::Config::new(7), (mb * 1e6) as usize)
}

/// The paragraphs as an HTML page: one `<p>` each, text escaped.
fn html(corpus: &[gen::Paragraph]) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html><head><title>News</title></head><body>\n");
    for p in corpus {
        out.push_str("<p>");
        for c in p.dirty.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn jsonl(corpus: &[gen::Paragraph]) -> String {
    let mut out = String::new();
    for p in corpus {
        gen::json_record(&mut out, p.id, p.lang, &p.dirty);
    }
    out
}

/// The default rules split into groups: one per analyzer, and all pattern rules together.
fn rule_groups() -> Vec<(String, Ruleset)> {
    let defaults = Ruleset::defaults().expect("default rules");
    let analyzers: BTreeSet<String> = defaults
        .active()
        .filter_map(|r| match &r.matcher {
            Matcher::Analyzer { analyzer, .. } => Some(analyzer.clone()),
            Matcher::Pattern(_) => None,
        })
        .collect();
    let mut groups = Vec::new();
    for name in analyzers {
        let mut rules = Ruleset::defaults().expect("default rules");
        rules.retain(|r| {
            r.meta.enabled
                && matches!(&r.matcher, Matcher::Analyzer { analyzer, .. } if *analyzer == name)
        });
        groups.push((format!("analyzer-{name}"), rules));
    }
    let mut patterns = Ruleset::defaults().expect("default rules");
    patterns.retain(|r| r.meta.enabled && matches!(r.matcher, Matcher::Pattern(_)));
    groups.push(("patterns".to_string(), patterns));
    groups
}

fn views<'a>(doc: &Document<'a>) -> Vec<View<'a>> {
    doc.segments
        .iter()
        .map(|s| View::new(doc.text(s), s.range.start, s.encoding))
        .collect()
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let text = gen::dirty_text(&corpus);
    let clean = gen::clean_text(&corpus);
    let html = html(&corpus);
    let jsonl = jsonl(&corpus);
    let bytes = Throughput::Bytes(text.len() as u64);

    let mut group = c.benchmark_group("ingest");
    group.sample_size(20);
    for (name, source, format) in [
        ("text", &text, Format::Text),
        ("html", &html, Format::Html),
        ("jsonl", &jsonl, Format::Jsonl),
    ] {
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| Document::read(source, format).expect("reads"))
        });
    }
    group.finish();

    let doc = Document::read(&text, Format::Text).expect("reads");
    let mut group = c.benchmark_group("normalize");
    group.sample_size(20).throughput(bytes.clone());
    group.bench_function("views", |b| b.iter(|| views(&doc)));
    group.finish();

    let views = views(&doc);
    let detector = LanguageDetector::default();
    let mut group = c.benchmark_group("language");
    group.sample_size(10).throughput(bytes.clone());
    // Every segment's language, as if every segment held something a rule matches.
    let every_segment = || {
        let langs = SegmentLanguages::detect(
            &detector,
            doc.segments.iter().zip(&views).map(|(s, v)| SegmentText {
                block: s.block,
                text: Some(v.text.as_ref()),
                stated: None,
            }),
            None,
            "en",
        );
        (0..langs.len())
            .map(|i| langs.get(i))
            .collect::<Vec<Lang>>()
    };
    group.bench_function("every_segment", |b| b.iter(every_segment));
    group.finish();

    let langs = SegmentLanguages::fixed(every_segment());
    let mut group = c.benchmark_group("detect");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .throughput(bytes.clone());
    for (name, rules) in rule_groups() {
        let plan = detect::Plan::new(&rules);
        group.bench_function(&name, |b| {
            b.iter(|| {
                detect::detect(
                    &rules,
                    &plan,
                    &doc,
                    &views,
                    &langs,
                    None,
                    &Default::default(),
                )
            })
        });
    }
    group.finish();

    let engine = Engine::new(Ruleset::defaults().expect("default rules"));
    let options = Options::default();
    let mut group = c.benchmark_group("pipeline");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(bytes.clone());
    group.bench_function("check", |b| {
        b.iter(|| engine.check(&text, &options).expect("check"))
    });
    group.bench_function("fix", |b| {
        b.iter(|| engine.fix(&text, &options).expect("fix"))
    });
    group.finish();

    let mut group = c.benchmark_group("report");
    group.sample_size(10).throughput(bytes);
    group.bench_function("unified_diff", |b| {
        b.iter(|| unified_diff("corpus.txt", &text, &clean))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
