"""`newsmon sql`/`query`/`search` write no file and fetch nothing, whatever the SQL says."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import WarehouseSettings
from pipeline.errors import ReadOnlyViolation
from pipeline.store import run_readonly_query
from pipeline.store.readonly import check_readonly
from tests.loopback import LoopbackServer


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    db = tmp_path / "w.duckdb"
    assert main(["init", "--db", str(db)]) == 0
    return db


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in folder.rglob("*")}


def _attacks(folder: Path, db: Path) -> list[str]:
    return [
        f"EXPLAIN ANALYZE COPY (SELECT 'overwritten' AS x) TO '{db}' (FORMAT csv, HEADER false)",
        f"EXPLAIN ANALYSE SELECT 1",
        f"EXPLAIN /* sneaky */ ANALYZE SELECT 1",
        f"EXPLAIN (ANALYZE) SELECT 1",
        f"COPY (SELECT 1) TO '{folder}/copy.csv'",
        f"SET log_query_path = '{folder}/queries.log'",
        f"PRAGMA profiling_output = '{folder}/profile.json'",
        f"PRAGMA enable_profiling",
        f"CALL enable_logging(storage = 'file', storage_path = '{folder}/logs')",
        f"SELECT * FROM enable_logging(storage = 'file', storage_path = '{folder}/logs2')",
        f"SELECT a FROM (SELECT 1 AS a) WHERE a IN (SELECT 1 FROM enable_profiling())",
        f"SELECT * FROM query('SELECT * FROM enable_logging(storage = ''file'')')",
        "SELECT * FROM checkpoint()",
        "PRAGMA create_fts_index('articles', 'article_id', 'title')",
        f"EXPORT DATABASE '{folder}/export'",
        f"ATTACH '{folder}/other.duckdb' AS other",
        "INSTALL httpfs", "LOAD httpfs",
        "SET threads = 1",
        "SELECT 1; DELETE FROM articles",
    ]


def test_sql_cannot_write_any_file_or_change_settings(warehouse, tmp_path, capsys):
    before = _snapshot(tmp_path)
    for sql in _attacks(tmp_path, warehouse):
        code = main(["sql", sql, "--db", str(warehouse)])
        err = capsys.readouterr().err
        assert code == 2, (sql, err)
        assert err.count("\n") == 1 and "refused" in err, (sql, err)
    assert _snapshot(tmp_path) == before
    still = run_readonly_query(WarehouseSettings(path=str(warehouse)), "SELECT count(*) FROM articles")
    assert still.rows == [(0,)]


def test_sql_cannot_fetch_a_url(warehouse, capsys):
    with LoopbackServer() as server:
        server.route("/x.csv", "a\n1\n", content_type="text/csv")
        for sql in (f"SELECT * FROM '{server.url('/x.csv')}'",
                    f"SELECT * FROM read_csv('{server.url('/x.csv')}')"):
            assert main(["sql", sql, "--db", str(warehouse)]) != 0
            assert "Traceback" not in capsys.readouterr().err
        assert sum(server.hits.values()) == 0


@pytest.mark.parametrize("sql", [
    "SELECT 1", "FROM articles", "VALUES (1, 2)", "WITH a AS (SELECT 1 AS x) SELECT x FROM a",
    "DESCRIBE articles", "SHOW TABLES", "SUMMARIZE articles", "PRAGMA table_info('articles')",
    "EXPLAIN SELECT * FROM articles", "SELECT 1; SELECT 2",
])
def test_reading_statements_still_run(warehouse, sql):
    check_readonly(sql)
    run_readonly_query(WarehouseSettings(path=str(warehouse)), sql)


def test_reading_a_local_file_is_allowed(warehouse, tmp_path):
    data = tmp_path / "mine.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_readonly_query(WarehouseSettings(path=str(warehouse)), f"SELECT * FROM read_csv('{data}')")
    assert result.rows == [(1, 2)]


def test_side_effect_functions_are_refused_anywhere_in_the_tree():
    with pytest.raises(ReadOnlyViolation):
        check_readonly("SELECT (SELECT count(*) FROM (SELECT * FROM checkpoint())) AS n")
    with pytest.raises(ReadOnlyViolation):
        check_readonly("SELECT * FROM main.query_table('articles')")
