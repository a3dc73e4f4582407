"""Checks a JSON Lines output against its input, line for line, in constant memory.

    python3 order_check.py INPUT OUTPUT STATS

For a corpus from corpus.py (every line starts with its id, counting from 0): the output has as
many lines as the input, line i of the output has id i, every line is either the input's line
or a changed record with the same id, and the number of changed lines is STATS'
`records_changed`. Prints `ok:`/`FAIL:` lines; exit status 1 on a failure.
"""

import json
import re
import sys

ID = re.compile(rb'^\{"id": ?(\d+),')


def main():
    source, output, stats = sys.argv[1:4]
    changed = 0
    lines = 0
    failures = []
    with open(source, "rb") as a, open(output, "rb") as b:
        for lines, (before, after) in enumerate(zip(a, b), start=1):
            if before == after:
                continue
            changed += 1
            m = ID.match(after)
            if (not m or int(m.group(1)) != lines - 1) and len(failures) < 5:
                failures.append(f"line {lines}: {after[:120]!r}")
        rest_a, rest_b = sum(1 for _ in a), sum(1 for _ in b)
    records_changed = json.load(open(stats))["records_changed"]
    results = [
        (rest_a == rest_b == 0, f"{lines} lines in, {lines} out",
         f"{rest_a} input and {rest_b} output lines left over"),
        (not failures, "every line has its input's id, in order", "; ".join(failures)),
        (changed == records_changed, f"{changed} lines changed, as --stats-json counts",
         f"--stats-json says {records_changed}"),
    ]
    for passed, what, detail in results:
        print(f"ok: {what}" if passed else f"FAIL: {what}: {detail}")
    return 0 if all(passed for passed, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
