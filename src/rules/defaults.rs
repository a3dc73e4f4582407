//! The default rule files, embedded at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/default_rules.rs"));
