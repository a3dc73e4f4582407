#!/usr/bin/env bash
# Counts the instructions `mtscrub check` and `mtscrub fix` execute on a generated corpus, with
# valgrind's cachegrind (no cache simulation). Unlike time, the count does not move with the
# load of a shared machine, so it shows what a change gains to a fraction of a percent.
#
#   bench/instructions.sh                  # 2 MB, the release binary built from this tree
#   bench/instructions.sh --mb 6 --bin /tmp/mtscrub-before   # another binary, for comparison
#   bench/instructions.sh --input FILE     # a text of your own instead of a generated one
#
# Needs valgrind. Prints millions of instructions and instructions per byte for each command,
# one thread. Scratch files go to a new directory under /tmp, deleted at the end.
#
# Under valgrind a program runs some fifty times slower, and a pattern rule whose searches
# take longer than its time budget gets its lazy DFAs (src/rules/pattern.rs): far sooner than
# at full speed. Two binaries compare fairly, but the count includes those DFAs.
set -euo pipefail

cd "$(dirname "$0")/.."
MB=2
BIN=
INPUT=
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) MB="$2"; shift ;;
        --bin) BIN="$2"; shift ;;
        --input) INPUT="$2"; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "instructions.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

command -v valgrind >/dev/null || { echo "instructions.sh: valgrind not found" >&2; exit 1; }
SCRATCH=$(mktemp -d /tmp/mtscrub-instructions.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

TARGET=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --bin mtscrub --example gen_corpus
BIN=${BIN:-$TARGET/release/mtscrub}
if [ -z "$INPUT" ]; then
    "$TARGET/release/examples/gen_corpus" --mb "$MB" --seed 7 --out "$SCRATCH" --outputs txt \
        2>/dev/null
    INPUT="$SCRATCH/corpus.txt"
fi
BYTES=$(wc -c <"$INPUT")

echo "| command | M instructions | instructions per byte |"
echo "|---|---:|---:|"
for cmd in check fix; do
    # `check` exits 1 when it finds something: only valgrind's summary matters here.
    refs=$({ valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$BIN" "$cmd" --threads 1 "$INPUT" 2>&1 >/dev/null || true; } |
        awk '/I *refs/ { gsub(",", "", $NF); print $NF }')
    echo "| $cmd | $((refs / 1000000)) | $((refs / BYTES)) |"
done
