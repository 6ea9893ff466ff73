"""Extraction on real published news must not fall below its recorded levels.

Two real-text sets, both read by path from ../shared (never copied into the repository):
- the Reuters dev set (`corpora/reuters-deals/gold_dev.jsonl`, 144 stories annotated by the
  corpus authors);
- our labels of 760 Reuters training-split stories (`models/training/labels`), joined with
  their text from `corpora/reuters-deals/doclevel_train.jsonl` by id.
Levels are in tests/data/nlp_real_scores.json (achieved minus 0.02). On a machine without
../shared the tests skip, saying so.
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from pipeline.nlp import evaluate_gold, extraction_to_dict, format_scores
from pipeline.nlp.scoring import normalise_name
from pipeline.records import ExtractInput

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO.parent / "shared" / "corpora" / "reuters-deals"
LABELS = REPO / "models" / "training" / "labels"
FLOORS = {k: v for k, v in json.loads((REPO / "tests" / "data" / "nlp_real_scores.json").read_text()).items()
          if not k.startswith("_")}


def flat(scores: dict) -> dict[str, float]:
    return {"entity_f1": scores["entity"]["f"], "event_f1": scores["event"]["f"],
            "event_f1_lenient": scores["event_lenient"]["f"], "status_acc": scores["status_acc"],
            "role_acc": scores["role_acc"], "move_f1": scores["move"]["f"]}


def labelled_training_stories(tmp_path: Path) -> Path:
    """Our labels joined with the stories' text, as a gold file in tmp_path."""
    labels = {}
    for path in sorted(LABELS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            labels[row["id"]] = row
    out = tmp_path / "reuters_train_labelled.jsonl"
    with open(REUTERS / "doclevel_train.jsonl", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            if row["id"] in labels:
                dst.write(json.dumps({**labels[row["id"]], **{k: row[k] for k in ("title", "text", "published")}}) + "\n")
    return out


@pytest.fixture(scope="module")
def real_sets(tmp_path_factory):
    if not (REUTERS / "gold_dev.jsonl").exists():
        pytest.skip("../shared/corpora/reuters-deals is not on this machine")
    return {"reuters_gold_dev": REUTERS / "gold_dev.jsonl",
            "reuters_train_labels": labelled_training_stories(tmp_path_factory.mktemp("real"))}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_real_news_scores_do_not_drop_below_recorded_levels(extractor, real_sets, name):
    scores = evaluate_gold(real_sets[name], extractor)
    got = flat(scores)
    low = {k: (round(got[k], 3), v) for k, v in FLOORS[name].items() if got[k] < v}
    assert not low, f"{name} below recorded level (got, floor): {low}\n{format_scores(scores)}"


def test_confidence_ranks_right_events_above_wrong_ones_on_real_news(extractor, real_sets):
    rows = [json.loads(line) for line in real_sets["reuters_gold_dev"].read_text(encoding="utf-8").splitlines()]
    right, wrong = [], []
    inputs = [ExtractInput(doc_id=r["id"], text=r["text"], title=r.get("title")) for r in rows]
    for row, ex in zip(rows, extractor.extract_many(inputs)):
        gold = {(e["type"], frozenset(normalise_name(p["name"]) for p in e["participants"])) for e in row["events"]}
        for ev in extraction_to_dict(ex)["events"]:
            key = (ev["type"], frozenset(normalise_name(p["name"]) for p in ev["participants"]))
            (right if key in gold else wrong).append(ev["confidence"])
    # Judged by ranking, not by a fixed gap between medians: a fix that drops wrong low-confidence
    # events, or finds a right one the model is unsure of, moves the medians without making the
    # score mean less. The issue asks that right events score higher and that confident ones be right.
    assert statistics.median(right) > statistics.median(wrong)
    pairs = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    assert pairs / (len(right) * len(wrong)) >= 0.6  # ROC AUC: a right event outranks a wrong one
    confident = ([c >= 0.7 for c in right], [c >= 0.7 for c in wrong])
    n_high = sum(confident[0]) + sum(confident[1])
    overall = len(right) / (len(right) + len(wrong))
    assert n_high >= 10 and sum(confident[0]) / n_high >= overall + 0.1  # events at 0.7+ are right more often
