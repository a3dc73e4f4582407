//! Embeds the default rule files so the binary runs from any directory.
//!
//! Writes `default_rules.rs` into OUT_DIR: one `include_str!` per `*.toml` under `rules/`,
//! sorted by path, so the embedded order (and with it the order in which edits are resolved)
//! is the same on every machine. Files under `rules/tables/` are data tables, listed apart.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();

    let mut rules = String::new();
    let mut tables = String::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path
            .strip_prefix(&root)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        let entry = format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
        if relative.starts_with("tables/") {
            tables.push_str(&entry);
        } else {
            rules.push_str(&entry);
        }
    }
    let code = format!(
        "/// Default rule files: (path under `rules/`, contents).\n\
         pub(crate) const FILES: &[(&str, &str)] = &[\n{rules}];\n\
         /// Data tables under `rules/tables/`: (path under `rules/`, contents).\n\
         #[allow(dead_code)]\n\
         pub(crate) const TABLES: &[(&str, &str)] = &[\n{tables}];\n"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_rules.rs");
    fs::write(out, code).expect("write default_rules.rs");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
