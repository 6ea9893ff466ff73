"""mentions and event_participants have no PRIMARY KEY since migration 0006, and
articles, article_signatures and events none since 0008: the writer alone keeps
one row per article, per (article, entity), per event and per (event, entity).
These tests try every way a duplicate could slip in and count the rows afterwards,
and check that 0008 carries an existing warehouse's rows over intact."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import duckdb
import pytest

from pipeline.config import WarehouseSettings
from pipeline.records import EntityHit, Extraction
from pipeline.store import init_warehouse, warehouse_session
from pipeline.store.migrations import apply_migrations, apply_views, list_migrations
from pipeline.store.writer import IngestBatch, replace_extractions, write_batch
from tests.warehouse_builder import article, day, deal, extraction

AT = datetime(2025, 6, 1)
DUPLICATE_MENTIONS = ("SELECT count(*) FROM (SELECT article_id, entity_id FROM mentions "
                      "GROUP BY ALL HAVING count(*) > 1)")
DUPLICATE_PARTICIPANTS = ("SELECT count(*) FROM (SELECT event_id, entity_id FROM event_participants "
                          "GROUP BY ALL HAVING count(*) > 1)")
UNKEYED = ("mentions", "event_participants", "articles", "article_signatures", "events")


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


def _key_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    """Rows stored more than once per article id, canonical URL, signature and event id."""
    return tuple(con.execute(f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)")
                 .fetchone()[0] for table, key in (("articles", "article_id"), ("articles", "canonical_url"),
                                                   ("article_signatures", "article_id"), ("events", "event_id")))


def test_big_tables_have_no_keys_or_indexes_to_lean_on(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
        names = ", ".join(f"'{t}'" for t in UNKEYED)
        keys = con.execute("SELECT table_name FROM duckdb_constraints() WHERE constraint_type IN "
                           f"('PRIMARY KEY', 'UNIQUE') AND table_name IN ({names})").fetchall()
        indexes = con.execute(f"SELECT index_name FROM duckdb_indexes() WHERE table_name IN ({names}) "
                              "OR table_name = 'market_moves'").fetchall()
        not_null = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'articles' "
                               "AND constraint_type = 'NOT NULL'").fetchone()[0]
    assert keys == [] and indexes == []
    assert not_null == 9   # the copy kept every NOT NULL of the original table


def test_the_same_articles_written_again_are_not_stored_twice(settings):
    a1, a2 = article("a1", day(1)), article("a2", day(2))
    moved = replace(article("a3", day(3)), canonical_url=a1.canonical_url)   # a1's URL under a new id
    signatures = {"a1": b"s1", "a2": b"s2"}
    with warehouse_session(settings) as con:
        init_warehouse(con)
        first = write_batch(con, IngestBatch(run_id="r1", articles=[a1, a2, a1], signatures=signatures), AT)
        again = write_batch(con, IngestBatch(run_id="r2", articles=[a2, a1, moved], signatures=signatures), AT)
        stored = con.execute("SELECT article_id, run_id FROM articles ORDER BY article_id").fetchall()
        counts = _key_counts(con)
        sigs = con.execute("SELECT count(*) FROM article_signatures").fetchone()[0]
    assert (first, again) == (2, 0)
    assert stored == [("a1", "r1"), ("a2", "r1")]   # the first copy stays; a3 repeats a1's canonical URL
    assert counts == (0, 0, 0, 0) and sigs == 2


def test_two_ids_with_one_canonical_url_in_one_batch_store_the_first(settings):
    a1 = article("a1", day(1))
    twin = replace(article("a0", day(2)), canonical_url=a1.canonical_url)   # e.g. a feed link and an AMP link
    with warehouse_session(settings) as con:
        init_warehouse(con)
        new = write_batch(con, IngestBatch(run_id="r1", articles=[a1, twin, article("a2", day(2))]), AT)
        stored = con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()
    assert new == 2 and stored == [("a1",), ("a2",)]


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


def _as_before_0012(con) -> None:
    """A warehouse from before 0008 had no column a later migration adds: rebuild the keyed
    events table without 0012's amount_is_price, and 0012 as not yet applied."""
    con.execute("DROP INDEX IF EXISTS events_article")
    con.execute("CREATE TABLE events_pre (event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, "
                "deal_key VARCHAR NOT NULL, type VARCHAR NOT NULL, status VARCHAR NOT NULL, amount_value DOUBLE, "
                "amount_currency VARCHAR, evidence VARCHAR, confidence DOUBLE, extractor_version VARCHAR NOT NULL)")
    con.execute("INSERT INTO events_pre SELECT * EXCLUDE (amount_is_price) FROM events")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE events_pre RENAME TO events")
    con.execute("CREATE INDEX events_article ON events (article_id)")
    con.execute("DELETE FROM schema_migrations WHERE version >= 12")


