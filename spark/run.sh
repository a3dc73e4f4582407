#!/usr/bin/env bash
# mtscrub as a streaming stage (see "Running on a cluster" in README.md).
#
#   bash spark/run.sh         # the Spark test: spark/pipe_test.py under PySpark, local[2]
#   bash spark/run.sh --big   # 1 GB of JSON Lines through one plain mtscrub process (not in CI)
#
# The last line is `1 passed, 0 failed` or `0 passed, 1 failed`, and a failure exits 1. The
# Spark test takes pyspark from PyPI into a virtualenv kept under $MTSCRUB_SPARK_CACHE (default
# ~/.cache/mtscrub-spark) and builds the release binary (MTSCRUB_BIN names a prebuilt one
# instead). Without Java, or when pyspark cannot be installed in time (no network, a slow
# mirror), the run is skipped: one `skipped:` line and exit 0. Nothing else is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=3.5.9 # runs on Java 17 and Python 3.8-3.11
INSTALL_TIMEOUT=${MTSCRUB_SPARK_INSTALL_TIMEOUT:-240}
CACHE=${MTSCRUB_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mtscrub-spark}
BIG_BYTES=1000000000

mode=spark
case "${1:-}" in
  "") ;;
  --big) mode=big ;;
  *) echo "usage: bash spark/run.sh [--big]" >&2; exit 2 ;;
esac

started=$SECONDS
work=$(mktemp -d /tmp/mtscrub-spark.XXXXXX)
export PYTHONDONTWRITEBYTECODE=1

skip() {
  rm -rf "$work"
  echo "skipped: spark/run.sh: $*"
  exit 0
}

result() { # STATUS: print the closing line and exit with STATUS
  echo "spark/run.sh ($mode): $((SECONDS - started)) s"
  if [ "$1" -eq 0 ]; then
    rm -rf "$work"
    echo "1 passed, 0 failed"
  else
    echo "(kept for inspection: $work)"
    echo "0 passed, 1 failed"
  fi
  exit "$1"
}

build() { # sets $bin: the release binary
  if [ -n "${MTSCRUB_BIN:-}" ]; then
    bin=$MTSCRUB_BIN
    return
  fi
  echo "== cargo build --release"
  local t=$SECONDS
  if ! cargo build --release --locked --quiet; then
    echo "cargo build --release failed"
    result 1
  fi
  local target
  target=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  bin=$target/release/mtscrub
  echo "built $bin in $((SECONDS - t)) s"
}

install_pyspark() { # sets $python: a virtualenv's python with pyspark
  local venv=$CACHE/venv-pyspark-$PYSPARK_VERSION
  python=$venv/bin/python
  if [ -f "$venv/.installed" ]; then
    echo "== pyspark $PYSPARK_VERSION (cached in $venv)"
    return
  fi
  echo "== pip install pyspark==$PYSPARK_VERSION into $venv"
  local t=$SECONDS
  rm -rf "$venv"
  mkdir -p "$CACHE"
  if ! python3 -m venv "$venv" >"$work/pip.log" 2>&1 ||
    ! timeout "$INSTALL_TIMEOUT" "$python" -m pip install --quiet --timeout 30 --retries 2 \
      "pyspark==$PYSPARK_VERSION" >>"$work/pip.log" 2>&1; then
    tail -n 5 "$work/pip.log"
    rm -rf "$venv"
    skip "pyspark $PYSPARK_VERSION could not be installed from PyPI" \
      "(no network, or slower than ${INSTALL_TIMEOUT} s)"
  fi
  touch "$venv/.installed"
  echo "installed in $((SECONDS - t)) s"
}

run_spark() {
  command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1 ||
    skip "no Java (Spark needs Java 17)"
  install_pyspark
  build
  echo "== spark/pipe_test.py (local[2]; Spark's log: $work/spark-stderr.log)"
  local status=0
  PYSPARK_PYTHON=$python SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS=$work timeout 600 \
    "$python" spark/pipe_test.py --mtscrub "$bin" --work "$work/test" \
    2>"$work/spark-stderr.log" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "-- last lines of Spark's log:"
    tail -n 30 "$work/spark-stderr.log"
  fi
  result "$status"
}

run_big() {
  # /usr/bin/time for the peak RSS, GNU parallel for the README's one-machine recipe.
  if [ ! -x /usr/bin/time ] || ! command -v parallel >/dev/null 2>&1; then
    echo "== apt-get install time parallel"
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time parallel >/dev/null
  fi
  build
  echo "== generating $BIG_BYTES bytes of JSON Lines"
  local t=$SECONDS
  python3 spark/corpus.py --bytes "$BIG_BYTES" --malformed-every 100000 --out "$work/big.jsonl"
  echo "generated in $((SECONDS - t)) s"

  echo "== cat big.jsonl | mtscrub fix --input-format jsonl - (all cores)"
  local status=0
  t=$SECONDS
  cat "$work/big.jsonl" |
    /usr/bin/time -v -o "$work/time.txt" "$bin" fix --input-format jsonl \
      --stats-json "$work/stats.json" - >"$work/out.jsonl" 2>"$work/stderr.txt" || status=$?
  local elapsed=$((SECONDS - t))
  grep -E "Maximum resident|Elapsed \(wall|User time|System time|Percent of CPU" "$work/time.txt"
  echo "stats: $(cat "$work/stats.json" 2>/dev/null)"
  echo "stderr: $(wc -l <"$work/stderr.txt") lines, $(grep -c 'not JSON' "$work/stderr.txt") notes of lines that are not JSON"
  python3 - "$BIG_BYTES" "$elapsed" "$work/time.txt" <<'EOF'
import re, sys
size, seconds, report = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
print(f"throughput: {size / 1e6 / max(seconds, 1):.1f} MB/s; peak RSS {rss / 1024:.0f} MiB")
EOF
  if [ "$status" -ne 0 ]; then
    echo "mtscrub exited $status"
    tail -n 5 "$work/stderr.txt"
    result 1
  fi

  echo "== order check: line for line against the input"
  python3 spark/order_check.py "$work/big.jsonl" "$work/out.jsonl" "$work/stats.json" ||
    result 1

  echo "== GNU parallel --pipe --keep-order --block 16M on the first 200000 lines"
  head -n 200000 "$work/big.jsonl" >"$work/head.jsonl"
  head -n 200000 "$work/out.jsonl" >"$work/head-plain.jsonl"
  t=$SECONDS
  parallel --will-cite --pipe --keep-order --block 16M \
    "$bin" fix --input-format jsonl --threads 1 --stats-json "$work/head-stats-{#}.json" - \
    <"$work/head.jsonl" >"$work/head-parallel.jsonl" 2>/dev/null || status=$?
  if [ "$status" -eq 0 ] && cmp -s "$work/head-plain.jsonl" "$work/head-parallel.jsonl"; then
    echo "ok: parallel's output is the plain run's, byte for byte" \
      "($((SECONDS - t)) s, $(ls "$work"/head-stats-*.json | wc -l) jobs)"
  else
    echo "FAIL: parallel exited $status, or its output differs from the plain run's"
    result 1
  fi
  result 0
}

case $mode in
  spark) run_spark ;;
  big) run_big ;;
esac
