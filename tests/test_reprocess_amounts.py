"""`newsmon reprocess` re-reads articles whose deal amounts were stored before the
extractor said whether an amount is the deal's price (migration 0012), even when
their extractor version is current; others stay as they are."""
from __future__ import annotations

from dataclasses import replace

from pipeline.config import Settings, WarehouseSettings
from pipeline.reprocess import run_reprocess
from pipeline.store.connection import warehouse_session
from tests.warehouse_builder import article, day, deal, extraction, query, write_stories

TEXT = "Honda agreed to buy a stake in Nissan for $5 billion, the companies said on Monday."


def test_amounts_without_a_price_mark_are_read_again(tmp_path, extractor):
    wh = WarehouseSettings(path=str(tmp_path / "w.duckdb"))
    items = []
    for aid in ("legacy", "current"):
        ex = replace(extraction(aid, {"Honda": 1, "Nissan": 1},
                                [deal("investment", "agreed", ("Honda", "investor"), ("Nissan", "target"),
                                      amount=5e9)]), extractor_version=extractor.version)
        items.append((article(aid, day(3), text=TEXT), ex))
    write_stories(wh, items)
    with warehouse_session(wh) as con:
        con.execute("UPDATE events SET amount_is_price = NULL WHERE article_id = 'legacy'")
    report = run_reprocess(Settings(warehouse=wh), extractor=extractor)
    assert report.articles == 1
    assert query(wh, "SELECT count(*) FROM events WHERE amount_value IS NOT NULL AND amount_is_price IS NULL") == [(0,)]
