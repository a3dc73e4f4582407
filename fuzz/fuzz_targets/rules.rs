//! Rule-file loading: see `mtscrub_fuzz::rule_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtscrub_fuzz::rule_file(data));
