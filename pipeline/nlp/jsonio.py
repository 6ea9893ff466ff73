"""The `newsmon extract` contract: JSON Lines in, JSON Lines out, same order, one line per line."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pipeline.records import Extraction, ExtractInput

logger = logging.getLogger(__name__)


def extraction_to_dict(ex: Extraction) -> dict[str, Any]:
    """Exactly the contract's output line (or {"id", "error"} for a failed article)."""
    if ex.error is not None:
        return {"id": ex.doc_id, "error": ex.error}
    return {
        "id": ex.doc_id,
        "entities": [{"name": e.name, "label": e.label, "count": e.count, "kb_id": e.kb_id} for e in ex.entities],
        "events": [
            {
                "type": ev.type,
                "status": ev.status,
                "participants": [{"name": p.name, "role": p.role} for p in ev.participants],
                "amount": {"value": ev.amount.value, "currency": ev.amount.currency} if ev.amount else None,
                "evidence": ev.evidence,
                "confidence": ev.confidence,
            }
            for ev in ex.events
        ],
        "market_moves": [
            {"entity": m.entity, "direction": m.direction, "pct": m.pct, "evidence": m.evidence}
            for m in ex.market_moves
        ],
    }


def parse_input_line(line: str, line_no: int) -> ExtractInput | dict[str, Any]:
    """An ExtractInput, or an error dict {"id", "error"} for a bad line."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"line {line_no}: not JSON: {exc.msg}"}
    if not isinstance(row, dict):
        return {"id": None, "error": f"line {line_no}: not a JSON object"}
    doc_id = row.get("id")
    doc_id = str(doc_id) if doc_id is not None else None
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return {"id": doc_id, "error": f"line {line_no}: no text"}
    title = row.get("title")
    return ExtractInput(doc_id=doc_id if doc_id is not None else f"line-{line_no}", text=text,
                        title=title if isinstance(title, str) else None,
                        published=row.get("published") if isinstance(row.get("published"), str) else None,
                        url=row.get("url") if isinstance(row.get("url"), str) else None,
                        lang=row.get("lang") if isinstance(row.get("lang"), str) and row.get("lang") else None)


def _numbered(in_lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(in_lines, 1):
        if line.strip():
            yield n, line


def run_extract_jsonl(in_lines: Iterable[str], out: TextIO, extractor: Any, n_process: int = 1) -> int:
    """Extract every non-blank input line; write one output line each, in order. Returns lines written."""
    parsed = [(n, parse_input_line(line, n)) for n, line in _numbered(in_lines)]
    good = [p for _n, p in parsed if isinstance(p, ExtractInput)]
    results = iter(extractor.extract_many(good, n_process=n_process))
    written = 0
    for n, item in parsed:
        row = extraction_to_dict(next(results)) if isinstance(item, ExtractInput) else item
        if not isinstance(item, ExtractInput):
            logger.warning("skipping input line %d: %s", n, row["error"])
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        written += 1
    return written
