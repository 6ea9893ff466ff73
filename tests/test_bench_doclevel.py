"""bench/bench_doclevel.py: the detection scores and the --misses listing used for error review."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from pipeline.records import DealEvent, Extraction, Participant

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_doclevel.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_doclevel", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_scores_and_misses_list_only_wrong_stories(tmp_path):
    bench = load_bench()
    event = DealEvent(type="acquisition", status="agreed",
                      participants=(Participant("Kestrel", "acquirer"), Participant("Arden", "target")),
                      amount=None, evidence="", confidence=0.7)
    results = {"a": Extraction(doc_id="a", events=(event,)), "b": Extraction(doc_id="b"),
               "c": Extraction(doc_id="c", events=(event,)), "d": Extraction(doc_id="d")}
    gold = {"a": True, "b": True, "c": False, "d": False}
    found = {k: bool(x.events) for k, x in results.items()}
    s = bench.detection_scores(gold, found)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1) and s["f1"] == 0.5
    out = tmp_path / "misses.jsonl"
    bench.write_misses(out, gold, found, results)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["has_deal"]) for r in rows] == [("b", True), ("c", False)]
    assert rows[1]["events"] == [{"type": "acquisition", "status": "agreed",
                                  "participants": [["Kestrel", "acquirer"], ["Arden", "target"]]}]
