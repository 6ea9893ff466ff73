"""Turn records into column-oriented Arrow tables for fast batched inserts.

Columns are built straight from the dataclasses, one list comprehension per
column and one `pa.array` per list: no per-row dicts or tuples. The rows come out
unique on what the warehouse treats as their key, because the big tables carry
no PRIMARY KEY (migrations 0006, 0008): an article is kept once per id and once
per canonical URL (the first); an article listed twice keeps its last extraction;
an event is kept once per article; a participant once per event; repeated hits
of one entity in one extraction are summed into one mention."""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone
from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import Article, DealEvent, Extraction

STRING = pa.string()
TIMESTAMP = pa.timestamp("us")


ENTITY_KEY_SEPARATOR = "\x1f"


def short_hash(*parts: str) -> str:
    return hashlib.sha256(ENTITY_KEY_SEPARATOR.join(parts).encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=65536)
def entity_id_for(name: str, label: str) -> str:
    """Stable id of a canonical entity; cached because a few thousand names recur millions of times."""
    return short_hash(label, name)


def entity_id_for_key(key: str) -> str:
    """entity_id_for from the joined key label + ENTITY_KEY_SEPARATOR + name."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


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
EVENT_COLUMNS = ("event_id", "article_id", "deal_key", "type", "status", "amount_value", "amount_currency",
                 "evidence", "confidence", "extractor_version", "amount_is_price")
EVENT_TYPES = {"amount_value": pa.float64(), "confidence": pa.float64(), "amount_is_price": pa.bool_()}


def _naive_utc(value: datetime | None) -> datetime | None:
    """UTC wall time without a zone (what the warehouse stores); aware times are converted."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _timestamps(values: list[datetime | None]) -> pa.Array:
    return pa.array([v if v is None or v.tzinfo is None else _naive_utc(v) for v in values], TIMESTAMP)


def articles_table(articles: Sequence[Article], run_id: str) -> pa.Table:
    """Article rows, the first of each article_id and of each canonical_url only."""
    articles = unique_articles(articles)
    columns = {}
    for name in ARTICLE_COLUMNS:
        values = [getattr(a, name) for a in articles]
        kind = ARTICLE_TYPES.get(name, STRING)
        columns[name] = _timestamps(values) if kind == TIMESTAMP else pa.array(values, kind)
    columns["run_id"] = pa.array([run_id] * len(articles), STRING)
    return pa.table(columns)


def unique_articles(articles: Sequence[Article]) -> list[Article]:
    """The first article of each id and of each canonical URL, in order."""
    if len({a.article_id for a in articles}) == len({a.canonical_url for a in articles}) == len(articles):
        return list(articles)   # the usual case: nothing repeats
    ids: set[str] = set()
    urls: set[str] = set()
    kept = []
    for a in articles:
        if a.article_id not in ids and a.canonical_url not in urls:
            ids.add(a.article_id)
            urls.add(a.canonical_url)
            kept.append(a)
    return kept


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
    """One row per (article, entity) hit, built column-wise: each distinct (label, name)
    is hashed once (dictionary-encoded), and an entity hit twice in one extraction is
    stored once with the counts summed."""
    hits = [h for ex in latest.values() for h in ex.entities]
    if not hits:
        return {"article_id": pa.array([], STRING), "entity_id": pa.array([], STRING),
                "count": pa.array([], pa.int32()), "extractor_version": pa.array([], STRING)}
    keys = pc.binary_join_element_wise(pa.array([h.label for h in hits], STRING),
                                       pa.array([h.name for h in hits], STRING), ENTITY_KEY_SEPARATOR)
    encoded = keys.dictionary_encode()
    codes = encoded.indices.to_numpy()
    unique_ids = [entity_id_for_key(key) for key in encoded.dictionary.to_pylist()]
    for code, first in enumerate(_first_of_each(codes, len(unique_ids)).tolist()):
        if unique_ids[code] not in entities:
            hit = hits[first]
            entities[unique_ids[code]] = (hit.name, hit.label, hit.kb_id)
    per_article = np.repeat(np.arange(len(latest)), [len(ex.entities) for ex in latest.values()])
    columns = {
        "article_id": pa.array(list(latest), STRING).take(per_article),
        "entity_id": pa.array(unique_ids, STRING).take(encoded.indices),
        "count": pa.array([h.count for h in hits], pa.int32()),
        "extractor_version": pa.array([ex.extractor_version for ex in latest.values()], STRING).take(per_article),
    }
    pairs = np.sort(per_article.astype(np.int64) * len(unique_ids) + codes)
    if (pairs[1:] == pairs[:-1]).any():   # rare: merge repeated hits of an entity within an article
        merged = (pa.table(columns).group_by(["article_id", "entity_id"], use_threads=False)
                  .aggregate([("count", "sum"), ("extractor_version", "min")]))
        columns = {"article_id": merged["article_id"], "entity_id": merged["entity_id"],
                   "count": merged["count_sum"].cast(pa.int32()),
                   "extractor_version": merged["extractor_version_min"]}
    return columns


