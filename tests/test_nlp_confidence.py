"""The trained event-confidence model: shipped in models/, loaded offline, and it ranks.

The model (models/event_confidence.json) is trained by `python -m pipeline.nlp.train_confidence`
on real news we labelled; these tests pin that it loads without any training library,
that confidence is a probability that tells a well-supported reading from a guess, and
that the recipe's example builder labels events the way the shared scorer matches them.
"""
from __future__ import annotations

import json

import pytest

from pipeline.errors import ModelAssetError
from pipeline.nlp.confidence import load_confidence_model
from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
from pipeline.records import ExtractInput


def test_shipped_confidence_model_loads_offline_with_weights():
    model = load_confidence_model(DEFAULT_MODELS_DIR)
    assert model is not None and len(model.weights) > 50
    assert 0.0 <= model.min_confidence < 0.5
    assert 0.0 < model.probability(["type=acquisition", "kb"]) < 1.0


def test_malformed_confidence_model_is_a_coded_error(tmp_path):
    (tmp_path / "event_confidence.json").write_text(json.dumps({"intercept": "x", "weights": {}, "min_confidence": 0}))
    with pytest.raises(ModelAssetError, match="E150"):
        load_confidence_model(tmp_path)


def test_a_deal_told_in_headline_and_body_outranks_a_footnote_reading(extractor):
    firm = ExtractInput(doc_id="a", title="Kestrel Motors agrees to buy Arden Industries",
                        text="Kestrel Motors Inc said it agreed to acquire Arden Industries Corp for 120 mln dlrs. "
                             "The acquisition of Arden Industries is expected to close in June, Kestrel Motors said.")
    footnote = ExtractInput(doc_id="b", text=(
        "Kestrel Motors reported higher quarterly profit on Tuesday. Sales rose 12 pct in the quarter. The company "
        "raised its dividend. Costs fell as steel prices eased. Its shares closed higher. In a footnote, Kestrel "
        "Motors said it could sell its stake in Arden Industries and Birch Holdings to Tamworth Group."))
    (strong,) = extractor.extract(firm).events
    (weak,) = extractor.extract(footnote).events
    assert 0.0 <= weak.confidence < 0.5 < strong.confidence <= 1.0


def test_recipe_labels_events_as_the_scorer_matches_them(tmp_path):
    from pipeline.nlp.train_confidence import build_examples

    gold = {"id": "g1", "text": "Kestrel Motors Inc said it agreed to acquire Arden Industries Corp.",
            "events": [{"type": "acquisition", "status": "agreed", "participants": [
                {"name": "Kestrel Motors", "role": "acquirer"}, {"name": "Arden Industries", "role": "target"}]}]}
    wrong = dict(gold, id="g2", events=[{"type": "merger", "status": "agreed", "participants": [
        {"name": "Kestrel Motors", "role": "partner"}, {"name": "Arden Industries", "role": "partner"}]}])
    examples, gold_total = build_examples({"g1": gold, "g2": wrong}, {"g1": gold, "g2": wrong})
    assert gold_total == 2
    assert [(story, right) for _feats, right, story in examples] == [("g1", True), ("g2", False)]
    assert "type=acquisition" in examples[0][0]