def test_migration_0008_carries_a_keyed_warehouse_over_intact(tmp_path, settings):
    """A warehouse built before 0008 (keyed tables, 0002's indexes) keeps every row and
    column comment after the upgrade, and the writer goes on from there."""
    before = tmp_path / "before"
    before.mkdir()
    for migration in list_migrations():
        if migration.version != 8:   # everything else, so today's writer can fill the old tables
            (before / migration.path.name).write_text(migration.path.read_text(encoding="utf-8"))
    first = (article("a1", day(1)), extraction("a1", {"Honda": 2, "Nissan": 1}, _merger()))
    with warehouse_session(settings) as con:
        apply_migrations(con, before)
        apply_views(con)
        write_batch(con, _batch(first), AT)
        keyed = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
                            "AND table_name = 'articles'").fetchone()[0]
        _as_before_0012(con)
        rows_before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in UNKEYED}
    with warehouse_session(settings) as con:
        assert init_warehouse(con) == ["0008_unkeyed_article_tables.sql", "0012_deal_lifecycle.sql"]
        rows_after = {t: con.execute(f"SELECT COLUMNS(c -> c <> 'amount_is_price') FROM {t} ORDER BY ALL").fetchall()
                      for t in UNKEYED}
        second = (article("a2", day(2)), extraction("a2", {"Honda": 1}, _merger()))
        write_batch(con, _batch(first, second), AT)
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'articles' "
                              "AND column_name = 'is_duplicate'").fetchone()[0]
        counts = _key_counts(con)
        stories = con.execute("SELECT count(*) FROM trend_articles").fetchone()[0]
    assert keyed == 1 and rows_after == rows_before and rows_before["articles"]
    assert comment.startswith("true for a near-duplicate copy")
    assert counts == (0, 0, 0, 0) and stories == 2


def test_mention_rows_carry_each_hits_entity_id_and_the_first_hits_kb_id():
    from pipeline.store.rows import entity_id_for, extraction_tables

    first = Extraction("a1", entities=(EntityHit("Nissan", "ORG", 2, "Q20165"), EntityHit("Honda", "ORG", 1),
                                       EntityHit("Nissan", "GPE", 1)), extractor_version="v1")
    second = Extraction("a2", entities=(EntityHit("Nissan", "ORG", 4, None), EntityHit("Makoto Uchida", "PERSON", 1)),
                        extractor_version="v2")
    tables = extraction_tables([("a1", first), ("a2", second)])
    mentions = tables["mentions"].to_pylist()
    expected = [(aid, entity_id_for(h.name, h.label), h.count, ex.extractor_version)
                for aid, ex in (("a1", first), ("a2", second)) for h in ex.entities]
    assert [(m["article_id"], m["entity_id"], m["count"], m["extractor_version"]) for m in mentions] == expected
    entities = {e["entity_id"]: (e["name"], e["label"], e["kb_id"]) for e in tables["entities"].to_pylist()}
    assert entities[entity_id_for("Nissan", "ORG")] == ("Nissan", "ORG", "Q20165")
    assert len(entities) == 4   # Nissan ORG and GPE are two entities


def test_a_url_twin_that_is_not_stored_leaves_no_extraction_rows(settings):
    a1 = article("a1", day(1))
    later_twin = replace(article("b1", day(3)), canonical_url=a1.canonical_url)   # same story, another id
    same_batch_twin = replace(article("c1", day(3)), canonical_url=article("a2", day(2)).canonical_url)
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, _batch((a1, extraction("a1", {"Honda": 1}, _merger()))), AT)
        second = _batch((later_twin, extraction("b1", {"Tesla": 1}, _merger())),
                        (article("a2", day(2)), extraction("a2", {"Nissan": 1})),
                        (same_batch_twin, extraction("c1", {"Foxconn": 1}, _merger())))
        new = write_batch(con, second, AT)
        rows = {table: sorted(r[0] for r in con.execute(f"SELECT DISTINCT article_id FROM {table}").fetchall())
                for table in ("mentions", "events")}
        parts = con.execute("SELECT count(*) FROM event_participants WHERE event_id NOT IN "
                            "(SELECT event_id FROM events)").fetchone()[0]
    assert new == 1                                    # a2; b1 and c1 repeat stored or earlier URLs
    assert rows == {"mentions": ["a1", "a2"], "events": ["a1"]}   # nothing for b1 or c1
    assert parts == 0
