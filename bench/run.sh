#!/usr/bin/env bash
# Whole-process benchmarks of mtscrub on generated news corpora (examples/gen_corpus.rs).
#
#   bench/run.sh            # 10 MB, 100 MB and 1 GB text; 1 GB JSON Lines; peers; start-up
#   bench/run.sh --quick    # 10 MB only (JSON Lines 10 MB too)
#   bench/run.sh --sizes "10 100" --jsonl-mb 1000 --runs 3 --big-runs 1
#   bench/run.sh --quick --lang en   # English news only (--lang as gen_corpus takes it;
#                                    # default en,de,ko,ja, English the main language)
#   bench/run.sh --pgo      # times the binary bench/pgo.sh builds (profile-guided), not the
#                           # ordinary release build
#
# For each size it times `mtscrub check` and `mtscrub fix` (output to /dev/null; on 10 MB also
# `check --output-format concise` and `json`, as `check-concise` and `check-json`) with
# --threads 1 and 2, taking the median wall time of --runs runs (--big-runs for 100 MB and
# up) and the peak RSS from /usr/bin/time -v. On the 10 MB input it runs the peers in-process
# (typograf under node, sacremoses' MosesPunctNormalizer and ftfy in a venv), scores the
# repair with examples/accuracy.rs, times the 10 MB text cut into a directory of 10 KB files
# (one and two threads), and times start-up on a 1 KB input (hyperfine when it can be
# installed, else a loop of 100 runs). The JSON Lines run checks that records come back in
# order (a checksum of the ids in and out). MB is 10^6 bytes throughout.
#
# Everything is written under a scratch directory (--scratch DIR, default a new one under
# /tmp), deleted at the end unless --keep. Ctrl-C stops the run and cleans up. Results are
# printed as Markdown tables and also written to --out FILE when given.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES="10 100 1000"
JSONL_MB=""
JSONL_THREADS="2"
RUNS=3
BIG_RUNS=1
SCRATCH=""
KEEP=0
PEERS=1
OUT=""
LANGS="en,de,ko,ja"
PGO=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) SIZES="10"; JSONL_MB=${JSONL_MB:-10} ;;
        --sizes) SIZES="$2"; shift ;;
        --jsonl-mb) JSONL_MB="$2"; shift ;;
        --jsonl-threads) JSONL_THREADS="$2"; shift ;;
        --runs) RUNS="$2"; shift ;;
        --big-runs) BIG_RUNS="$2"; shift ;;
        --scratch) SCRATCH="$2"; shift ;;
        --keep) KEEP=1 ;;
        --no-peers) PEERS=0 ;;
        --out) OUT="$2"; shift ;;
        --lang) LANGS="$2"; shift ;;
        --pgo) PGO=1 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
# The JSON Lines run uses the largest text size unless told otherwise.
if [ -z "$JSONL_MB" ]; then
    JSONL_MB=$(printf '%s\n' $SIZES | sort -n | tail -1)
fi

if [ -z "$SCRATCH" ]; then
    SCRATCH=$(mktemp -d /tmp/mtscrub-bench.XXXXXX)
fi
mkdir -p "$SCRATCH"
cleanup() {
    if [ "$KEEP" = 0 ]; then
        rm -rf "$SCRATCH"
    else
        echo "scratch kept: $SCRATCH" >&2
    fi
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

log() { echo "== $*" >&2; }

# ---------------------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
    log "installing time"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine (optional)"
    apt-get install -y -qq hyperfine >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; } \
        || log "hyperfine not available: start-up is timed with a loop"
fi

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
log "building release (target dir $TARGET)"
cargo build --release --quiet --bin mtscrub --example gen_corpus --example accuracy
BIN=$TARGET/release/mtscrub
BUILD="release profile (Cargo.toml)"
if [ "$PGO" = 1 ]; then
    log "building with profile-guided optimization (bench/pgo.sh)"
    BIN=$(bench/pgo.sh | tail -1)
    BUILD="release profile with profile-guided optimization (bench/pgo.sh)"
