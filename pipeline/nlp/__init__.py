"""newsmon's NLP stage: spaCy + the models/ knowledge base and rules.

Public API:
    load_extractor(models_dir=None) -> RoutingExtractor (English Extractor + Japanese on demand)
    .version (English), .version_for(lang), .extract(inp), .extract_many(inputs, n_process=1, batch_size=32)
    extraction_to_dict(ex) -> dict             (the contract's output line)
    run_extract_jsonl(in_lines, out, extractor, n_process=1) -> int
    evaluate_gold(gold_path, extractor) -> dict, format_scores(d) -> str
"""
from __future__ import annotations

import importlib

_PUBLIC = {
    "DEFAULT_MODELS_DIR": "pipeline.nlp.extractor", "Extractor": "pipeline.nlp.extractor",
    "load_extractor": "pipeline.nlp.extractor", "extraction_to_dict": "pipeline.nlp.jsonio",
    "run_extract_jsonl": "pipeline.nlp.jsonio", "evaluate_gold": "pipeline.nlp.scoring",
    "format_scores": "pipeline.nlp.scoring",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    """Imported on first use, so reading the knowledge base (pipeline.nlp.kb) needs no spaCy."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'pipeline.nlp' has no attribute {name!r}")
