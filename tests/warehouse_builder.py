"""Hand-built warehouses with known answers, written through newsmon's real writer."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone

from pipeline.config import WarehouseSettings
from pipeline.records import Amount, Article, DealEvent, EntityHit, Extraction, Participant
from pipeline.store import init_warehouse, warehouse_session
from pipeline.store.refresh import refresh_after_write
from pipeline.store.writer import IngestBatch, write_batch

LABELS = {"Honda": "ORG", "Nissan": "ORG", "Foxconn": "ORG", "Toyota": "ORG", "Tesla": "ORG",
          "Makoto Uchida": "PERSON", "Tokyo": "GPE"}
BASE = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)


def day(n: int, hour: int = 12) -> datetime:
    """UTC noon (or `hour`) of the n-th day after 2025-01-01."""
    return BASE.replace(hour=hour) + timedelta(days=n)


def article(aid: str, published: datetime, *, source: str = "wire", cluster: str | None = None,
            dated: bool = True, text: str = "", title: str = "") -> Article:
    """An article; `cluster` makes it a near-duplicate copy of that story."""
    return Article(article_id=aid, url=f"https://{source}.example/{aid}", canonical_url=f"https://{source}.example/{aid}",
                   title=title or f"story {aid}", source=source, feed_name=source, author=None,
                   published_at=published, published_source="feed" if dated else "fetch",
                   fetched_at=published + timedelta(hours=1), lang="en", text=text or f"text of {aid}",
                   text_source="page", text_note=None, content_hash=f"h-{aid}",
                   cluster_id=cluster or aid, is_duplicate=cluster is not None and cluster != aid)


def deal(kind: str, status: str, *parties: tuple[str, str], amount: float | None = None,
         evidence: str = "", price: bool = True, confidence: float = 0.9) -> DealEvent:
    """A deal event as the extractor reports it; `price=False`: an amount it did not read as
    the deal's price or size (what rows extracted before migration 0012 carry)."""
    return DealEvent(kind, status, tuple(Participant(n, r) for n, r in parties),
                     Amount(amount, "USD", is_price=price) if amount else None,
                     evidence or f"{kind} {status}", confidence)


def extraction(aid: str, names: dict[str, int], events: Sequence[DealEvent] = ()) -> Extraction:
    hits = tuple(EntityHit(n, LABELS.get(n, "ORG"), c) for n, c in names.items())
    return Extraction(aid, entities=hits, events=tuple(events), extractor_version="test-1")


def write_stories(settings: WarehouseSettings, items: Iterable[tuple[Article, Extraction]],
                  refresh: bool = True, search: bool = False) -> None:
    """Write one batch through write_batch, then refresh the derived data as ingest does."""
    items = list(items)
    batch = IngestBatch(run_id="test", articles=[a for a, _ in items],
                        signatures={a.article_id: b"\x00" for a, _ in items},
                        extractions=[(a.article_id, ex) for a, ex in items])
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, batch, datetime(2025, 6, 1))
        if refresh:
            refresh_after_write(con, [a.article_id for a, _ in items], rebuild_search=search)


def query(settings: WarehouseSettings, sql: str, params: list | None = None) -> list[tuple]:
    with warehouse_session(settings, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()