fi
GEN=$TARGET/release/examples/gen_corpus
ACC=$TARGET/release/examples/accuracy

# ---------------------------------------------------------------------------- helpers
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.2f", b / 1e6 / s; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# gen SIZE_MB DIR OUTPUTS: generates unless DIR holds the same corpus already.
gen() {
    local mb=$1 dir=$2 outputs=$3 stamp="$2/.stamp"
    local want="mb=$1 seed=7 lang=$LANGS outputs=$3"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    log "generating $mb MB ($outputs) in $dir"
    mkdir -p "$dir"
    "$GEN" --mb "$mb" --lang "$LANGS" --seed 7 --out "$dir" --outputs "$outputs" 2>"$dir/gen.log"
    echo "$want" >"$stamp"
}

# timed LABEL CMD...: runs CMD once under /usr/bin/time -v, output to /dev/null; prints
# "WALL_SECONDS PEAK_KB CPU_SECONDS". Exit 0 and 1 (findings) are fine; anything else stops
# the run. The wall time is taken to the tenth of a millisecond around the command (time -v
# gives hundredths, a 3% step on a 0.3 s run); CPU time comes from time -v.
timed() {
    local label=$1; shift
    local tf="$SCRATCH/time.$$" rc=0 start end
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$tf" "$@" >/dev/null 2>"$SCRATCH/stderr.$$" || rc=$?
    end=$(date +%s.%N)
    if [ "$rc" -gt 1 ]; then
        echo "run.sh: $label failed (exit $rc):" >&2
        tail -5 "$SCRATCH/stderr.$$" >&2
        tail -5 "$tf" >&2
        exit 1
    fi
    local wall rss cpu
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tf")
    echo "$wall $rss $cpu"
}

RESULTS="$SCRATCH/results.md"
: >"$RESULTS"
out() { echo "$*" | tee -a "$RESULTS"; }

# ---------------------------------------------------------------------------- machine
out "## Machine"
out ""
out "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
out "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
out "- memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1e6 }' /proc/meminfo)"
out "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
out "- mtscrub: $("$BIN" --version); build: $BUILD"
out "- corpus: gen_corpus --lang $LANGS --seed 7"
out ""

# ---------------------------------------------------------------------------- text sizes
declare -A FIX1 CHECK1 FIX2 FIXCPU1 CHECKCPU1
out "## Text corpora (default rules, output to /dev/null)"
out ""
out "| size | command | threads | runs | median wall s | MB/s (wall) | median CPU s | MB/s (CPU) | wall s per MB | peak RSS MB |"
out "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for mb in $SIZES; do
    dir="$SCRATCH/text-$mb"
    if [ "$mb" = 10 ]; then
        gen "$mb" "$dir" txt,clean,labels,jsonl,clean-jsonl
    else
        gen "$mb" "$dir" txt
    fi
    file="$dir/corpus.txt"
    bytes=$(stat -c %s "$file")
    runs=$RUNS
    [ "$mb" -ge 100 ] && runs=$BIG_RUNS
    # On 10 MB `check` also prints one line per finding, and JSON: what drawing the findings
    # as text costs.
    cmds="check fix"
    [ "$mb" = 10 ] && cmds="check check-concise check-json fix"
    for cmd in $cmds; do
        args=$cmd
        [ "$cmd" = check-concise ] && args="check --output-format concise"
        [ "$cmd" = check-json ] && args="check --output-format json"
        for threads in 1 2; do
            walls=""; cpus=""; peak=0
            for _ in $(seq "$runs"); do
                # shellcheck disable=SC2086 # $args is a command and its flags
                res=$(timed "$cmd $mb MB" "$BIN" $args --threads "$threads" "$file")
                read -r wall rss cpu <<<"$res"
                walls="$walls $wall"
                cpus="$cpus $cpu"
                [ "$rss" -gt "$peak" ] && peak=$rss
                log "$cmd ${mb} MB threads=$threads: ${wall}s wall, ${cpu}s CPU, ${rss} KB"
            done
            med=$(printf '%s\n' $walls | median)
            medcpu=$(printf '%s\n' $cpus | median)
            [ "$threads" = 1 ] && [ "$cmd" = fix ] && FIX1[$mb]=$med
            [ "$threads" = 1 ] && [ "$cmd" = check ] && CHECK1[$mb]=$med
            [ "$threads" = 1 ] && [ "$cmd" = fix ] && FIXCPU1[$mb]=$medcpu
            [ "$threads" = 1 ] && [ "$cmd" = check ] && CHECKCPU1[$mb]=$medcpu
            [ "$threads" = 2 ] && [ "$cmd" = fix ] && FIX2[$mb]=$med
            out "| $mb MB | $cmd | $threads | $runs | $med | $(mbps "$bytes" "$med") | $medcpu | $(mbps "$bytes" "$medcpu") | $(awk -v s="$med" -v b="$bytes" 'BEGIN { printf "%.4f", s / (b / 1e6) }') | $((peak / 1024)) |"
        done
    done
