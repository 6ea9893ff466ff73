"""Turn records into column-oriented Arrow tables for fast batched inserts."""
from __future__ import annotations

import functools
import hashlib
from datetime import timezone
from collections.abc import Iterable, Sequence

import pyarrow as pa

from pipeline.records import Article, DealEvent, Extraction


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=65536)
def entity_id_for(name: str, label: str) -> str:
    """Stable id of a canonical entity; cached because a few thousand names recur millions of times."""
    return short_hash(label, name)


def deal_key_for(event: DealEvent) -> str:
    names = sorted({p.name for p in event.participants})
    return event.type + "|" + "|".join(names)


def event_id_for(article_id: str, deal_key: str) -> str:
    return short_hash(article_id, deal_key)


ARTICLE_COLUMNS = (
    "article_id", "url", "canonical_url", "title", "source", "feed_name", "author",
    "published_at", "published_source", "fetched_at", "lang", "text", "text_source",
    "text_note", "content_hash", "cluster_id", "is_duplicate",
)


def _naive_utc(value):
    """UTC wall time without a zone (what the warehouse stores); aware times are converted."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def articles_table(articles: Sequence[Article], run_id: str) -> pa.Table:
    columns = {name: [] for name in ARTICLE_COLUMNS}
    for article in articles:
        for name in ARTICLE_COLUMNS:
            value = getattr(article, name)
            if name in ("published_at", "fetched_at"):
                value = _naive_utc(value)
            columns[name].append(value)
    columns["run_id"] = [run_id] * len(articles)
    types = {"published_at": pa.timestamp("us"), "fetched_at": pa.timestamp("us"),
             "is_duplicate": pa.bool_()}
    return pa.table({k: pa.array(v, type=types.get(k, pa.string())) for k, v in columns.items()})


def extraction_tables(extractions: Iterable[tuple[str, Extraction]]) -> dict[str, pa.Table]:
    """Rows for entities, mentions, events, event_participants, market_moves."""
    entities: dict[str, tuple[str, str, str | None]] = {}
    mentions, events, participants, moves = [], [], [], []
    for article_id, ex in extractions:
        version = ex.extractor_version
        labels_by_name = {}
        for hit in ex.entities:
            eid = entity_id_for(hit.name, hit.label)
            entities.setdefault(eid, (hit.name, hit.label, hit.kb_id))
            labels_by_name.setdefault(hit.name, hit.label)
            mentions.append((article_id, eid, hit.count, version))
        seen_events = set()
        for event in ex.events:
            key = deal_key_for(event)
            event_id = event_id_for(article_id, key)
            if event_id in seen_events:
                continue
            seen_events.add(event_id)
            amount = event.amount
            events.append((event_id, article_id, key, event.type, event.status,
                           amount.value if amount else None, amount.currency if amount else None,
                           event.evidence, event.confidence, version))
            for part in event.participants:
                label = labels_by_name.get(part.name, "ORG")
                eid = entity_id_for(part.name, label)
                entities.setdefault(eid, (part.name, label, None))
                participants.append((event_id, eid, part.role))
        for move in ex.market_moves:
            label = labels_by_name.get(move.entity, "ORG")
            eid = entity_id_for(move.entity, label)
            entities.setdefault(eid, (move.entity, label, None))
            moves.append((article_id, eid, move.direction, move.pct, move.evidence, version))
    return {
        "entities": _table(("entity_id", "name", "label", "kb_id"),
                           [(k, *v) for k, v in entities.items()]),
        "mentions": _table(("article_id", "entity_id", "count", "extractor_version"), mentions,
                           {"count": pa.int32()}),
        "events": _table(("event_id", "article_id", "deal_key", "type", "status", "amount_value",
                          "amount_currency", "evidence", "confidence", "extractor_version"), events,
                         {"amount_value": pa.float64(), "confidence": pa.float64()}),
        "event_participants": _table(("event_id", "entity_id", "role"),
                                     _unique(participants, key=lambda r: (r[0], r[1]))),
        "market_moves": _table(("article_id", "entity_id", "direction", "pct", "evidence",
                                "extractor_version"), moves, {"pct": pa.float64()}),
    }


def _unique(rows: list[tuple], key) -> list[tuple]:
    seen, out = set(), []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def _table(names: Sequence[str], rows: list[tuple], types: dict | None = None) -> pa.Table:
    types = types or {}
    cols = list(zip(*rows)) if rows else [[] for _ in names]
    return pa.table({n: pa.array(list(c), type=types.get(n, pa.string())) for n, c in zip(names, cols)})
