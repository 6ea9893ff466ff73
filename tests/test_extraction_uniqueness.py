"""mentions and event_participants have no PRIMARY KEY since migration 0006: the
writer alone keeps one row per (article, entity) and per (event, entity). These
tests try every way a duplicate could slip in and count the rows afterwards."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from pipeline.config import WarehouseSettings
from pipeline.records import EntityHit, Extraction
from pipeline.store import init_warehouse, warehouse_session
from pipeline.store.writer import IngestBatch, replace_extractions, write_batch
from tests.warehouse_builder import article, day, deal, extraction

AT = datetime(2025, 6, 1)
DUPLICATE_MENTIONS = ("SELECT count(*) FROM (SELECT article_id, entity_id FROM mentions "
                      "GROUP BY ALL HAVING count(*) > 1)")
DUPLICATE_PARTICIPANTS = ("SELECT count(*) FROM (SELECT event_id, entity_id FROM event_participants "
                          "GROUP BY ALL HAVING count(*) > 1)")


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "unique.duckdb"))


def _merger() -> list:
    return [deal("merger", "talks", ("Honda", "partner"), ("Nissan", "partner"), ("Honda", "partner"))]


def _batch(*items) -> IngestBatch:
    return IngestBatch(run_id="r", articles=[a for a, _ in items],
                       extractions=[(a.article_id, ex) for a, ex in items])


def _duplicates(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return con.execute(DUPLICATE_MENTIONS).fetchone()[0], con.execute(DUPLICATE_PARTICIPANTS).fetchone()[0]


def test_extraction_tables_have_no_primary_keys_to_lean_on(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
        keys = con.execute("SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
                           "AND table_name IN ('mentions', 'event_participants')").fetchall()
    assert keys == []


def test_rewriting_a_batch_and_re_extracting_leaves_one_row_per_key(settings):
    first = (article("a1", day(1)), extraction("a1", {"Honda": 2, "Nissan": 1}, _merger()))
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, _batch(first), AT)
        write_batch(con, _batch(first), AT)             # a re-run after a crash
        replace_extractions(con, [("a1", first[1])])    # reprocess with the same result
        again = extraction("a1", {"Honda": 5, "Tesla": 1}, _merger())
        write_batch(con, IngestBatch(run_id="r2", extractions=[("a1", again)]), AT)   # a new extractor version
        assert _duplicates(con) == (0, 0)
        mentions = con.execute("SELECT entity_id, count FROM mentions JOIN entities USING (entity_id) "
                               "ORDER BY name").fetchall()
        parts = con.execute("SELECT count(*) FROM event_participants").fetchone()[0]
    assert [c for _, c in mentions] == [5, 1]   # Honda, Tesla: Nissan's old row is gone
    assert parts == 2


def test_an_entity_hit_twice_in_one_extraction_is_stored_once_with_the_counts_summed(settings):
    hits = (EntityHit("Honda", "ORG", 2), EntityHit("Nissan", "ORG", 1), EntityHit("Honda", "ORG", 3))
    ex = Extraction("a1", entities=hits, events=tuple(_merger()), extractor_version="v1")
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, _batch((article("a1", day(1)), ex)), AT)
        assert _duplicates(con) == (0, 0)
        honda = con.execute("SELECT m.count FROM mentions m JOIN entities e USING (entity_id) "
                            "WHERE e.name = 'Honda'").fetchall()
    assert honda == [(5,)]


def test_an_article_listed_twice_in_one_batch_keeps_its_last_extraction(settings):
    a1 = article("a1", day(1))
    old, new = extraction("a1", {"Honda": 1}, _merger()), extraction("a1", {"Nissan": 4}, _merger())
    batch = IngestBatch(run_id="r", articles=[a1, a1], extractions=[("a1", old), ("a1", new)])
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, batch, AT)
        assert _duplicates(con) == (0, 0)
        rows = con.execute("SELECT e.name, m.count FROM mentions m JOIN entities e USING (entity_id)").fetchall()
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert rows == [("Nissan", 4)] and events == 1
