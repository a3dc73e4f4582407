"""mtscrub as a pipe stage under Spark, checked against mtscrub on the whole file.

A generated JSON Lines corpus is read by Spark in local mode (`local[2]`) as several partitions
and piped, partition by partition, through the release binary shipped with
`SparkContext.addFile` (`RDD.pipe`, one mtscrub process per task, `--threads 1`). What comes
back must be, record for record and in order, what one `mtscrub fix` gives on the whole file;
the `check --output-format jsonl` form must return every record with its `mtscrub` field; and
the per-task `--stats-json` files must sum to the whole-file stats.

    python3 spark/pipe_test.py --mtscrub target/release/mtscrub --work "$(mktemp -d)"

spark/run.sh installs pyspark, builds the binary and runs this. Exit status 0 when every check
passed, 1 otherwise; each check prints one `ok:` or `FAIL:` line.
"""

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (beside this file)

RECORDS = 4000
MIN_PARTITIONS = 6
FIELD_ARGS = ["--input-format", "jsonl", "--field", "text"]
FIX = ["fix", *FIELD_ARGS]
CHECK = ["check", *FIELD_ARGS, "--output-format", "jsonl"]
# A finding's place in its input stream: under Spark each task's stream is its own partition, so
# these differ from a whole-file run for every record after a partition's first.
STREAM_POSITION = ("line", "end_line", "byte_start", "byte_end")


class Checks:
    """Collects `ok:`/`FAIL:` lines; the run fails if any check failed."""

    def __init__(self):
        self.failed = 0

    def __call__(self, passed, what, detail=""):
        print(f"{'ok' if passed else 'FAIL'}: {what}{'' if passed or not detail else ': ' + detail}",
              flush=True)
        self.failed += not passed
        return passed


def run_whole(binary, args, corpus_path, stats_path):
    """mtscrub on the whole corpus as one stream: (lines without newlines, stderr, exit code)."""
    with open(corpus_path, "rb") as stdin:
        done = subprocess.run([binary, *args, "--stats-json", str(stats_path), "-"],
                              stdin=stdin, capture_output=True)
    return done.stdout.split(b"\n")[:-1], done.stderr.decode("utf-8", "replace"), done.returncode


def first_difference(got, want):
    """A description of the first line where two line lists differ, or None when equal."""
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"line {i + 1}:\n    got  {g[:300]!r}\n    want {w[:300]!r}"
    if len(got) != len(want):
        return f"{len(got)} lines, want {len(want)}"
    return None


def sum_stats(directory):
    """The per-task --stats-json files in `directory`, summed: (task count, summed stats)."""
    files = sorted(Path(directory).iterdir())
    total = {"findings": 0, "records_changed": 0, "rules": Counter()}
    for f in files:
        stats = json.loads(f.read_text())
        total["findings"] += stats["findings"]
        total["records_changed"] += stats["records_changed"]
        total["rules"].update(stats["rules"])
    total["rules"] = dict(total["rules"])
    return len(files), total


def without_positions(record):
    """A check record with the stream positions of its findings taken out."""
    record = json.loads(record)
    for finding in record.get("mtscrub", {}).get("findings", []):
        for key in STREAM_POSITION:
            finding.pop(key, None)
    return record


