#!/usr/bin/python3
"""How many of the 990-page set's "with" snippets caravan puts in `standfirst` (which the shared harness
does not score, as it reads `text` only), and the set's figures when standfirst + "\\n\\n" + text is scored.
Reads the per-page results of ../shared/bench/extraction/run.py --out and scores with its own functions.

  python3 ../shared/bench/extraction/run.py --cmd "build/bin/caravanctl extract --batch" --out /tmp/r.jsonl
  bench/extract/standfirst_snippets.py --shared ../shared /tmp/r.jsonl
"""

import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("results", help="run.py --out file of one command")
    args = ap.parse_args()
    harness = os.path.join(args.shared, "bench/extraction")
    sys.path.insert(0, harness)
    from run import count_case, norm, scores  # noqa: E402

    with open(os.path.join(harness, "data/cases.jsonl"), encoding="utf-8") as f:
        cases = {c["id"]: c for c in (json.loads(line) for line in f if line.strip())}
    total = [0, 0, 0, 0]
    pages = snippets = snippet_pages = 0
    with open(args.results, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out = r["output"]
            standfirst = out.get("standfirst") or ""
            case = cases[r["id"]]
            pages += bool(standfirst)
            found = sum(1 for w in case["with"] if standfirst and norm(w) in norm(standfirst))
            snippets += found
            snippet_pages += found > 0
            counts = count_case(case, "\n\n".join(t for t in (standfirst, out.get("text") or "") if t))
            total = [a + b for a, b in zip(total, counts[:4])]
    p, r, f1, _ = scores(*total)
    print(f"pages with a standfirst: {pages}; 'with' snippets found in the standfirst: {snippets} "
          f"on {snippet_pages} pages")
    print(f"scored on standfirst + text: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
