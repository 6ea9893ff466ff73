"""The walking skeleton end to end: corpus on loopback -> ingest -> warehouse -> sql -> digest."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import duckdb

from pipeline.cli import main
from pipeline.ingest import run_ingest


def _count(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_ingest_stores_every_corpus_article_once(ingested_corpus, corpus_server):
    settings, report = ingested_corpus
    assert report.feeds_failed == 0, report.failed_feeds
    assert report.feeds_ok == len(corpus_server.feeds)
    assert report.items_seen == len(corpus_server.articles)
    stored = _count(settings.warehouse.path, "SELECT count(*) FROM articles")
    assert stored == len(corpus_server.articles)
    assert report.articles_new == stored
    runs = _count(settings.warehouse.path, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'")
    assert runs == 1


def test_second_ingest_adds_no_duplicate(corpus_settings, extractor, corpus_server):
    first = run_ingest(corpus_settings, extractor=extractor)
    second = run_ingest(corpus_settings, extractor=extractor)
    assert first.articles_new == len(corpus_server.articles)
    assert second.articles_new == 0
    db = corpus_settings.warehouse.path
    assert _count(db, "SELECT count(*) FROM articles") == len(corpus_server.articles)
    assert _count(db, "SELECT count(DISTINCT canonical_url) FROM articles") == len(corpus_server.articles)
    assert _count(db, "SELECT count(*) FROM ingest_runs") == 2


def test_core_entities_appear_in_daily_mentions(ingested_corpus):
    settings, _ = ingested_corpus
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    names = {r[0] for r in con.execute("SELECT DISTINCT entity FROM daily_mentions").fetchall()}
    con.close()
    assert {"Nissan", "Honda", "Tesla", "Foxconn"} <= names


def test_syndicated_copies_share_a_cluster(ingested_corpus):
    settings, _ = ingested_corpus
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    clusters = con.execute(
        "SELECT cluster_id, count(*) AS n, count(*) FILTER (WHERE is_duplicate) AS dups "
        "FROM articles GROUP BY cluster_id HAVING count(*) > 1").fetchall()
    con.close()
    assert clusters, "the corpus has syndicated near-copies; they must share a cluster"
    assert all(dups == n - 1 for _, n, dups in clusters)


def test_japanese_feed_is_decoded_and_flagged(ingested_corpus, corpus_server):
    settings, _ = ingested_corpus
    ja = [f.name for f in corpus_server.feeds if f.lang == "ja"]
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    rows = con.execute("SELECT title, lang FROM articles WHERE feed_name = ?", ja).fetchall()
    con.close()
    assert rows
    assert all(lang == "ja" for _, lang in rows)
    assert any("日産" in title or "ホンダ" in title for title, _ in rows)


def test_sql_refuses_delete_and_keeps_the_data(ingested_corpus, capsys):
    settings, _ = ingested_corpus
    code = main(["sql", "DELETE FROM articles", "--db", settings.warehouse.path])
    err = capsys.readouterr().err
    assert code == 2
    assert "read-only" in err and "DELETE" in err
    assert _count(settings.warehouse.path, "SELECT count(*) FROM articles") > 0


def test_sql_syntax_error_exits_2_without_traceback(ingested_corpus, capsys):
    settings, _ = ingested_corpus
    code = main(["sql", "SELEC 1", "--db", settings.warehouse.path])
    err = capsys.readouterr().err
    assert code == 2
    assert "syntax error" in err.lower() and "Traceback" not in err


def test_sql_json_output_lists_deals(ingested_corpus, capsys):
    settings, _ = ingested_corpus
    assert main(["sql", "SELECT type, participants, status FROM deals", "--format", "json",
                 "--db", settings.warehouse.path]) == 0
    rows = json.loads(capsys.readouterr().out)   # one array (jsonl gives one object a line)
    assert any(r["type"] == "merger" and "Honda" in r["participants"] and "Nissan" in r["participants"]
               for r in rows)


def test_digest_to_file_names_the_story(ingested_corpus, tmp_path, capsys):
    settings, _ = ingested_corpus
    target = tmp_path / "digest.md"
    code = main(["digest", "--since", "all", "--to", f"file:{target}", "--db", settings.warehouse.path])
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "## Deal changes" in text
    assert "Honda" in text and "Nissan" in text and "collapsed" in text
    nissan_trend = next(line for line in text.splitlines() if line.startswith("| Nissan |"))
    assert any(block in nissan_trend for block in "▃▄▅▆▇█"), "sparkline must end at the newest dated story, not at today"
    # the same window is not delivered twice
    assert main(["digest", "--since", "all", "--to", f"file:{target}", "--db", settings.warehouse.path]) == 0


def test_offline_feed_failure_is_reported_and_exit_1(tmp_path):
    config = tmp_path / "newsmon.toml"
    config.write_text(
        '[fetch]\ntimeout_s = 3\nretries = 0\n\n[[feeds]]\nname = "nowhere"\n'
        'url = "http://newsmon-test.invalid/rss.xml"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", "--config", str(config), "--db", str(tmp_path / "w.duckdb")],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "feed failed: nowhere" in proc.stdout
    assert "1 failed" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_undated_articles_fall_back_to_fetch_time_not_a_guessed_year(ingested_corpus, corpus_server):
    settings, _ = ingested_corpus
    undated = [a.slug for a in corpus_server.articles if not a.dated]
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    rows = con.execute("SELECT url, published_source, published_at = fetched_at FROM articles "
                       "WHERE url LIKE '%/archive/%'").fetchall()
    con.close()
    assert len(rows) == len(undated) > 0
    assert all(source == "fetch" and same for _, source, same in rows), rows