def _event_columns(latest: dict[str, Extraction], entities: dict) -> tuple[dict, dict]:
    """Event rows, once per article and deal key (the first), and their participants, once
    per event and entity (the first role); a participant's label is its first hit's in
    the article, ORG without one. Per-event Python is kept to the deal key; each field
    is one list comprehension (no tuple per event), and participant ids are hashed
    once per distinct entity (dictionary-encoded, as for mentions)."""
    article_ids: list[str] = []
    versions: list[str] = []
    keys: list[str] = []
    events: list[DealEvent] = []
    part_labels: list[str] = []
    for article_id, ex in latest.items():
        if not ex.events:
            continue
        labels = {h.name: h.label for h in reversed(ex.entities)}   # first hit's label wins
        seen: set[str] = set()
        for event in ex.events:
            key = deal_key_for(event)
            if key in seen:
                continue
            seen.add(key)
            article_ids.append(article_id)
            versions.append(ex.extractor_version)
            keys.append(key)
            events.append(event)
            part_labels.extend(labels.get(p.name, "ORG") for p in event.participants)
    if not events:
        return ({n: pa.array([], EVENT_TYPES.get(n, STRING)) for n in EVENT_COLUMNS},
                {n: pa.array([], STRING) for n in ("event_id", "entity_id", "role")})
    parts = [e.participants for e in events]
    amounts = [e.amount for e in events]
    event_ids = pa.array([event_id_for(a, k) for a, k in zip(article_ids, keys)], STRING)
    event_cols = {
        "event_id": event_ids, "article_id": pa.array(article_ids, STRING), "deal_key": pa.array(keys, STRING),
        "type": pa.array([e.type for e in events], STRING), "status": pa.array([e.status for e in events], STRING),
        "amount_value": pa.array([a.value if a is not None else None for a in amounts], pa.float64()),
        "amount_currency": pa.array([a.currency if a is not None else None for a in amounts], STRING),
        "evidence": pa.array([e.evidence for e in events], STRING),
        "confidence": pa.array([e.confidence for e in events], pa.float64()),
        "extractor_version": pa.array(versions, STRING),
        "amount_is_price": pa.array([a.is_price if a is not None else None for a in amounts], pa.bool_()),
    }
    return event_cols, _participant_columns(event_ids, parts, part_labels, entities)


def _participant_columns(event_ids: pa.Array, parts: Sequence[tuple], labels: list[str],
                         entities: dict) -> dict[str, pa.Array]:
    per_event = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
    if not len(per_event):
        return {n: pa.array([], STRING) for n in ("event_id", "entity_id", "role")}
    flat = [p for ps in parts for p in ps]
    names, roles = [p.name for p in flat], [p.role for p in flat]
    keys = pc.binary_join_element_wise(pa.array(labels, STRING), pa.array(names, STRING), ENTITY_KEY_SEPARATOR)
    encoded = keys.dictionary_encode()
    codes = encoded.indices.to_numpy()
    unique_ids = [entity_id_for_key(key) for key in encoded.dictionary.to_pylist()]
    for code, first in enumerate(_first_of_each(codes, len(unique_ids)).tolist()):
        if unique_ids[code] not in entities:
            entities[unique_ids[code]] = (names[first], labels[first], None)
    pairs = per_event.astype(np.int64) * len(unique_ids) + codes
    keep = np.sort(np.unique(pairs, return_index=True)[1])   # the first row of each (event, entity)
    return {"event_id": event_ids.take(per_event[keep]),
            "entity_id": pa.array(unique_ids, STRING).take(encoded.indices.take(keep)),
            "role": pa.array(roles, STRING).take(keep)}


def _first_of_each(codes: np.ndarray, count: int) -> np.ndarray:
    """For each code 0..count-1, the position of its first occurrence in `codes`."""
    first = np.empty(count, np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)   # the last write wins: each code's first hit
    return first


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