def spark_context():
    from pyspark import SparkConf, SparkContext

    conf = (
        SparkConf()
        .setMaster("local[2]")
        .setAppName("mtscrub-pipe-test")
        .set("spark.driver.memory", "1g")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.python.worker.reuse", "true")
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    return sc


def spark_pipe(sc, rdd, args, stats_dir):
    """The records of `rdd` piped through the shipped mtscrub, one process per partition."""
    from pyspark import SparkFiles

    stats_dir.mkdir()
    # SparkFiles.get names the shipped copy; on a cluster the task's working directory holds it
    # as ./mtscrub-task.sh instead (spark-submit --files).
    command = shlex.join(["sh", SparkFiles.get("mtscrub-task.sh"), *args, "--threads", "1", "-"])
    env = {"MTSCRUB_STATS_DIR": str(stats_dir), "PATH": "/usr/bin:/bin"}
    return rdd.pipe(command, env=env, checkCode=True).collect()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mtscrub", required=True, help="the release binary")
    parser.add_argument("--work", required=True, help="a new or empty scratch directory")
    parser.add_argument("--records", type=int, default=RECORDS)
    options = parser.parse_args()
    binary = str(Path(options.mtscrub).resolve())
    if Path(binary).name != "mtscrub":
        parser.error("--mtscrub must name a file called mtscrub: mtscrub-task.sh runs ./mtscrub")
    work = Path(options.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):
        parser.error(f"--work {work} is not empty")
    # mtscrub looks for mtscrub.toml from its working directory up: the whole-file runs and the
    # Spark workers all start here, where there is none.
    os.chdir(work)
    check = Checks()
    started = time.monotonic()

    corpus_path = work / "corpus.jsonl"
    with open(corpus_path, "w", encoding="utf-8", newline="\n") as out:
        for line in corpus.lines(options.records):
            out.write(line + "\n")
    source = corpus_path.read_bytes().split(b"\n")[:-1]
    malformed = [i for i, line in enumerate(source) if line and not _is_json(line)]
    print(f"corpus: {len(source)} lines, {corpus_path.stat().st_size} bytes, "
          f"malformed at line {[i + 1 for i in malformed]}", flush=True)

    # The reference: one mtscrub on the whole file, with its own thread count.
    fixed, fix_err, fix_rc = run_whole(binary, FIX, corpus_path, work / "whole-fix.json")
    checked, _, check_rc = run_whole(binary, CHECK, corpus_path, work / "whole-check.json")
    whole_fix_stats = json.loads((work / "whole-fix.json").read_text())
    whole_check_stats = json.loads((work / "whole-check.json").read_text())
    check(fix_rc == 0 and check_rc == 0, "whole-file fix and check exit 0 on a stream",
          f"fix {fix_rc}, check {check_rc}")
    check(len(fixed) == len(source) and len(checked) == len(source),
          "whole-file runs give one line per input line",
          f"fix {len(fixed)}, check {len(checked)}, input {len(source)}")
    check(len(malformed) == 1 and f"<stdin>:{malformed[0] + 1}: not JSON" in fix_err,
          "the malformed line is noted on stderr with its line number", fix_err[-500:])
    passed_through = malformed + [i for i, line in enumerate(source) if not line]
    for name, output in (("fix", fixed), ("check --output-format jsonl", checked)):
        wrong = [i for i in passed_through if output[i] != source[i]]
        check(not wrong, f"whole-file {name} passes the malformed and the blank line through",
              "; ".join(f"line {i + 1}: {source[i]!r} came back as {output[i][:200]!r}"
                        for i in wrong))
    changed_by_fix = [i for i, (a, b) in enumerate(zip(source, fixed)) if a != b]
    check(len(changed_by_fix) > len(source) // 3,
          "the corpus has artifacts that fix repairs", f"{len(changed_by_fix)} records changed")
    check(whole_fix_stats["records_changed"] == len(changed_by_fix),
          "whole-file fix stats count the records it changed",
          f"{whole_fix_stats['records_changed']} vs {len(changed_by_fix)}")
    flags = {i: json.loads(line)["mtscrub"]["changed"]
             for i, line in enumerate(checked) if i not in malformed and line}
    check(sorted(i for i, c in flags.items() if c) == changed_by_fix,
          "check's `changed` is true exactly for the records fix changes")
    check(_fields_kept(source, fixed), "fix leaves every field but `text` as it was")
    print(f"whole file: {whole_fix_stats}", flush=True)

    # Spark: the same corpus, partitioned, through RDD.pipe.
    spark_started = time.monotonic()
    sc = spark_context()
    try:
        sc.addFile(binary)
        sc.addFile(str(HERE / "mtscrub-task.sh"))
        rdd = sc.textFile(str(corpus_path), minPartitions=MIN_PARTITIONS)
        partitions = rdd.getNumPartitions()
        sizes = rdd.glom().map(len).collect()
        check(partitions >= 4 and sum(sizes) == len(source) and min(sizes) > 0,
              "the corpus is read as several non-empty partitions", f"sizes {sizes}")
        print(f"spark: {partitions} partitions of {sizes} lines "
              f"(started in {time.monotonic() - spark_started:.1f} s)", flush=True)

        piped = time.monotonic()
        spark_fixed = [line.encode("utf-8") for line in spark_pipe(sc, rdd, FIX, work / "fix-stats")]
        print(f"spark: fix stage took {time.monotonic() - piped:.1f} s", flush=True)
        difference = first_difference(spark_fixed, fixed)
        check(difference is None,
              "fix through RDD.pipe gives the whole-file fix output, record for record", difference)
        check(_ids(spark_fixed) == list(range(len(source))),
              "fix through RDD.pipe keeps every id, in order")
        tasks, summed = sum_stats(work / "fix-stats")
        check(tasks == partitions, "one fix --stats-json per task", f"{tasks} for {partitions}")
        check(summed == whole_fix_stats, "per-task fix stats sum to the whole-file stats",
              f"{summed} vs {whole_fix_stats}")

        piped = time.monotonic()
        spark_checked = spark_pipe(sc, rdd, CHECK, work / "check-stats")
        print(f"spark: check stage took {time.monotonic() - piped:.1f} s", flush=True)
        check(len(spark_checked) == len(source), "check through RDD.pipe returns every line",
              f"{len(spark_checked)} of {len(source)}")
        check(_check_records(spark_checked, source, malformed),
              "every returned record is its input plus an `mtscrub` field with the line's hash")
        ours = [without_positions(line) if i not in malformed and line else line
                for i, line in enumerate(spark_checked)]
        theirs = [without_positions(line) if i not in malformed and line else line.decode("utf-8")
                  for i, line in enumerate(checked)]
        mismatch = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), None)
        check(mismatch is None,
              "check through RDD.pipe gives the whole-file check records (stream positions aside)",
              None if mismatch is None else f"line {mismatch + 1}:\n    got  {ours[mismatch]}"
              f"\n    want {theirs[mismatch]}")
        moved = sum(a != b.decode("utf-8") for a, b in zip(spark_checked, checked))
        print(f"note: {moved} check records differ from the whole-file run only in "
              f"{'/'.join(STREAM_POSITION)}, which count from the start of each task's stream",
              flush=True)
        tasks, summed = sum_stats(work / "check-stats")
        check(tasks == partitions, "one check --stats-json per task", f"{tasks} for {partitions}")
        check(summed == whole_check_stats, "per-task check stats sum to the whole-file stats",
              f"{summed} vs {whole_check_stats}")
    finally:
        sc.stop()
    print(f"spark: {time.monotonic() - spark_started:.1f} s with startup; "
          f"test: {time.monotonic() - started:.1f} s", flush=True)
    return 1 if check.failed else 0


