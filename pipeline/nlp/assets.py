"""Reading and validating the data files under models/.

Every malformed asset raises `ModelAssetError` with the file and, for JSON
Lines, the line number, so a broken edit to models/ is found at load time.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from pipeline.errors import ModelAssetError

logger = logging.getLogger(__name__)

MODEL_FILES = (
    "entities.jsonl",
    "aliases_context.json",
    "deal_rules.json",
    "status_rules.json",
    "moves_rules.json",
    "entity_filters.json",
    "nominals.json",
    "context_rules.json",
    "companies_common.jsonl",
    "companies_listed.jsonl",
    "event_confidence.json",
    "ner_wire/ner/model",
    "places.json",
    "given_names.json",
    "event_status.json",
)


def read_json_asset(path: Path, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Load one JSON object file; check that the required top-level keys exist."""
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelAssetError(f"E102 {path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ModelAssetError(f"E103 {path}:1: expected a JSON object at top level")
    missing = [k for k in required if k not in data]
    if missing:
        raise ModelAssetError(f"E104 {path}: missing key(s): {', '.join(missing)}")
    return data


def _read_text(path: Path) -> str:
    """The file's text, or E101 naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelAssetError(f"E101 {path}: cannot read: {exc}") from exc


def read_jsonl_asset(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Load a JSON Lines file as (line number, object) pairs; blank lines and # comments skipped."""
    lines = _read_text(path).splitlines()
    rows = []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ModelAssetError(f"E102 {path}:{n}: not valid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise ModelAssetError(f"E103 {path}:{n}: expected a JSON object")
        rows.append((n, obj))
    return rows


def hash_models(models_dir: Path) -> str:
    """A short digest of every model file, so the version changes with models/."""
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        path = models_dir / name
        digest.update(name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
