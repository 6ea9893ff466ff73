"""The trained deal-status model: shipped in models/, loaded offline, and it corrects the rules.

The model (models/event_status.json) is trained by `python -m pipeline.nlp.train_status` on
real news we labelled. These tests pin that it loads without any training library, that a
damaged file is a coded error, that it only replaces the rules' status when it is surer by
its margin, that it reads the wire convention the rules miss, and that the recipe labels
examples by the gold event they match.
"""
from __future__ import annotations

import json

import pytest

from pipeline.errors import ModelAssetError
from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
from pipeline.nlp.choice_model import LinearChoice
from pipeline.nlp.status_model import load_status_model
from pipeline.records import ExtractInput

STATUSES = {"proposed", "talks", "agreed", "completed", "collapsed", "denied"}


def test_shipped_status_model_loads_offline_with_every_status():
    model = load_status_model(DEFAULT_MODELS_DIR)
    assert model is not None and set(model.classes) == STATUSES
    assert len(model.weights) > 100 and 0.0 <= model.margin < 0.5
    probs = model.probabilities(["rule=agreed", "type=acquisition"])
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and set(probs) == STATUSES


@pytest.mark.parametrize("damage", [
    {"classes": ["agreed"], "intercepts": {"talks": 0.0}, "weights": {}, "margin": 0.1},
    {"classes": ["agreed"], "intercepts": {"agreed": 0.0}, "weights": {"w=x": {"talks": 1.0}}, "margin": 0.1},
    {"classes": ["agreed"], "intercepts": {"agreed": "high"}, "weights": {}, "margin": 0.1},
])
def test_malformed_status_model_is_a_coded_error(tmp_path, damage):
    (tmp_path / "event_status.json").write_text(json.dumps(damage))
    with pytest.raises(ModelAssetError, match="E151"):
        load_status_model(tmp_path)


def test_the_rules_status_stays_unless_the_model_is_surer_by_its_margin():
    model = LinearChoice(("agreed", "completed"), {"agreed": 0.0, "completed": 0.0},
                        {"w=complete": {"completed": 1.0}}, margin=0.3)
    # P(completed) = 0.73, P(agreed) = 0.27: a lead of 0.46 clears the margin
    assert model.decide(["w=complete"], "agreed") == "completed"
    weak = LinearChoice(model.classes, model.intercepts, {"w=complete": {"completed": 0.4}}, margin=0.3)
    # P(completed) = 0.60: a lead of 0.20 does not
    assert weak.decide(["w=complete"], "agreed") == "agreed"


def test_a_wire_headline_x_to_acquire_y_reports_an_agreed_deal(extractor):
    story = ExtractInput(doc_id="h", title="Halvorsen to acquire Dunmore bakery businesses",
                         text="Halvorsen to acquire Dunmore bakery businesses. Halvorsen AG said it will acquire "
                              "the bakery businesses of Dunmore Foods Ltd for 120 mln dlrs.")
    reader = extractor.nlp.get_pipe("newsmon_deals")
    with_model = [e.status for e in extractor.extract(story).events]
    kept, reader.status_model = reader.status_model, None
    try:
        rules_only = [e.status for e in extractor.extract(story).events]
    finally:
        reader.status_model = kept
    assert with_model and set(with_model) == {"agreed"}
    assert "proposed" in rules_only  # the rules read the headline's bare infinitive as a proposal


def test_recipe_labels_each_reading_with_the_status_of_the_gold_event_it_matches():
    from pipeline.nlp.train_status import build_examples

    gold = {"id": "g1", "text": "Kestrel Motors Inc said it agreed to acquire Arden Industries Corp.",
            "events": [{"type": "acquisition", "status": "completed", "participants": [
                {"name": "Kestrel Motors", "role": "acquirer"}, {"name": "Arden Industries", "role": "target"}]}]}
    other = dict(gold, id="g2", events=[{"type": "merger", "status": "agreed", "participants": [
        {"name": "Kestrel Motors", "role": "partner"}, {"name": "Arden Industries", "role": "partner"}]}])
    examples = build_examples({"g1": gold, "g2": other}, {"g1": gold, "g2": other})
    assert [(e.story, e.gold, e.rules) for e in examples] == [("g1", "completed", "agreed")]
    assert "rule=agreed" in examples[0].feats


def test_bagged_fit_handles_two_labels_and_refuses_a_label_it_cannot_resample(monkeypatch):
    from pipeline.nlp import train_choice
    from pipeline.nlp.train_choice import Example, fit_bagged

    examples = [Example(["w=complete"], "completed", "agreed", f"s{k}") for k in range(20)]
    examples += [Example(["w=sign"], "agreed", "agreed", f"t{k}") for k in range(20)]
    model = fit_bagged(examples, 1.0, bags=3)
    assert set(model.classes) == {"agreed", "completed"}
    assert model.decide(["w=complete"], "agreed") == "completed" and model.decide(["w=sign"], "agreed") == "agreed"
    # one story of 41 holds 'denied': a resample keeps it about 64 % of the time, so one draw per bag
    # cannot fill 50 bags, and the fit says so instead of drawing forever
    monkeypatch.setattr(train_choice, "MAX_DRAWS", 1)
    rare = examples + [Example(["w=deny"], "denied", "agreed", "only")]
    with pytest.raises(ValueError, match="too rare"):
        fit_bagged(rare, 1.0, bags=50)


def test_a_deal_said_completed_keeps_the_rules_reading_over_the_model(extractor):
    text = ("Orvell Group, the family-owned conglomerate, said on Monday that it had completed its acquisition of "
            "Kestrel Foods, the maker of several cereal brands. The deal unites two snack portfolios.\n\n"
            "Orvell first announced its agreement to buy Kestrel Foods in August 2024. Shareholders approved the deal "
            "that November, and the companies secured all required regulatory approvals, clearing the way for the "
            "transaction to close.")
    out = extractor.extract(ExtractInput(doc_id="c", text=text))
    assert [(e.type, e.status) for e in out.events] == [("acquisition", "completed")]
