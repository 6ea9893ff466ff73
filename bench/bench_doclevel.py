"""Document-level deal detection on real Reuters wire stories (issue 18 target: F1 >= 0.85).

    .venv/bin/python bench/bench_doclevel.py [--corpus PATH] [--limit N] [--misses PATH]

Runs the extractor over `doclevel.jsonl` (ModApte test split of Reuters-21578, Distribution
1.0, read by path from ../shared; never copied) and counts a story as "reports a deal" when
it yields at least one event. Prints precision, recall and F1 against Reuters' `acq` topic
(`has_deal`), recall on the acq stories (the headline number: joint ventures and deals in
passing carry no acq tag, so precision understates a correct extractor), and words/s.
Develop on `doclevel_train.jsonl` (--corpus); --misses writes the wrongly judged stories
(missed acq stories and non-acq stories with events, with the events read) for error review.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.nlp import load_extractor  # noqa: E402
from pipeline.records import ExtractInput  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters-deals" / "doclevel.jsonl"


def detection_scores(gold: dict[str, bool], found: dict[str, bool]) -> dict[str, float]:
    tp = sum(g and found[i] for i, g in gold.items())
    fp = sum((not g) and found[i] for i, g in gold.items())
    fn = sum(g and not found[i] for i, g in gold.items())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def write_misses(path: Path, gold: dict[str, bool], found: dict[str, bool], results: dict) -> None:
    """One JSON line per story judged wrongly: missed acq stories and non-acq stories with events."""
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, g in gold.items():
            if g == found[doc_id]:
                continue
            events = [{"type": e.type, "status": e.status,
                       "participants": [(p.name, p.role) for p in e.participants]}
                      for e in results[doc_id].events]
            fh.write(json.dumps({"id": doc_id, "has_deal": g, "events": events}) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="first N stories only (0: all)")
    ap.add_argument("--misses", type=Path, default=None,
                    help="write the wrongly judged stories (id, has_deal, events found) to this JSONL file")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[:args.limit]
    ex = load_extractor()
    inputs = [ExtractInput(doc_id=r["id"], text=r["text"], title=r.get("title")) for r in rows]
    words = sum(len(r["text"].split()) + len((r.get("title") or "").split()) for r in rows)
    t0 = time.perf_counter()
    results = {x.doc_id: x for x in ex.extract_many(inputs)}
    secs = time.perf_counter() - t0
    found = {i: bool(x.events) for i, x in results.items()}
    gold = {r["id"]: bool(r["has_deal"]) for r in rows}
    if args.misses:
        write_misses(args.misses, gold, found, results)
    s = detection_scores(gold, found)
    print(f"stories={len(rows)} acq={sum(gold.values())} words={words} seconds={secs:.1f} words/s={words / secs:,.0f}")
    print(f"doc-level deal detection: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
          f"(tp={s['tp']} fp={s['fp']} fn={s['fn']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
