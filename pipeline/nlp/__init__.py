"""newsmon's NLP stage: spaCy + the models/ knowledge base and rules.

Public API:
    load_extractor(models_dir=None) -> RoutingExtractor (English Extractor + Japanese on demand)
    .version (English), .version_for(lang), .extract(inp), .extract_many(inputs, n_process=1, batch_size=32)
    extraction_to_dict(ex) -> dict             (the contract's output line)
    run_extract_jsonl(in_lines, out, extractor, n_process=1) -> int
    evaluate_gold(gold_path, extractor) -> dict, format_scores(d) -> str
"""
from __future__ import annotations

from pipeline.nlp.extractor import DEFAULT_MODELS_DIR, Extractor, load_extractor
from pipeline.nlp.jsonio import extraction_to_dict, run_extract_jsonl
from pipeline.nlp.scoring import evaluate_gold, format_scores

__all__ = [
    "DEFAULT_MODELS_DIR", "Extractor", "evaluate_gold", "extraction_to_dict", "format_scores",
    "load_extractor", "run_extract_jsonl",
]
