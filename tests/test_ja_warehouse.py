"""Japanese articles in the warehouse: ingested with the Japanese pipeline, counted as the same
canonical entities and deals as English ones, found by Japanese words, reprocessed by version."""
from __future__ import annotations

import shutil
from dataclasses import replace

import duckdb

from pipeline.store.search import search_articles


def ja_rows(settings, sql: str):
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_japanese_articles_get_canonical_mentions_and_deals(ingested_corpus):
    settings, _ = ingested_corpus
    mentions = dict(ja_rows(settings, """
        SELECT e.name, count(*) FROM mentions m JOIN entities e USING (entity_id)
        JOIN articles a USING (article_id) WHERE a.lang = 'ja' GROUP BY 1"""))
    assert mentions.get("Nissan", 0) >= 5 and mentions.get("Honda", 0) >= 5
    events = ja_rows(settings, """
        SELECT e.type, e.status, e.extractor_version FROM events e JOIN articles a USING (article_id)
        WHERE a.lang = 'ja'""")
    assert ("merger", "collapsed") in {(t, s) for t, s, _ in events}
    assert all(v.startswith("nlp1-ja-ja_ginza-") for _, _, v in events)


def test_the_tracker_counts_japanese_reports_in_the_same_deal(ingested_corpus):
    settings, _ = ingested_corpus
    langs = ja_rows(settings, """
        SELECT DISTINCT a.lang FROM events e JOIN articles a USING (article_id)
        WHERE e.deal_key = (SELECT deal_key FROM events e2 JOIN articles a2 USING (article_id)
                            WHERE a2.lang = 'ja' AND e2.type = 'merger' ORDER BY e2.deal_key LIMIT 1)""")
    assert {"en", "ja"} <= {lang for (lang,) in langs}


def test_search_finds_japanese_articles_by_japanese_words(ingested_corpus):
    settings, _ = ingested_corpus
    hits = search_articles(settings.warehouse, "経営統合 打ち切り", limit=5)
    titles = [row[hits.columns.index("title")] for row in hits.rows]
    assert titles and "打ち切り" in titles[0]
    english = search_articles(settings.warehouse, "merger talks", limit=5)
    assert english.rows and all(not any("\u3040" <= c <= "\u30ff" for c in row[english.columns.index("title")])
                                for row in english.rows)


def test_reprocess_rereads_japanese_articles_with_the_japanese_pipeline(ingested_corpus, tmp_path, extractor):
    from pipeline.reprocess import run_reprocess

    settings, _ = ingested_corpus
    copy = tmp_path / "copy.duckdb"
    shutil.copy(settings.warehouse.path, copy)
    mine = replace(settings, warehouse=replace(settings.warehouse, path=str(copy)))
    con = duckdb.connect(str(copy))
    con.execute("UPDATE events SET extractor_version = 'old' WHERE article_id IN "
                "(SELECT article_id FROM articles WHERE lang = 'ja')")
    con.execute("UPDATE mentions SET extractor_version = 'old' WHERE article_id IN "
                "(SELECT article_id FROM articles WHERE lang = 'ja')")
    con.close()
    report = run_reprocess(mine, extractor=extractor)
    assert report.articles >= 6
    versions = ja_rows(mine, "SELECT DISTINCT m.extractor_version FROM mentions m JOIN articles a USING (article_id) "
                             "WHERE a.lang = 'ja'")
    assert versions == [(extractor.version_for("ja"),)]
