"""The `newsmon extract` contract: JSON Lines in, JSON Lines out, same order, one line per line."""
from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pipeline.records import Extraction, ExtractInput

logger = logging.getLogger(__name__)

BATCH_LINES = 128          # most lines handed to the extractor at once (per worker process)
PARALLEL_MIN_DOCS = 64     # fewer documents than this are not worth starting worker processes


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


def decode_line(raw: str | bytes, line_no: int) -> str | dict[str, Any]:
    """The line as text, or an error row when it is not UTF-8 (a BOM on line 1 is dropped)."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff") if line_no == 1 else raw
    try:
        return raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return {"id": _salvage_id(raw), "error": f"line {line_no}: not UTF-8 ({exc.reason} at byte {exc.start})"}


def _salvage_id(raw: bytes) -> str | None:
    """The line's id if the rest of it still reads as JSON, so the error row can be matched up."""
    try:
        row = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return None
    doc_id = row.get("id") if isinstance(row, dict) else None
    return str(doc_id) if doc_id is not None and "\ufffd" not in str(doc_id) else None


def read_line_batches(in_lines: Iterable[str | bytes], max_batch: int) -> Iterator[list[tuple[int, str | bytes]]]:
    """Non-blank numbered lines in batches: as many as have arrived (up to `max_batch`),
    so a slow pipe gets each answer as soon as its line is in, and a file gets full batches.
    A thread reads ahead into a bounded queue; read errors are raised here."""
    lines: queue.Queue = queue.Queue(maxsize=max_batch * 4)

    def read_all() -> None:
        try:
            for n, line in enumerate(in_lines, 1):
                if line.strip():
                    lines.put((n, line))
        except BaseException as exc:  # handed to the consumer, which raises it
            lines.put(exc)
        lines.put(_END)

    threading.Thread(target=read_all, name="extract-reader", daemon=True).start()
    while True:
        batch, item = [], lines.get()
        while item is not _END and not isinstance(item, BaseException):
            batch.append(item)
            if len(batch) >= max_batch or lines.empty():
                break
            item = lines.get()
        if batch:
            yield batch
        if isinstance(item, BaseException):
            raise item
        if item is _END:
            return


_END = object()


def extract_rows(batch: list[tuple[int, str | bytes]], extractor: Any, n_process: int) -> Iterator[dict[str, Any]]:
    """One output row per line of `batch`, in order."""
    parsed = []
    for n, raw in batch:
        line = decode_line(raw, n)
        parsed.append((n, parse_input_line(line, n) if isinstance(line, str) else line))
    good = [p for _n, p in parsed if isinstance(p, ExtractInput)]
    workers = n_process if len(good) >= PARALLEL_MIN_DOCS else 1
    results = iter(extractor.extract_many(good, n_process=workers))
    for n, item in parsed:
        if isinstance(item, ExtractInput):
            yield extraction_to_dict(next(results))
        else:
            logger.warning("skipping input line %d: %s", n, item["error"])
            yield item


def run_extract_jsonl(in_lines: Iterable[str | bytes], out: TextIO, extractor: Any, n_process: int = 1) -> int:
    """Extract every non-blank input line (str, or bytes decoded here line by line); write
    one output line each, in order, flushing as each batch is done. Returns lines written."""
    written = 0
    for batch in read_line_batches(in_lines, BATCH_LINES * max(1, n_process)):
        for row in extract_rows(batch, extractor, n_process):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
        out.flush()
    return written
