"""Held-out sets (written before tuning) must not score below their recorded levels."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp import evaluate_gold, format_scores

DATA = Path(__file__).parent / "data"
RECORDED = DATA / "nlp_heldout_scores.json"
FLOORS = {k: v for k, v in json.loads(RECORDED.read_text()).items() if not k.startswith("_")}



def flat(scores: dict) -> dict[str, float]:
    return {
        "entity_f1": scores["entity"]["f"], "event_f1": scores["event"]["f"],
        "event_f1_lenient": scores["event_lenient"]["f"], "status_acc": scores["status_acc"],
        "role_acc": scores["role_acc"], "move_f1": scores["move"]["f"],
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_scores_do_not_drop_below_recorded_levels(extractor, name):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"no {name}")
    scores = evaluate_gold(path, extractor)
    got = flat(scores)
    low = {k: (round(got[k], 3), v) for k, v in FLOORS[name].items() if got[k] < v}
    assert not low, f"{name} below recorded level (got, floor): {low}\n{format_scores(scores)}"
