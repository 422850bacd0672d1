#!/usr/bin/python3
"""make bench-extract, speed on every page set: caravan and readability-lxml, one core each, in the same
run, on the shared test sets that are not main-text benchmarks (htmldate's 300 date pages, fundus's 50
articles). The shared harness (../shared/bench/extraction/run.py) times them; it is given a cases.jsonl
naming each page, with no snippets, so only its speed lines mean anything and only they are printed.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

SETS = {"dates": "testdata/dates", "articles": "testdata/articles"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--cmd", action="append", required=True, help="a command speaking the batch contract")
    args = ap.parse_args()
    harness = os.path.join(args.shared, "bench/extraction/run.py")
    rows = []
    for name, rel in SETS.items():
        src = os.path.join(args.shared, rel)
        if not os.path.exists(os.path.join(src, "cases.jsonl")):
            print(f"other_sets: {src}/cases.jsonl not found, {name} skipped")
            continue
        with tempfile.TemporaryDirectory(prefix=f"caravan-bench-{name}-") as tmp:
            with open(os.path.join(src, "cases.jsonl"), encoding="utf-8") as fin, \
                    open(os.path.join(tmp, "cases.jsonl"), "w", encoding="utf-8") as fout:
                for line in fin:
                    if not line.strip():
                        continue
                    c = json.loads(line)
                    fout.write(json.dumps({"id": c["id"], "path": os.path.abspath(os.path.join(src, c["file"])),
                                           "url": c.get("url", ""), "with": [], "without": []}) + "\n")
            cmd = [sys.executable, harness, "--one-core", "--data", tmp]
            for c in args.cmd:
                cmd += ["--cmd", c]
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"other_sets: the harness failed on {name}:\n{out.stderr[-2000:]}")
            speeds = [float(m.group(1)) for m in re.finditer(r"^speed: ([0-9.]+) docs/s", out.stdout, re.M)]
            rows.append((name, speeds))
    print(f"{'set':<10}" + "".join(f"{'docs/s ' + str(i + 1):>12}" for i in range(len(args.cmd))) + "   first/second")
    for name, speeds in rows:
        ratio = f"{speeds[0] / speeds[1]:.1f}x" if len(speeds) > 1 and speeds[1] > 0 else "n/a"
        print(f"{name:<10}" + "".join(f"{s:>12.1f}" for s in speeds) + f"   {ratio}")
    for i, c in enumerate(args.cmd):
        print(f"  {i + 1}: {c}")


if __name__ == "__main__":
    main()
