#!/usr/bin/env bash
# Profiles one mtscrub run with perf on a generated corpus and prints where the time goes:
# the hottest functions (self time) and the share of each pipeline stage (inclusive).
#
#   bench/profile.sh                 # `fix --threads 1` on 5 MB
#   bench/profile.sh --mb 5 --cmd check
#   bench/profile.sh --freq 4999          # more samples (perf's sampling rate, per second)
#
# Needs perf (apt-get install linux-perf, or the distribution's perf package) and a release
# build with debug line info (the release profile has `debug = 1`). Scratch files go to a new
# directory under /tmp, deleted at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
MB=5
CMD=fix
FREQ=499
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) MB="$2"; shift ;;
        --cmd) CMD="$2"; shift ;;
        --freq) FREQ="$2"; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "profile.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

command -v perf >/dev/null || { echo "profile.sh: perf not found" >&2; exit 1; }
SCRATCH=$(mktemp -d /tmp/mtscrub-profile.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

TARGET=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --bin mtscrub --example gen_corpus
"$TARGET/release/examples/gen_corpus" --mb "$MB" --seed 7 --out "$SCRATCH" --outputs txt 2>/dev/null

perf record -q -F "$FREQ" --call-graph dwarf,16384 -o "$SCRATCH/perf.data" \
    "$TARGET/release/mtscrub" "$CMD" --threads 1 "$SCRATCH/corpus.txt" >/dev/null 2>&1 || true
perf script -i "$SCRATCH/perf.data" 2>/dev/null >"$SCRATCH/perf.txt"

python3 - "$SCRATCH/perf.txt" <<'EOF'
import collections
import re
import sys

FRAME = re.compile(r"[0-9a-f]+ (.+?)(\+0x[0-9a-f]+)? \(")

# Stages by the first matching frame name on the stack (inclusive time).
STAGES = [
    ("language: whatlang trigram scoring", ("whatlang::trigrams",)),
    ("language: whatlang, other", ("whatlang::",)),
    ("language: mtscrub's script counts", ("LanguageDetector",)),
    ("detect: quotation analyzer", ("analyzers::quotes",)),
    ("detect: other analyzers", ("analyzers::",)),
    ("detect: pattern rules (regex)", ("rules::pattern", "regex")),
    ("detect: other", ("detect::detect",)),
    ("rule loading", ("rules::", "Ruleset")),
    ("normalize", ("normalize::",)),
    ("ingest", ("ingest::",)),
    ("repair", ("repair::",)),
    ("report and output", ("report::", "annotate_snippets", "cli::check", "print")),
]

def stage(frames):
    joined = " | ".join(frames)
    for name, keys in STAGES:
        if any(k in joined for k in keys):
            if name.startswith("detect: pattern") and "detect::detect" not in joined:
                continue
            return name
    return "other"

stages = collections.Counter()
leaves = collections.Counter()
total = 0
for sample in open(sys.argv[1]).read().split("\n\n"):
    frames = [m.group(1) for m in (FRAME.match(l.strip()) for l in sample.split("\n")[1:]) if m]
    if not frames:
        continue
    total += 1
    leaves[frames[0]] += 1
    stages[stage(frames)] += 1

print(f"{total} samples")
print("\nstages (inclusive):")
for name, n in stages.most_common():
    print(f"  {100 * n / total:5.1f}%  {name}")
print("\nhottest functions (self):")
for name, n in leaves.most_common(15):
    print(f"  {100 * n / total:5.1f}%  {name[:110]}")
EOF
