#!/usr/bin/python3
"""Main-text quality on the shared article set (../shared/testdata/articles, fundus's 50 news pages): each
command speaking the batch contract gets every page once; its output is scored against the set's `body`
by bag-of-words token F1 (precision: share of the output's tokens found in the body, recall: share of the
body's tokens found in the output, both counted with multiplicity, micro-averaged over the pages). Tokens
are the whitespace-separated words of the harness's norm() (../shared/bench/extraction/run.py): every run
of whitespace one space. The body begins with the summary, so caravan's output is read as `standfirst`
plus "\\n\\n" plus `text`; a command without a `standfirst` is scored on its `text`.

  bench/extract/articles_f1.py --shared ../shared --cmd "build/bin/caravanctl extract --batch" [--cmd ...]
                               [--worst 5]
"""

import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import tempfile


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def tokens(text):
    return collections.Counter(norm(text).split(" ")) if norm(text) else collections.Counter()


def output_text(obj):
    parts = [obj.get("standfirst") or "", obj.get("text") or ""]
    return "\n\n".join(p for p in parts if p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--cmd", action="append", required=True, help="a command speaking the batch contract")
    ap.add_argument("--worst", type=int, default=0, help="list this many pages with the lowest F1")
    args = ap.parse_args()
    src = os.path.join(args.shared, "testdata/articles")
    with open(os.path.join(src, "cases.jsonl"), encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    with tempfile.TemporaryDirectory(prefix="caravan-articles-f1-") as tmp:
        requests = []
        for c in cases:
            path = os.path.join(tmp, c["id"] + ".html")
            with gzip.open(os.path.join(src, c["file"]), "rb") as fi, open(path, "wb") as fo:
                fo.write(fi.read())
            requests.append({"path": path, "url": c.get("url", "")})
            c["path"] = path
        stdin = "".join(json.dumps(r) + "\n" for r in requests)
        for cmd in args.cmd:
            out = subprocess.run(cmd, shell=True, input=stdin, capture_output=True, text=True)
            results = {}
            for line in out.stdout.splitlines():
                if line.strip():
                    obj = json.loads(line)
                    results[obj["path"]] = obj
            overlap = extracted = expected = 0
            per_page = []
            for c in cases:
                got = tokens(output_text(results.get(c["path"], {})))
                want = tokens(c["body"])
                common = sum((got & want).values())
                overlap += common
                extracted += sum(got.values())
                expected += sum(want.values())
                denom = sum(got.values()) + sum(want.values())
                per_page.append((2 * common / denom if denom else 1.0, c["id"], c["publisher"]))
            p = overlap / extracted if extracted else 0.0
            r = overlap / expected if expected else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"articles  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  ({len(cases)} pages)  {cmd}")
            for score, cid, publisher in sorted(per_page)[: args.worst]:
                print(f"  {score:.3f} {cid} {publisher}")


if __name__ == "__main__":
    main()