def _is_json(line):
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def _ids(lines):
    """The `id` of each line; every corpus line, even the malformed one, starts with its id."""
    ids = []
    for i, line in enumerate(lines):
        if not line:
            ids.append(i)  # the blank line stands in for its record
            continue
        head = line[: line.index(b",")].decode("utf-8")
        ids.append(int(head.split(":")[1]))
    return ids


def _fields_kept(source, fixed):
    for before, after in zip(source, fixed):
        if before == after:
            continue
        a, b = json.loads(before), json.loads(after)
        a.pop("text", None)
        b.pop("text", None)
        if a != b:
            print(f"    changed outside `text`: {before[:200]!r}")
            return False
    return True


def _check_records(lines, source, malformed):
    for i, (line, original) in enumerate(zip(lines, source)):
        if i in malformed or not original:
            if line.encode("utf-8") != original:
                print(f"    line {i + 1} should come back as it is: {original!r}\n"
                      f"    came back as {line[:200]!r}")
                return False
            continue
        record = json.loads(line)
        report = record.pop("mtscrub", None)
        if (
            not isinstance(report, dict)
            or not {"findings", "rules", "counts", "changed", "hash"} <= report.keys()
            or report["hash"] != hashlib.sha256(original).hexdigest()
            or record != json.loads(original)
        ):
            print(f"    line {i + 1}: {line[:300]!r}")
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
