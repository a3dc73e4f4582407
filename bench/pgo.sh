#!/usr/bin/env bash
# Builds mtscrub with profile-guided optimization (PGO): a release build instrumented to count
# its branches and calls, run on generated training corpora, then built again with those
# counts, so that the compiler lays out and inlines the hot paths (the rule automaton's loop,
# the word table, the quotation scanner) for the way they are really taken.
#
#   bench/pgo.sh                 # prints the path of the optimized binary on its last line
#   bench/pgo.sh --train-mb 8    # more training text (default 4 MB per corpus)
#
# The training corpora come from examples/gen_corpus.rs with seeds of their own (4242, 4243),
# not the benchmark's seed 7: the profile is taken on other text than the one it is measured
# on. It needs llvm-profdata of the compiler's own LLVM, from rustup's `llvm-tools`
# component, which the script adds when it is missing. Both builds use target directories of
# their own under the target directory (pgo-generate, pgo-use), so the ordinary release build
# is left as it is. The optimized binary gives the same output as the ordinary one.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TRAIN_MB=4
while [ $# -gt 0 ]; do
    case "$1" in
        --train-mb) TRAIN_MB="$2"; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "pgo.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

log() { echo "== $*" >&2; }

HOST=$(rustc -vV | sed -n 's/^host: //p')
PROFDATA="$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata"
if [ ! -x "$PROFDATA" ]; then
    log "adding rustup's llvm-tools component (llvm-profdata)"
    rustup component add llvm-tools >&2
fi
[ -x "$PROFDATA" ] || { echo "pgo.sh: llvm-profdata not found at $PROFDATA" >&2; exit 1; }

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK="$TARGET/pgo"
PROFILES="$WORK/profiles"
rm -rf "$PROFILES"
mkdir -p "$PROFILES" "$WORK/train"

# `--target` keeps RUSTFLAGS off build scripts and procedural macros: only mtscrub itself is
# instrumented, and only it is optimized with the profile.
log "building the instrumented binary"
RUSTFLAGS="-Cprofile-generate=$PROFILES" CARGO_TARGET_DIR="$TARGET/pgo-generate" \
    cargo build --release --quiet --bin mtscrub --target "$HOST"
INSTRUMENTED="$TARGET/pgo-generate/$HOST/release/mtscrub"
cargo build --release --quiet --example gen_corpus
GEN=$TARGET/release/examples/gen_corpus

log "training on $TRAIN_MB MB of four languages and $TRAIN_MB MB of English"
"$GEN" --mb "$TRAIN_MB" --lang en,de,ko,ja --seed 4242 --out "$WORK/train/mixed" \
    --outputs txt,jsonl 2>/dev/null
"$GEN" --mb "$TRAIN_MB" --lang en --seed 4243 --out "$WORK/train/english" --outputs txt 2>/dev/null
# Exit 1 (findings left or reported) is what these runs are for; anything else stops the script.
# LLVM_PROFILE_FILE names each run's counts file, and tells mtscrub to leave through the C
# runtime's exit handlers, which write it (src/main.rs).
train() {
    local rc=0
    LLVM_PROFILE_FILE="$PROFILES/%p-%m.profraw" "$INSTRUMENTED" "$@" >/dev/null 2>"$WORK/train/stderr" || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "pgo.sh: training run failed (exit $rc): mtscrub $*" >&2
        tail -3 "$WORK/train/stderr" >&2
        exit 1
    fi
}
for corpus in "$WORK/train/mixed/corpus.txt" "$WORK/train/english/corpus.txt"; do
    for threads in 1 2; do
        train fix --threads "$threads" "$corpus"
        train check --threads "$threads" "$corpus"
    done
    train check --output-format concise --threads 1 "$corpus"
    train check --output-format json --threads 1 "$corpus"
done
train fix --input-format jsonl --threads 2 "$WORK/train/mixed/corpus.jsonl"
train check --input-format jsonl --output-format jsonl --threads 1 "$WORK/train/mixed/corpus.jsonl"
for article in corpus/*.txt; do
    case "$article" in *.expected.txt) continue ;; esac
    train fix --diff "$article"
    train check "$article"
done

if ! compgen -G "$PROFILES/*.profraw" >/dev/null; then
    echo "pgo.sh: the training runs wrote no profiles to $PROFILES" >&2
    exit 1
fi
"$PROFDATA" merge -o "$WORK/merged.profdata" "$PROFILES"
log "building with the profile"
RUSTFLAGS="-Cprofile-use=$WORK/merged.profdata" CARGO_TARGET_DIR="$TARGET/pgo-use" \
    cargo build --release --quiet --bin mtscrub --target "$HOST"
echo "$TARGET/pgo-use/$HOST/release/mtscrub"
