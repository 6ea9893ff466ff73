"""Turn records into column-oriented Arrow tables for fast batched inserts.

Columns are built straight from the dataclasses, one list comprehension per
column and one `pa.array` per list: no per-row dicts or tuples. The rows come out
unique on what the warehouse treats as their key, because mentions and
event_participants carry no PRIMARY KEY (migration 0006): an article listed twice
keeps its last extraction; an event is kept once per article; a participant once
per event. Repeated hits of one entity in one extraction are summed by the
writer's mentions insert."""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone
from collections.abc import Iterable, Sequence

import pyarrow as pa

from pipeline.records import Article, DealEvent, Extraction

STRING = pa.string()
TIMESTAMP = pa.timestamp("us")


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
ARTICLE_TYPES = {"published_at": TIMESTAMP, "fetched_at": TIMESTAMP, "is_duplicate": pa.bool_()}


def _naive_utc(value: datetime | None) -> datetime | None:
    """UTC wall time without a zone (what the warehouse stores); aware times are converted."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _timestamps(values: list[datetime | None]) -> pa.Array:
    return pa.array([v if v is None or v.tzinfo is None else _naive_utc(v) for v in values], TIMESTAMP)


def articles_table(articles: Sequence[Article], run_id: str) -> pa.Table:
    columns = {}
    for name in ARTICLE_COLUMNS:
        values = [getattr(a, name) for a in articles]
        kind = ARTICLE_TYPES.get(name, STRING)
        columns[name] = _timestamps(values) if kind == TIMESTAMP else pa.array(values, kind)
    columns["run_id"] = pa.array([run_id] * len(articles), STRING)
    return pa.table(columns)


def extraction_tables(extractions: Iterable[tuple[str, Extraction]]) -> dict[str, pa.Table]:
    """Rows for entities, mentions, events, event_participants, market_moves."""
    latest = dict(extractions)   # an article listed twice keeps its last result
    entities: dict[str, tuple[str, str, str | None]] = {}
    mentions = _mention_columns(latest, entities)
    events, participants = _event_columns(latest, entities)
    return {
        "entities": pa.table({"entity_id": pa.array(list(entities), STRING),
                              **_columns(("name", "label", "kb_id"), list(entities.values()))}),
        "mentions": pa.table(mentions),
        "events": pa.table(events),
        "event_participants": pa.table(participants),
        "market_moves": _moves_table(latest, entities),
    }


def _mention_columns(latest: dict[str, Extraction], entities: dict) -> dict[str, pa.Array]:
    hits = [h for ex in latest.values() for h in ex.entities]
    ids = [entity_id_for(h.name, h.label) for h in hits]
    for eid, hit in dict(zip(reversed(ids), reversed(hits))).items():   # the first hit of each entity
        if eid not in entities:
            entities[eid] = (hit.name, hit.label, hit.kb_id)
    return {
        "article_id": pa.array([a for a, ex in latest.items() for _ in ex.entities], STRING),
        "entity_id": pa.array(ids, STRING),
        "count": pa.array([h.count for h in hits], pa.int32()),
        "extractor_version": pa.array([ex.extractor_version for ex in latest.values() for _ in ex.entities],
                                      STRING),
    }


def _event_columns(latest: dict[str, Extraction], entities: dict) -> tuple[dict, dict]:
    events: dict[str, tuple] = {}
    participants: dict[tuple[str, str], str] = {}
    for article_id, ex in latest.items():
        if not ex.events:
            continue
        labels = {h.name: h.label for h in reversed(ex.entities)}   # first hit's label wins
        for event in ex.events:
            key = deal_key_for(event)
            event_id = event_id_for(article_id, key)
            if event_id in events:
                continue
            amount = event.amount
            events[event_id] = (article_id, key, event.type, event.status,
                                amount.value if amount else None, amount.currency if amount else None,
                                event.evidence, event.confidence, ex.extractor_version)
            for part in event.participants:
                eid = _entity_for(part.name, labels.get(part.name, "ORG"), entities)
                participants.setdefault((event_id, eid), part.role)
    names = ("article_id", "deal_key", "type", "status", "amount_value", "amount_currency",
             "evidence", "confidence", "extractor_version")
    event_cols = {"event_id": pa.array(list(events), STRING),
                  **_columns(names, list(events.values()),
                             {"amount_value": pa.float64(), "confidence": pa.float64()})}
    part_cols = {"event_id": pa.array([k[0] for k in participants], STRING),
                 "entity_id": pa.array([k[1] for k in participants], STRING),
                 "role": pa.array(list(participants.values()), STRING)}
    return event_cols, part_cols


def _moves_table(latest: dict[str, Extraction], entities: dict) -> pa.Table:
    rows = []
    for article_id, ex in latest.items():
        if not ex.market_moves:
            continue
        labels = {h.name: h.label for h in reversed(ex.entities)}
        for move in ex.market_moves:
            eid = _entity_for(move.entity, labels.get(move.entity, "ORG"), entities)
            rows.append((article_id, eid, move.direction, move.pct, move.evidence, ex.extractor_version))
    return pa.table(_columns(("article_id", "entity_id", "direction", "pct", "evidence", "extractor_version"),
                             rows, {"pct": pa.float64()}))


def _entity_for(name: str, label: str, entities: dict) -> str:
    eid = entity_id_for(name, label)
    if eid not in entities:
        entities[eid] = (name, label, None)
    return eid


def _columns(names: Sequence[str], rows: list[tuple], types: dict | None = None) -> dict[str, pa.Array]:
    types = types or {}
    cols = list(zip(*rows)) if rows else [() for _ in names]
    return {n: pa.array(list(c), type=types.get(n, STRING)) for n, c in zip(names, cols)}
