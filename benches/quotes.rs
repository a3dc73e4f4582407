//! The quotation analyzer must be linear in paragraph length: a paragraph of quotation marks
//! a megabyte long must not take quadratic time. Each input is checked at 64 KB, 256 KB and
//! 1 MB as one paragraph; criterion reports MB/s per size, which stays flat when the cost is
//! linear (and would fall by 4x per step if it were quadratic).
//!
//! Run: `cargo bench --bench quotes`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mtscrub::pipeline::{Engine, Options};
use mtscrub::rules::Ruleset;

/// News-like quoting with the artifacts the analyzer repairs, repeated to `size` bytes with
/// no line break, so the whole input is one paragraph.
fn news_paragraph(size: usize) -> String {
    let unit = "He said, “It is time to decide. “We will decide when we come,” he added. \
                “Why?” “He asked. ‘Rock ’n’ roll’ is the students’ choice in the ’90s,” \
                she said of the 12\" record and the 6'2\" player, calling it “fake news.” ";
    repeat_to(unit, size)
}

/// Adversarial input: nothing but openers, then nothing but closers of another family.
fn openers_then_closers(size: usize) -> String {
    let half = repeat_to("“", size / 2);
    half.clone() + &repeat_to("’", size - half.len())
}

fn repeat_to(unit: &str, size: usize) -> String {
    let mut text = String::with_capacity(size + unit.len());
    while text.len() < size {
        text.push_str(unit);
    }
    text
}

/// Builds an input of about the given size in bytes.
type MakeInput = fn(usize) -> String;

fn quote_engine() -> Engine {
    let defaults = Ruleset::defaults().expect("default rules");
    let ids: Vec<String> = defaults
        .active()
        .map(|r| r.meta.id.clone())
        .filter(|id| id.starts_with("quote-"))
        .collect();
    Engine::new(defaults.filter(&ids, &[]).expect("quote rules"))
}

fn bench(c: &mut Criterion) {
    let engine = quote_engine();
    let options = Options {
        lang: Some("en"),
        ..Options::default()
    };
    let inputs: [(&str, MakeInput); 2] = [
        ("news", news_paragraph),
        ("openers-then-closers", openers_then_closers),
    ];
    for (name, make) in inputs {
        let mut group = c.benchmark_group(format!("quotes-one-paragraph/{name}"));
        group.sample_size(10);
        for size in [64 << 10, 256 << 10, 1 << 20] {
            let text = make(size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size >> 10), &text, |b, text| {
                b.iter(|| engine.check(text, &options).expect("check"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
