//! The tmx reader and the whole pipeline on it: see `mtscrub_fuzz::reader`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtscrub::ingest::Format;

fuzz_target!(|data: &[u8]| mtscrub_fuzz::reader(Format::Tmx, data));
