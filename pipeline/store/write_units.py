"""Merge consecutive prepared batches of a run into one write unit: one INSERT per table for several batches.

DuckDB pays per INSERT: 15 inserts of 200,000 mentions took 2.1-2.5 s where one
insert of the same 3M rows took 1.1-1.2 s. So a run writes its batches in units
of about UNIT_ARTICLES articles, their Arrow tables concatenated (no copy).

Writing a unit stores what writing its batches one by one would store, because
a unit only takes a batch that shares no article id and no canonical URL with
the batches already in it; otherwise the unit is written first and the batch
starts the next one. So no article in a unit repeats another, and the
stored-article check of the unit sees every earlier copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pyarrow as pa

from pipeline.store.writer import IngestBatch, PreparedBatch

UNIT_ARTICLES = 60_000   # articles per unit: 300k articles already in Arrow loaded in 5.0-5.9 s, in 20k units 6.6-7.5 s


@dataclass
class WriteUnit:
    """Consecutive prepared batches of one run, written with one INSERT per table."""

    parts: list[PreparedBatch] = field(default_factory=list)
    article_ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    articles: int = 0

    def __bool__(self) -> bool:
        return bool(self.parts)

    def takes(self, part: PreparedBatch, keys: PartKeys) -> bool:
        """Whether `part` (with its `part_keys`) can join without changing what writing
        batch by batch would store."""
        if not self.parts:
            return True
        first = self.parts[0].batch
        if part.batch.run_id != first.run_id or part.batch.feed_urls != first.feed_urls:
            return False
        return self.article_ids.isdisjoint(keys.article_ids) and self.urls.isdisjoint(keys.urls)

    def add(self, part: PreparedBatch, keys: PartKeys) -> None:
        self.parts.append(part)
        self.article_ids.update(keys.article_ids)
        self.urls.update(keys.urls)
        self.articles += part.articles.num_rows if part.articles is not None else 0

    def merged(self) -> PreparedBatch:
        """The unit's batches as one prepared batch, in order."""
        if len(self.parts) == 1:
            return self.parts[0]
        parts = self.parts
        return PreparedBatch(
            batch=_merged_batch([p.batch for p in parts]),
            articles=_concat([p.articles for p in parts]),
            signatures=_concat([p.signatures for p in parts]),
            extraction_ids=[aid for p in parts for aid in p.extraction_ids],
            extraction_rows=_merged_extraction_rows([p.extraction_rows for p in parts]),
            written_ids=[aid for p in parts for aid in p.written_ids],
        )


class PartKeys(NamedTuple):
    """What a batch could repeat of a unit: its article ids (articles and extractions) and URLs."""

    article_ids: set[str]
    urls: list[str]


def part_keys(part: PreparedBatch) -> PartKeys:
    ids = set(part.extraction_ids)
    urls: list[str] = []
    if part.articles is not None:
        ids.update(part.articles["article_id"].to_pylist())
        urls = part.articles["canonical_url"].to_pylist()
    return PartKeys(ids, urls)


def _concat(tables: list[pa.Table | None]) -> pa.Table | None:
    present = [t for t in tables if t is not None]
    return pa.concat_tables(present) if present else None


def _merged_extraction_rows(parts: list[dict[str, pa.Table] | None]) -> dict[str, pa.Table] | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    merged = {name: pa.concat_tables([p[name] for p in present]) for name in present[0]}
    merged["entities"] = _first_per_entity(merged["entities"])
    return merged


def _first_per_entity(entities: pa.Table) -> pa.Table:
    """Each entity once (its first row): the batches of a unit share most of their entities."""
    seen: set[str] = set()
    keep = [i for i, eid in enumerate(entities["entity_id"].to_pylist()) if not (eid in seen or seen.add(eid))]
    return entities if len(keep) == entities.num_rows else entities.take(pa.array(keep, pa.int64()))


def _merged_batch(batches: list[IngestBatch]) -> IngestBatch:
    """One IngestBatch with the records of `batches` in order (polls and failures too)."""
    signatures: dict[str, bytes] = {}
    for b in batches:
        signatures.update(b.signatures)
    return IngestBatch(
        run_id=batches[0].run_id,
        articles=[a for b in batches for a in b.articles],
        signatures=signatures,
        extractions=[e for b in batches for e in b.extractions],
        polls=[p for b in batches for p in b.polls],
        failures=[f for b in batches for f in b.failures],
        feed_urls=dict(batches[0].feed_urls),
    )
