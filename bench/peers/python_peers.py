"""Runs a Python peer over a text file, one paragraph a line, in-process, and prints
{"peer":…,"bytes":…,"seconds":…,"cpu_seconds":…} measured around the processing loop only.

Usage: python python_peers.py sacremoses|ftfy FILE
"""
import json
import sys
import time


def main():
    peer, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if peer == "sacremoses":
        from sacremoses import MosesPunctNormalizer

        normalize = MosesPunctNormalizer(lang="en").normalize
    elif peer == "ftfy":
        import ftfy

        normalize = ftfy.fix_text
    else:
        sys.exit(f"unknown peer {peer}")
    start, cpu_start = time.perf_counter(), time.process_time()
    out = 0
    for line in lines:
        out += len(normalize(line))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"peer": peer, "bytes": len(text.encode("utf-8")), "seconds": seconds,
                      "cpu_seconds": cpu_seconds, "out": out}))


main()