done
out ""

# ---------------------------------------------------------------------------- accuracy
if [ -f "$SCRATCH/text-10/labels.jsonl" ]; then
    log "accuracy on 10 MB"
    "$BIN" fix --threads 1 "$SCRATCH/text-10/corpus.txt" >"$SCRATCH/text-10/fixed.txt" 2>/dev/null || true
    out "## Accuracy on the 10 MB corpus (mtscrub fix vs corpus.clean.txt)"
    out ""
    out '```'
    "$ACC" --dir "$SCRATCH/text-10" --fixed "$SCRATCH/text-10/fixed.txt" | tee -a "$RESULTS"
    out '```'
    out ""
fi

# ---------------------------------------------------------------------------- JSON Lines
if [ "$JSONL_MB" != 0 ]; then
    dir="$SCRATCH/jsonl-$JSONL_MB"
    if [ "$JSONL_MB" = 10 ] && [ -f "$SCRATCH/text-10/corpus.jsonl" ]; then
        dir="$SCRATCH/text-10"
    else
        gen "$JSONL_MB" "$dir" jsonl
    fi
    file="$dir/corpus.jsonl"
    bytes=$(stat -c %s "$file")
    ids_in=$(grep -o '^{"id":[0-9]*' "$file" | md5sum | cut -d' ' -f1)
    out "## JSON Lines (\`fix --input-format jsonl\`, records in order)"
    out ""
    out "| size | threads | wall s | MB/s (wall) | CPU s | peak RSS MB | ids in order |"
    out "|---:|---:|---:|---:|---:|---:|---|"
    for threads in $JSONL_THREADS; do
        log "fix jsonl $JSONL_MB MB threads=$threads"
        tf="$SCRATCH/time.jsonl"
        # The output goes to a file and its ids are read after the run: read through a pipe
        # as it is written, the reading took CPU from the two cores mtscrub was timed on.
        /usr/bin/time -v -o "$tf" "$BIN" fix --exit-zero --input-format jsonl --threads "$threads" "$file" \
            >"$SCRATCH/fixed.jsonl" 2>/dev/null
        ids_out=$(grep -o '^{"id":[0-9]*' "$SCRATCH/fixed.jsonl" | md5sum | cut -d' ' -f1)
        rm -f "$SCRATCH/fixed.jsonl"
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tf")
        same=no; [ "$ids_in" = "$ids_out" ] && same=yes
        out "| $((bytes / 1000000)) MB | $threads | $wall | $(mbps "$bytes" "$wall") | $cpu | $((rss / 1024)) | $same |"
    done
    out ""
fi

