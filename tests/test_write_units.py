"""Write units: consecutive batches merged into one transaction store exactly what
writing them one by one stores (pipeline.store.write_units)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import duckdb
import pytest

from pipeline.config import WarehouseSettings
from pipeline.store import init_warehouse, warehouse_session
from pipeline.store.run_writer import write_run
from pipeline.store.write_units import WriteUnit, part_keys
from pipeline.store.writer import IngestBatch, prepare_batch, write_batch
from tests.warehouse_builder import article, day, deal, extraction

AT = datetime(2025, 6, 1)
TABLES = {
    "articles": "SELECT article_id, canonical_url, published_at FROM articles",
    "mentions": "SELECT article_id, entity_id, count FROM mentions",
    "entities": "SELECT entity_id, name, label FROM entities",
    "events": "SELECT event_id, article_id, deal_key, status FROM events",
    "event_participants": "SELECT event_id, entity_id, role FROM event_participants",
    "agg_pending": "SELECT DISTINCT article_id FROM agg_pending",
}


def _batch(*items, run_id: str = "r") -> IngestBatch:
    return IngestBatch(run_id=run_id, articles=[a for a, _ in items if a is not None],
                       extractions=[(ex.doc_id, ex) for _, ex in items])


def _item(aid: str, n: int, names=("Honda", "Nissan"), status: str = "talks", url_of: str | None = None):
    a = article(aid, day(n))
    if url_of:   # the same story under another id: same canonical URL
        a = replace(a, canonical_url=article(url_of, day(n)).canonical_url)
    events = [deal("merger", status, ("Honda", "acquirer"), ("Nissan", "target"))] if status else []
    return a, extraction(aid, {name: 1 for name in names}, events)


def _batches() -> list[IngestBatch]:
    """Shared entities everywhere, a repeated article, a URL twin under another id, a
    re-extraction of an article stored two batches earlier, and a batch with no articles."""
    return [
        _batch(_item("a1", 1), _item("a2", 2, names=("Honda", "Foxconn"))),
        _batch(_item("a3", 3, status="collapsed")),
        _batch(_item("a2", 4, names=("Tesla",))),                    # a2 again: the first copy stays
        _batch(_item("a5", 5), _item("twin", 5, url_of="a1")),        # twin shares a1's URL
        _batch((None, extraction("a3", {"Toyota": 2}, [deal("merger", "denied", ("Honda", "acquirer"),
                                                            ("Nissan", "target"))]))),   # a3 re-extracted
        _batch(_item("a6", 6, names=("Makoto Uchida", "Nissan"))),
    ]


def _contents(path: str) -> dict[str, list[tuple]]:
    con = duckdb.connect(path, read_only=True)
    try:
        return {name: con.execute(sql + " ORDER BY ALL").fetchall() for name, sql in TABLES.items()}
    finally:
        con.close()


def _fresh(path) -> WarehouseSettings:
    settings = WarehouseSettings(path=str(path))
    with warehouse_session(settings) as con:
        init_warehouse(con)
    return settings


@pytest.mark.parametrize("unit_articles", [1, 2, 3, 1000])
def test_units_store_what_writing_batch_by_batch_stores(tmp_path, unit_articles):
    one_by_one = _fresh(tmp_path / "one.duckdb")
    with warehouse_session(one_by_one) as con:
        new = sum(write_batch(con, b, AT, refresh=False) for b in _batches())
    merged = _fresh(tmp_path / "merged.duckdb")
    result = write_run(merged, _batches(), AT, recount_last=False, unit_articles=unit_articles)
    assert result.articles_new == new == 5          # a2's second copy and the URL twin are not new
    assert result.batches == 6
    assert _contents(merged.path) == _contents(one_by_one.path)
    got = _contents(merged.path)
    assert ("twin",) not in [(r[0],) for r in got["articles"]]
    assert [r[3] for r in got["events"] if r[1] == "a3"] == ["denied"]   # the re-extraction replaced it


@pytest.mark.parametrize("unit_articles", [2, 1000])
def test_batches_handed_over_in_arrow_store_what_their_records_store(tmp_path, unit_articles):
    from_records = _fresh(tmp_path / "records.duckdb")
    write_run(from_records, _batches(), AT, recount_last=False, unit_articles=unit_articles)
    from_arrow = _fresh(tmp_path / "arrow.duckdb")
    mixed = [prepare_batch(b) if i % 2 else b for i, b in enumerate(_batches())]   # some of each
    result = write_run(from_arrow, mixed, AT, recount_last=False, unit_articles=unit_articles)
    assert result.articles_new == 5 and result.batches == 6
    assert _contents(from_arrow.path) == _contents(from_records.path)


def test_a_unit_is_cut_only_where_a_batch_repeats_an_article_of_it(tmp_path):
    result = write_run(_fresh(tmp_path / "w.duckdb"), _batches(), AT, recount_last=False, unit_articles=1000)
    # [b1 b2] then b3 repeats a2, so [b3 b4 b5 b6]: the twin's URL and a3 are in the unit before
    assert (result.units, result.batches) == (2, 6)


def _takes(unit: WriteUnit, batch: IngestBatch) -> bool:
    part = prepare_batch(batch)
    return unit.takes(part, part_keys(part))


def test_takes_refuses_a_repeated_id_url_or_extraction_and_another_run():
    unit = WriteUnit()
    first = prepare_batch(_batch(_item("a1", 1), _item("a2", 2)))
    unit.add(first, part_keys(first))
    assert _takes(unit, _batch(_item("a3", 3)))
    assert not _takes(unit, _batch(_item("a2", 4)))                                  # same id
    assert not _takes(unit, _batch(_item("x", 4, url_of="a1")))                      # same URL
    assert not _takes(unit, _batch((None, extraction("a1", {"Tesla": 1}))))          # re-extraction
    assert not _takes(unit, _batch(_item("a3", 3), run_id="other"))                  # another run
    assert unit.articles == 2 and len(unit.merged().articles) == 2
