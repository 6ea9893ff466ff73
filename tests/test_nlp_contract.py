"""The extraction contract: output shape, bad lines, order, versioning, broken model assets."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import ModelAssetError
from pipeline.nlp import DEFAULT_MODELS_DIR, extraction_to_dict, run_extract_jsonl
from pipeline.nlp.kb import load_kb
from pipeline.nlp.resources import load_resources
from pipeline.records import ExtractInput

ARTICLE = ("Shares of Nissan Motor Co. jumped 8% on Friday after a report that Tesla Inc could invest "
           "$2 billion in the Japanese automaker.")



def test_output_line_has_exactly_the_contract_keys(extractor):
    row = extraction_to_dict(extractor.extract(ExtractInput(doc_id="a1", text=ARTICLE, title="Nissan jumps")))
    assert set(row) == {"id", "entities", "events", "market_moves"}
    assert row["id"] == "a1"
    for ent in row["entities"]:
        assert set(ent) == {"name", "label", "count", "kb_id"}
        assert ent["count"] >= 1
    assert {e["name"] for e in row["entities"]} >= {"Nissan", "Tesla"}
    (event,) = row["events"]
    assert set(event) == {"type", "status", "participants", "amount", "evidence", "confidence"}
    assert event["amount"] == {"value": 2e9, "currency": "USD"}
    assert 0.0 <= event["confidence"] <= 1.0
    assert row["market_moves"][0].keys() == {"entity", "direction", "pct", "evidence"}
    json.dumps(row)


def test_bad_lines_give_error_rows_in_input_order(extractor):
    lines = [
        json.dumps({"id": "x1", "text": "Honda and Nissan agreed to merge."}),
        "{not json",
        json.dumps({"id": "x3", "title": "no body"}),
        json.dumps({"id": "x4", "text": "Toyota stock slid 2.5% in Tokyo."}),
    ]
    out = io.StringIO()
    assert run_extract_jsonl(lines, out, extractor) == 4
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["x1", None, "x3", "x4"]
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[3]["market_moves"][0]["direction"] == "down"


def test_extract_many_keeps_order_and_flags_bad_input(extractor):
    inputs = [ExtractInput(doc_id=str(i), text=f"Honda stock rose {i}% on Monday.") for i in range(1, 6)]
    inputs.insert(2, ExtractInput(doc_id="bad", text=None))  # type: ignore[arg-type]
    results = list(extractor.extract_many(inputs, batch_size=2))
    assert [r.doc_id for r in results] == ["1", "2", "bad", "3", "4", "5"]
    assert results[2].error and all(r.error is None for i, r in enumerate(results) if i != 2)
    assert all(r.extractor_version == extractor.version for r in results)


def test_title_is_read_before_the_body(extractor):
    ex = extractor.extract(ExtractInput(doc_id="t", title="Foxconn buys Sharp", text="The deal closed on Monday."))
    assert any(e.type == "acquisition" for e in ex.events)


def copy_models(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, target)
    return target


def test_malformed_entities_line_names_file_and_line(tmp_path):
    models = copy_models(tmp_path)
    path = models / "entities.jsonl"
    lines = path.read_text().splitlines()
    lines.insert(2, '{"name": "Broken", "label": "ORG", "aliases": ["x"')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ModelAssetError, match=r"entities\.jsonl:3"):
        load_kb(models)


def test_invalid_label_is_a_model_asset_error(tmp_path):
    models = copy_models(tmp_path)
    with (models / "entities.jsonl").open("a") as fh:
        fh.write(json.dumps({"name": "Acme", "label": "COMPANY", "kb_id": None, "aliases": []}) + "\n")
    with pytest.raises(ModelAssetError, match="label"):
        load_kb(models)


def test_malformed_rules_file_is_a_model_asset_error(tmp_path):
    models = copy_models(tmp_path)
    (models / "deal_rules.json").write_text('{"verb_triggers": {\n  "buy": 3\n}}')
    with pytest.raises(ModelAssetError, match="deal_rules.json"):
        load_resources(models)


def test_frame_words_come_from_the_rules_file_and_must_be_complete(tmp_path):
    from pipeline.nlp.rules import load_deal_rules

    models = copy_models(tmp_path)
    path = models / "deal_rules.json"
    rules = json.loads(path.read_text(encoding="utf-8"))
    assert "jointly" in load_deal_rules(models).frame_words.joint_adverbs
    rules["frame_words"]["joint_adverbs"] = ["hand-in-hand"]
    path.write_text(json.dumps(rules), encoding="utf-8")
    assert load_deal_rules(models).frame_words.joint_adverbs == frozenset({"hand-in-hand"})
    del rules["frame_words"]["odds_nouns"]
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(ModelAssetError, match="E121 .*odds_nouns"):
        load_deal_rules(models)


def test_version_changes_when_models_change(tmp_path):
    models = copy_models(tmp_path)
    before = load_resources(models).digest
    other = tmp_path / "other"
    shutil.copytree(models, other)
    with (other / "entities.jsonl").open("a") as fh:
        fh.write(json.dumps({"name": "Acme Motors", "label": "ORG", "kb_id": None, "aliases": []}) + "\n")
    assert load_resources(other).digest != before