# ---------------------------------------------------------------------------- peers
if [ "$PEERS" = 1 ] && [ -f "$SCRATCH/text-10/corpus.txt" ]; then
    file="$SCRATCH/text-10/corpus.txt"
    bytes=$(stat -c %s "$file")
    out "## Peers on the 10 MB text (in-process, one paragraph at a time, one thread)"
    out ""
    out "Rates from CPU time (user + system), which a loaded machine disturbs less than wall time."
    out ""
    out "| tool | CPU s | MB/s | mtscrub fix / tool | mtscrub check / tool |"
    out "|---|---:|---:|---:|---:|"
    fix_rate=$(mbps "$bytes" "${FIXCPU1[10]}")
    check_rate=$(mbps "$bytes" "${CHECKCPU1[10]}")
    out "| mtscrub fix, 1 thread (whole process) | ${FIXCPU1[10]} | $fix_rate | 1.00 | - |"
    out "| mtscrub check, 1 thread (whole process) | ${CHECKCPU1[10]} | $check_rate | - | 1.00 |"
    peer_row() {
        local json=$1 name secs rate
        name=$(echo "$json" | sed 's/.*"peer": *"\([^"]*\)".*/\1/')
        secs=$(echo "$json" | sed 's/.*"cpu_seconds": *\([0-9.e+-]*\).*/\1/')
        rate=$(mbps "$bytes" "$secs")
        out "| $name | $(printf '%.2f' "$secs") | $rate | $(ratio "$fix_rate" "$rate") | $(ratio "$check_rate" "$rate") |"
    }
    if command -v node >/dev/null && command -v npm >/dev/null; then
        log "typograf"
        mkdir -p "$SCRATCH/node"
        if (cd "$SCRATCH/node" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund typograf >/dev/null 2>&1); then
            peer_row "$(NODE_PATH="$SCRATCH/node/node_modules" node "$ROOT/bench/peers/typograf.js" "$file" en-US)"
        else
            out "| typograf | npm install failed | | | |"
        fi
    fi
    log "sacremoses, ftfy"
    if python3 -m venv "$SCRATCH/venv" >/dev/null 2>&1 && "$SCRATCH/venv/bin/pip" install -q sacremoses ftfy >/dev/null 2>&1; then
        for peer in sacremoses ftfy; do
            peer_row "$("$SCRATCH/venv/bin/python" "$ROOT/bench/peers/python_peers.py" "$peer" "$file")"
        done
    else
        out "| sacremoses, ftfy | pip install failed | | | |"
    fi
    out ""
fi

# ---------------------------------------------------------------------------- start-up
small="$SCRATCH/small.txt"
"$GEN" --bytes 2000 --seed 7 --out "$SCRATCH/small" --outputs txt 2>/dev/null
LC_ALL=C awk '{ n += length($0) + 1; if (n > 1024) exit; print }' "$SCRATCH/small/corpus.txt" >"$small"
# The generated 1 KB input, and the article the project started from as a desk gets it
# (4 KB, with the bylines, datelines and credits whose larger rules compile when first used).
article="$ROOT/corpus/donga-2024-10-26-nk-troops.txt"
out "## Start-up"
out ""
for input in "$small" "$article"; do
    # One thread for the generated input (as in earlier runs); every core for the article, as
    # a desk runs it.
    threads="--threads 1"
    name="1 KB generated input ($(stat -c %s "$input") bytes), one thread"
    if [ "$input" = "$article" ]; then
        threads=""
        name="desk article \`corpus/$(basename "$input")\` ($(stat -c %s "$input") bytes), all cores"
    fi
    for cmd in check fix; do
        if command -v hyperfine >/dev/null; then
            hyperfine -N --warmup 5 --runs 100 --export-json "$SCRATCH/hf.json" -i \
                "$BIN $cmd $threads $input" >/dev/null 2>&1
            med=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["median"]*1000))' "$SCRATCH/hf.json")
            out "- $name, \`$cmd\`: median $med ms (hyperfine, 100 runs)"
        else
            start=$(date +%s%N)
            # shellcheck disable=SC2086 # $threads is empty or two words
            for _ in $(seq 100); do "$BIN" "$cmd" $threads "$input" >/dev/null 2>&1 || true; done
            end=$(date +%s%N)
            out "- $name, \`$cmd\`: mean $(awk -v d=$((end - start)) 'BEGIN { printf "%.2f", d / 1e6 / 100 }') ms (loop of 100 runs)"
        fi
    done
