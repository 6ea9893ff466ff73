"""`[warehouse] backend = "ducklake"`: a SQLite catalog, Parquet files, concurrent writers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.config import WarehouseSettings
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse
from tests.test_flows_support import write_config

REPO = Path(__file__).resolve().parents[1]


def lake_settings(folder: Path) -> WarehouseSettings:
    return WarehouseSettings(path=str(folder / "unused.duckdb"), backend="ducklake",
                             catalog=f"sqlite:{folder / 'catalog.sqlite'}",
                             data_path=str(folder / "parquet"))


def lake_toml(folder: Path) -> str:
    settings = lake_settings(folder)
    return (f'backend = "ducklake"\ncatalog = "{settings.catalog}"\n'
            f'data_path = "{settings.data_path}"\n')


def query(settings: WarehouseSettings, sql: str) -> list[tuple]:
    with warehouse_session(settings, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_lake_migrations_apply_without_keys_and_only_once(tmp_path):
    settings = lake_settings(tmp_path)
    with warehouse_session(settings) as con:
        first = init_warehouse(con)
    with warehouse_session(settings) as con:
        assert init_warehouse(con) == []
        kind = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()")
        assert kind.fetchone()[0] == "ducklake"
    assert "0001_core_tables.sql" in first
    assert query(settings, "SELECT count(*) FROM daily_mentions") == [(0,)]


def ingest_process(config: Path) -> subprocess.Popen:
    env = dict(os.environ, NEWSMON_CONFIG=str(config))
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", "--config", str(config)],
                            cwd=config.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


@pytest.mark.slow
def test_two_concurrent_ingests_fill_one_lake_and_the_trend_views_work(
        tmp_path, corpus_server, ingested_corpus):
    feeds = list(corpus_server.feed_urls().items())
    halves = [dict(feeds[0::2]), dict(feeds[1::2])]
    folder = tmp_path / "lake"
    folder.mkdir()
    writer = (folder / "catalog.sqlite.writer.lock")
    configs = []
    for n, half in enumerate(halves):
        conf = tmp_path / f"p{n}" / "newsmon.toml"
        conf.parent.mkdir()
        write_config(conf, half, tmp_path / "unused.duckdb")
        text = conf.read_text().replace("[warehouse]\n", "[warehouse]\n" + lake_toml(folder), 1)
        conf.write_text(text)
        configs.append(conf)
    procs = [ingest_process(c) for c in configs]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert writer.exists()  # the writers took turns through the catalog lock
    lake = lake_settings(folder)
    single, _ = ingested_corpus
    corpus_count = query(single.warehouse, "SELECT count(*) FROM articles")
    assert query(lake, "SELECT count(*) FROM articles") == corpus_count
    assert query(lake, "SELECT count(*) - count(DISTINCT entity_id) FROM entities") == [(0,)]
    assert query(lake, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == [(2,)]
    entities = "SELECT DISTINCT entity FROM daily_mentions ORDER BY 1"
    assert query(lake, entities) == query(single.warehouse, entities)
    deals = "SELECT DISTINCT type, participants FROM deals ORDER BY 1, 2"
    assert query(lake, deals) == query(single.warehouse, deals)
    assert len(query(lake, "SELECT * FROM entity_trends")) > 0
    assert query(lake, "SELECT count(*) FROM co_mentions")[0][0] > 0
    assert list(Path(lake.data_path).rglob("*.parquet"))
