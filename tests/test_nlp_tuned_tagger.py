"""The entity tagger tuned on wire copy (models/ner_wire): shipped, loaded offline, and its
training data placed on tokens the way pipeline.nlp.ner_data says."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from spacy.tokens import Span

from pipeline.errors import ModelAssetError
from pipeline.nlp.assemble import build_nlp, load_base_model, load_tuned_tagger
from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
from pipeline.nlp.ner_data import story_tags, to_example, NerExample

SUFFIXES = {"inc", "corp", "co", "ltd", "plc"}


@pytest.fixture(scope="module")
def base():
    return load_base_model()


def test_shipped_tagger_replaces_the_base_models_weights(base, extractor):
    shipped = extractor.nlp.get_pipe("ner").model.to_bytes()
    assert (DEFAULT_MODELS_DIR / "ner_wire" / "meta.json").exists()
    assert shipped != base.get_pipe("ner").model.to_bytes()
    fresh = load_tuned_tagger(load_base_model(), DEFAULT_MODELS_DIR)
    assert fresh.get_pipe("ner").model.to_bytes() == shipped


def test_damaged_tagger_is_a_coded_model_error(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    (models / "ner_wire" / "ner" / "model").write_bytes(b"not a model")
    with pytest.raises(ModelAssetError, match="E131"):
        build_nlp(models)


def test_without_a_tuned_tagger_the_base_tagger_runs(base, tmp_path):
    before = base.get_pipe("ner").model.to_bytes()
    assert load_tuned_tagger(base, tmp_path).get_pipe("ner").model.to_bytes() == before


def _tags(base, text, ents, labels):
    doc = base.make_doc(text)
    doc.ents = [Span(doc, s, e, label=l) for s, e, l in ents]
    return doc, story_tags(base, doc, labels, SUFFIXES)


def test_labelled_names_take_their_suffix_and_short_forms(base):
    text = "Kestrel Hollow Mining Inc said Kestrel will buy Ferndale Quarries."
    doc, tags = _tags(base, text, [], [{"name": "Kestrel Hollow Mining", "label": "ORG"},
                                       {"name": "Ferndale Quarries", "label": "ORG"}])
    assert tags[:4] == ["B-ORG", "I-ORG", "I-ORG", "L-ORG"]      # suffix 'Inc' inside the span
    assert tags[5] == "U-ORG"                                       # 'Kestrel' alone: a short form
    assert tags[8:10] == ["B-ORG", "L-ORG"]


def test_unlabelled_firm_readings_are_unlearned_or_left_unknown(base):
    text = "Kestrel Hollow Mining said KHM paid 40 H.K. dlrs in Hong Kong."
    # the base model's readings: KHM (an abbreviation of a labelled name), 'H.K. dlrs' (junk), Hong Kong (GPE)
    doc, tags = _tags(base, text, [(4, 5, "ORG"), (7, 9, "ORG"), (10, 12, "GPE")],
                      [{"name": "Kestrel Hollow Mining", "label": "ORG"}])
    assert tags[4] == "-"                       # abbreviation: the labels say nothing, no gradient
    assert tags[7:9] == ["O", "O"]              # unrelated 'firm': taught as not an entity
    assert tags[10:12] == ["B-GPE", "L-GPE"]    # other labels kept so they are not forgotten
    example = to_example(base, NerExample("t", text, tuple(tags)))
    assert len(example.reference) == len(doc)
