//! mtscrub finds and repairs machine-translation artifacts in translated text: broken
//! quotation structure, source-desk conventions, leftovers of the source language.
//!
//! The library is a pipeline of stages, one module each, data flowing one way:
//! [`ingest`] (bytes → document of segments) → [`normalize`] (NFC views) → [`language`]
//! (per-segment target language) → [`detect`] (rules produce findings) → [`repair`] (findings
//! become edits) → [`report`] (positions, records, diffs). [`pipeline`] runs them; [`rules`]
//! loads what the detect stage runs, and [`analyzers`] holds the checks written in code.
//!
//! The library never prints: every result is data, and every finding and edit is a byte range
//! of the original input.

pub mod analyzers;
mod bytes;
pub mod config;
pub mod dateline;
pub mod detect;
pub mod error;
pub mod ingest;
pub mod language;
pub mod normalize;
pub mod pipeline;
pub mod repair;
pub mod report;
pub mod rules;
pub mod suppress;

pub use error::{Error, Result};
pub use pipeline::{Engine, Options};