done
out ""

# ---------------------------------------------------------------------------- many files
# A corpus as a directory of articles: the 10 MB text cut into files of 56 lines (about 10 KB),
# checked and repaired (`fix --diff`) as one directory, on one and two threads.
if [ -f "$SCRATCH/text-10/corpus.txt" ]; then
    files="$SCRATCH/files-10"
    rm -rf "$files"
    mkdir -p "$files"
    split -l 56 -d -a 4 --additional-suffix=.txt "$SCRATCH/text-10/corpus.txt" "$files/part"
    out "## Many files (the 10 MB text as $(find "$files" -type f | wc -l) files of about 10 KB, output to /dev/null)"
    out ""
    out "| command | threads | runs | median wall s | median CPU s | two threads against one |"
    out "|---|---:|---:|---:|---:|---:|"
    for cmd in check "fix --diff"; do
        one=""
        for threads in 1 2; do
            walls=""; cpus=""
            for _ in $(seq "$RUNS"); do
                # shellcheck disable=SC2086 # $cmd is a command and its flag
                res=$(timed "$cmd files" "$BIN" $cmd --threads "$threads" "$files")
                read -r wall _ cpu <<<"$res"
                walls="$walls $wall"; cpus="$cpus $cpu"
                log "$cmd files threads=$threads: ${wall}s wall, ${cpu}s CPU"
            done
            med=$(printf '%s\n' $walls | median)
            medcpu=$(printf '%s\n' $cpus | median)
            [ "$threads" = 1 ] && one=$med
            against="-"
            [ "$threads" = 2 ] && against="$(ratio "$one" "$med")x"
            out "| \`$cmd\` | $threads | $RUNS | $med | $medcpu | $against |"
        done
    done
    out ""
fi

# ---------------------------------------------------------------------------- scaling
out "## Scaling"
out ""
for mb in $SIZES; do
    out "- $mb MB: fix on two threads is $(ratio "${FIX1[$mb]}" "${FIX2[$mb]}")x as fast as on one"
done
for mb in $SIZES; do
    [ "$mb" = 10 ] && continue
    [ -n "${FIX1[10]:-}" ] || continue
    b10=$(stat -c %s "$SCRATCH/text-10/corpus.txt" 2>/dev/null || echo 10000000)
    bn=$(stat -c %s "$SCRATCH/text-$mb/corpus.txt")
    out "- $mb MB, time per MB against 10 MB (one thread): check $(awk -v a="${CHECK1[$mb]}" -v b="${CHECK1[10]}" -v x="$bn" -v y="$b10" 'BEGIN { printf "%.2f", (a / x) / (b / y) }')x, fix $(awk -v a="${FIX1[$mb]}" -v b="${FIX1[10]}" -v x="$bn" -v y="$b10" 'BEGIN { printf "%.2f", (a / x) / (b / y) }')x"
done
# What each further MB costs between two sizes: the fixed cost of a run (start-up, compiling
# rules, automata learning their states) falls out, so linear growth shows as equal figures.
prev=""
for mb in $SIZES; do
    if [ -n "$prev" ]; then
        bp=$(stat -c %s "$SCRATCH/text-$prev/corpus.txt")
        bn=$(stat -c %s "$SCRATCH/text-$mb/corpus.txt")
        each() { awk -v a="$1" -v b="$2" -v x="$bn" -v y="$bp" 'BEGIN { printf "%.2f", (a - b) / ((x - y) / 1e6) * 1000 }'; }
        out "- from $prev MB to $mb MB, each further MB (one thread): check $(each "${CHECK1[$mb]}" "${CHECK1[$prev]}") ms, fix $(each "${FIX1[$mb]}" "${FIX1[$prev]}") ms"
    fi
    prev=$mb
done
out ""
out "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "$OUT" ]; then
    cp "$RESULTS" "$OUT"
    log "results written to $OUT"
fi
