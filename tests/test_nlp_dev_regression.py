"""The dev sets (tests/data/gold_dev.jsonl, gold_dev2.jsonl) must not score below the recorded levels."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp import evaluate_gold, format_scores

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold_dev.jsonl"
RECORDED = DATA / "nlp_dev_scores.json"
SHARED_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "score_extraction.py"


FLOORS = {k: v for k, v in json.loads(RECORDED.read_text()).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def scores(extractor):
    return evaluate_gold(GOLD, extractor)


def flat(scores: dict) -> dict[str, float]:
    return {
        "entity_f1": scores["entity"]["f"], "event_f1": scores["event"]["f"],
        "event_f1_lenient": scores["event_lenient"]["f"], "status_acc": scores["status_acc"],
        "role_acc": scores["role_acc"], "move_f1": scores["move"]["f"],
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_scores_do_not_drop_below_recorded_levels(extractor, name):
    scores = evaluate_gold(DATA / name, extractor)
    got = flat(scores)
    low = {k: (round(got[k], 3), v) for k, v in FLOORS[name].items() if got[k] < v}
    assert not low, f"{name} below recorded level (got, floor): {low}\n{format_scores(scores)}"


def test_summary_line_matches_the_shared_scorer_format(scores):
    last = format_scores(scores).splitlines()[-1]
    assert last.split(" ")[0].startswith("entity_f1=") and last.split(" ")[-1].startswith("move_f1=")
    assert [part.split("=")[0] for part in last.split(" ")] == [
        "entity_f1", "event_f1", "event_f1_lenient", "status_acc", "role_acc", "move_f1"]


def test_own_metrics_agree_with_the_shared_scorer(scores, tmp_path):
    if not SHARED_SCORER.exists():
        pytest.skip("shared scorer not present")
    import importlib.util

    from pipeline.nlp import extraction_to_dict
    from pipeline.nlp.scoring import read_jsonl, score_rows

    spec = importlib.util.spec_from_file_location("shared_scorer", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    gold = read_jsonl(GOLD)
    fake = {gid: {"entities": row.get("entities", [])[:-1], "events": row.get("events", [])[1:],
                  "market_moves": row.get("market_moves", [])} for gid, row in gold.items()}
    ours, theirs = score_rows(gold, fake), shared.score(gold, fake)
    for key in ("entity", "event", "event_lenient", "move"):
        assert ours[key]["f"] == pytest.approx(theirs[key]["f"])
    assert ours["status_acc"] == pytest.approx(theirs["status_acc"])
