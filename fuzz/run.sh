#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a set time each, seeded from the repository's
# own inputs:
#
#     fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      # default: 60 s, every target
#
# Each target runs in libFuzzer's fork mode, which goes on after a crash: every crashing input
# is left under fuzz/artifacts/TARGET/, and the script exits 1 after all targets have run if
# any target left a new one. A crash worth keeping becomes a test in tests/regression.rs.
# Corpora grow under fuzz/corpus/ and are reused by the next run.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
all=(text html markdown jsonl xliff tmx tsv rules)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=("${all[@]}")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
# cargo-fuzz passes flags only a nightly compiler takes (-Zsanitizer=address and others);
# this lets a stable compiler take them too.
export RUSTC_BOOTSTRAP=1

# Seeds: the repository's inputs of each format, each behind an options byte (0x01: English).
seed() {
    local target="$1"
    shift
    mkdir -p "corpus/$target"
    local file
    for file in "$@"; do
        [ -f "$file" ] || continue
        { printf '\001'; cat "$file"; } >"corpus/$target/seed-$(basename "$file")"
    done
}
seed text ../corpus/*.txt
seed html ../tests/fixtures/formats/*.html
seed markdown ../tests/fixtures/formats/*.md
seed jsonl ../tests/fixtures/formats/*.jsonl
seed xliff ../tests/fixtures/bilingual/*.xlf ../tests/fixtures/bilingual/*.xliff
seed tmx ../tests/fixtures/bilingual/*.tmx
seed tsv ../tests/fixtures/bilingual/*.tsv
mkdir -p corpus/rules
find ../rules -name '*.toml' -not -path '*/tables/*' -exec cp {} corpus/rules/ \;

cargo fuzz build
found=()
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds}s"
    mkdir -p "artifacts/$target"
    before=$(find "artifacts/$target" -type f | wc -l)
    # Fork mode goes on after a crash, so one run reports every crash it meets.
    cargo fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 ||
        true
    after=$(find "artifacts/$target" -type f | wc -l)
    if [ "$after" -gt "$before" ]; then
        found+=("$target: $((after - before)) new")
    fi
done
if [ ${#found[@]} -gt 0 ]; then
    printf 'crashing inputs under fuzz/artifacts/: %s\n' "${found[@]}"
    exit 1
fi
echo "no crash in: ${targets[*]}"
