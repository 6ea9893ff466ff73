"""Market-move precision (fundamentals, clause-bound percentages, prior-sentence 'the stock'), and the
curated company gazetteer (models/companies_common.jsonl) under the story KB."""
from __future__ import annotations

import json

import pytest

from pipeline.errors import ModelAssetError
from pipeline.nlp.kb import load_kb
from pipeline.records import ExtractInput


def run(extractor, text, title=None):
    return extractor.extract(ExtractInput(doc_id="t", text=text, title=title))


def moves(ex):
    return {(m.entity, m.direction, m.pct) for m in ex.market_moves}


@pytest.mark.parametrize("text", [
    "Nissan cut 9,000 jobs after first-half operating profit plunged roughly 90%.",
    "Honda and Nissan have lost ground in China, where local brands now account for more than 60% of car sales.",
    "Honda Motor's domestic sales declined 4.9% while Nissan Motor Co's fell 12.3%.",
    "Honda Motor has said it will add more electric models for the domestic market.",
    "Before Wednesday's jump, Nissan shares had lost close to 40% of their value this year.",
])
def test_fundamentals_and_background_are_not_moves(extractor, text):
    assert run(extractor, text).market_moves == ()


def test_percent_stays_in_its_clause(extractor):
    ex = run(extractor, "Shares of Nissan closed 23.7% higher in Tokyo. Honda stock fell 3.0%.",
             title="Nissan shares soar 23.7% on merger talk with Honda; Honda slips")
    assert ("Honda", "down", 3.0) in moves(ex) and ("Nissan", "up", 23.7) in moves(ex)
    assert not any(m.entity == "Honda" and m.pct == 23.7 for m in ex.market_moves)


@pytest.mark.parametrize("text, expected", [
    ("Rheinmetall agreed to buy naval shipbuilder NVL. The stock closed 1.2% higher in Frankfurt.",
     ("Rheinmetall", "up", 1.2)),
    ("Sony Group's American depositary receipts fell 3% in New York on Monday.", ("Sony Group", "down", 3.0)),
    ("Shares of Japanese automakers fell in Tokyo on Tuesday. Nissan Motor Co slid 2.4%.", ("Nissan", "down", 2.4)),
])
def test_prior_subject_adrs_and_market_context(extractor, text, expected):
    assert expected in moves(run(extractor, text))


def test_gazetteer_names_fill_deal_slots(extractor):
    ex = run(extractor, "Glencore agreed to buy a stake in Itochu's mining unit, while Lucid said Rivian was not a suitor.")
    labels = {e.name: e.label for e in ex.entities}
    assert labels.get("Glencore") == "ORG" and labels.get("Itochu") == "ORG"
    assert labels.get("Rivian") == "ORG"


def test_hyphenated_pair_splits_but_mercedes_benz_stays(extractor):
    ex = run(extractor, "Regulators cleared the Tapestry-Capri deal. Mercedes-Benz and BMW also signed a battery pact.")
    names = {e.name for e in ex.entities}
    assert {"Tapestry", "Capri", "Mercedes-Benz"} <= names
    assert not any("-" in n and n != "Mercedes-Benz" for n in names)


def test_story_kb_outranks_gazetteer(tmp_path):
    from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
    for f in (f for f in DEFAULT_MODELS_DIR.iterdir() if f.is_file()):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "companies_common.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"name": "Nissan", "label": "ORG", "aliases": ["Nissan Motor"]}) + "\n")
    kb = load_kb(tmp_path)
    assert kb.get("Nissan").source == "story"
    with open(tmp_path / "companies_common.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"name": "Glencore Two", "label": "ORG", "aliases": ["Glencore"]}) + "\n")
    with pytest.raises(ModelAssetError, match=r"companies_common.jsonl:\d+"):
        load_kb(tmp_path)
