//! Writes a deterministic news-like corpus with machine-translation artifacts injected at known
//! rates, and the clean version a desk wants beside it.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --mb 100 --lang en,de,ko,ja --seed 7 --out DIR
//! ```
//!
//! Files written in DIR (all by default; `--outputs` picks some):
//!
//! | output | file | content |
//! |---|---|---|
//! | `txt` | `corpus.txt` | the dirty text, one paragraph a line |
//! | `clean` | `corpus.clean.txt` | the same paragraphs as `mtscrub fix` should give them |
//! | `jsonl` | `corpus.jsonl` | `{"id":…,"lang":…,"text":…}` per paragraph, dirty |
//! | `clean-jsonl` | `corpus.clean.jsonl` | the same records, clean |
//! | `labels` | `labels.jsonl` | `{"id":…,"lang":…,"artifacts":[…],"near_misses":[…]}` |
//!
//! `--mb` is the size of `corpus.txt` in millions of bytes (decimals allowed: `--mb 0.2`);
//! generation stops after the paragraph that reaches it. `--lang en,de,ko,ja` makes the first
//! language the main one (82% of articles) and shares the rest; `--lang en:70,de:30` gives the
//! weights. The same arguments give the same bytes on every machine.

#[allow(dead_code)]
#[path = "gen_corpus/lib.rs"]
mod gen;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const OUTPUTS: [(&str, &str); 5] = [
    ("txt", "corpus.txt"),
    ("clean", "corpus.clean.txt"),
    ("jsonl", "corpus.jsonl"),
    ("clean-jsonl", "corpus.clean.jsonl"),
    ("labels", "labels.jsonl"),
];

struct Args {
    bytes: usize,
    config: gen::Config,
    out: PathBuf,
    outputs: Vec<&'static str>,
}

fn usage() -> ! {
    eprintln!(
        "usage: gen_corpus --out DIR [--mb N | --bytes N] [--lang en,de,ko,ja] [--seed N] \
         [--outputs txt,clean,jsonl,clean-jsonl,labels]"
    );
    std::process::exit(2);
}

fn parse_args() -> Result<Args, String> {
    let mut bytes = 10_000_000usize;
    let mut seed = 7u64;
    let mut langs = None;
    let mut out = None;
    let mut outputs: Vec<&'static str> = OUTPUTS.iter().map(|(name, _)| *name).collect();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--mb" => {
                let v = value()?;
                let mb: f64 = v.parse().map_err(|_| format!("--mb {v}: not a number"))?;
                if mb <= 0.0 {
                    return Err(format!("--mb {v}: must be positive"));
                }
                bytes = (mb * 1e6).round() as usize;
            }
            "--bytes" => {
                let v = value()?;
                bytes = v
                    .parse()
                    .map_err(|_| format!("--bytes {v}: not a number"))?;
            }
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("--seed {v}: not a number"))?;
            }
            "--lang" => langs = Some(gen::Config::parse_langs(&value()?)?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--outputs" => {
                let v = value()?;
                outputs = Vec::new();
                for name in v.split(',').filter(|n| !n.is_empty()) {
                    let known = OUTPUTS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .ok_or_else(|| format!("--outputs {name}: unknown output"))?;
                    outputs.push(known.0);
                }
            }
            "-h" | "--help" => usage(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut config = gen::Config::new(seed);
    if let Some(langs) = langs {
        config.langs = langs;
    }
    Ok(Args {
        bytes,
        config,
        out: out.ok_or("--out DIR is required")?,
        outputs,
    })
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("gen_corpus: {e}");
        usage()
    });
    if let Err(e) = run(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let mut files: Vec<(&str, BufWriter<File>, String)> = Vec::new();
    for name in &args.outputs {
        let file = OUTPUTS.iter().find(|(n, _)| n == name).expect("checked").1;
        let writer = BufWriter::with_capacity(1 << 20, File::create(args.out.join(file))?);
        files.push((name, writer, String::new()));
    }

    let mut size = 0usize;
    let mut paragraphs = 0usize;
    let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_artifact: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dirty_paragraphs = 0usize;
    for p in gen::Generator::new(args.config.clone()) {
        for (name, writer, buffer) in &mut files {
            buffer.clear();
            match *name {
                "txt" => {
                    buffer.push_str(&p.dirty);
                    buffer.push('\n');
                }
                "clean" => {
                    buffer.push_str(&p.clean);
                    buffer.push('\n');
                }
                "jsonl" => gen::json_record(buffer, p.id, p.lang, &p.dirty),
                "clean-jsonl" => gen::json_record(buffer, p.id, p.lang, &p.clean),
                _ => gen::label_record(buffer, &p),
            }
            writer.write_all(buffer.as_bytes())?;
        }
        size += p.dirty.len() + 1;
        paragraphs += 1;
        *by_lang.entry(p.lang).or_default() += 1;
        dirty_paragraphs += usize::from(!p.artifacts.is_empty());
        for a in &p.artifacts {
            *by_artifact.entry(a.name()).or_default() += 1;
        }
        if size >= args.bytes {
            break;
        }
    }
    for (_, writer, _) in &mut files {
        writer.flush()?;
    }
    eprintln!(
        "gen_corpus: {paragraphs} paragraphs, {size} bytes of text, {dirty_paragraphs} with \
         artifacts, in {}",
        args.out.display()
    );
    eprintln!("  languages: {by_lang:?}");
    eprintln!("  artifacts: {by_artifact:?}");
    Ok(())
}
