"""Saved queries and the `query`/`sql` commands: every query runs on an empty and a
populated warehouse, --list, usage errors exit 2, output formats, a locked file."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.config import WarehouseSettings
from pipeline.store.saved_queries import load_saved_queries, run_saved_query
from tests.warehouse_builder import article, day, deal, extraction, write_stories

QUERIES = sorted(load_saved_queries())
NEEDS = {"search_articles": {"words": "merger"}, "deal_changes_since": {"since": "2025-01-01"},
         "entity_articles": {"entity": "Nissan"}, "market_moves_for": {"entity": "Nissan"},
         "mentioned_with": {"entity": "Foxconn"}, "share_of_voice_pair": {"entity_a": "Nissan", "entity_b": "Honda"},
         "entity_mentions_around": {"entity": "Nissan", "day": "2025-01-10"}}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def populated_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("populated") / "full.duckdb"
    settings = WarehouseSettings(path=str(path))
    items = [(article(f"n{k}", day(k % 20), source=f"s{k % 3}", text=f"Nissan and Honda merger talks {k}"),
              extraction(f"n{k}", {"Nissan": 2, "Honda": 1, **({"Foxconn": 1} if k % 2 else {})},
                         [deal("merger", "talks" if k < 15 else "collapsed", ("Honda", "partner"), ("Nissan", "partner"))]))
             for k in range(30)]
    write_stories(settings, items, search=True)
    return path


@pytest.mark.parametrize("name", QUERIES)
def test_saved_query_runs_on_an_empty_warehouse(empty_db, name):
    result = run_saved_query(WarehouseSettings(path=str(empty_db)), name, NEEDS.get(name, {}))  # noqa: E501
    assert result.table.num_columns > 0


@pytest.mark.parametrize("name", QUERIES)
def test_saved_query_runs_on_a_populated_warehouse(populated_db, name):
    result = run_saved_query(WarehouseSettings(path=str(populated_db)), name, NEEDS.get(name, {}))
    if name not in ("ingest_health", "market_moves_for", "contradicting_reports", "largest_deals", "spikes"):
        assert result.table.num_rows > 0, name


def test_at_least_twelve_saved_queries_each_with_a_question():
    queries = load_saved_queries()
    assert len(queries) >= 12
    assert all(q.title.endswith("?") for q in queries.values())


def test_query_list_shows_every_query_and_its_defaults(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in QUERIES)
    assert "--param entity=<varchar>  default (required)" in out
    assert "--param since=<date>  default 7d" in out   # relative defaults are listed as written
    assert "Nissan" not in out and "2025-" not in out     # no default assumes the built-in story


def test_query_with_params_returns_the_answer(populated_db, capsys):
    code = main(["query", "mentioned_with", "--param", "entity=Nissan", "--param", "limit=1",
                 "--db", str(populated_db), "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and rows[0]["other"] == "Honda" and rows[0]["stories"] == 30


@pytest.mark.parametrize("args, message", [
    (["query", "spikes", "--param", "days=abc"], "parameter days must be an integer, got 'abc'"),
    (["query", "spikes", "--param", "nope=1"], "unknown parameter 'nope'"),
    (["query", "spikes", "--param", "days"], "--param must look like key=value"),
    (["query", "search_articles"], "parameter 'words' is required"),
    (["query", "no_such_query"], "no saved query named 'no_such_query'"),
    (["query", "deal_changes_since", "--param", "since=last week"], "must be a date YYYY-MM-DD"),
    (["query", "entity_articles"], "parameter 'entity' is required"),
    (["query", "share_of_voice_pair", "--param", "entity_a=Nissan"], "parameter 'entity_b' is required"),
    (["query"], "name a saved query"),
])
def test_bad_query_usage_exits_2_with_a_clear_message(populated_db, capsys, args, message):
    assert main(args + ["--db", str(populated_db)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["sql", "SELECT entity, mentions FROM daily_mentions"],
                                     ["query", "top_entities"], ["search", "merger"]])
def test_results_can_be_written_as_csv_json_and_parquet(populated_db, tmp_path, command):
    for fmt in ("csv", "json", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert main(command + ["--db", str(populated_db), "--format", fmt, "--output", str(out)]) == 0
        if fmt == "parquet":
            assert pq.read_table(out).num_rows > 0
        else:
            assert len(out.read_text().splitlines()) > 1


def test_sql_refuses_writes_and_reports_syntax_errors(populated_db, capsys):
    assert main(["sql", "DELETE FROM articles", "--db", str(populated_db)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["sql", "SELEC 1", "--db", str(populated_db)]) == 2
    err = capsys.readouterr().err
    assert "syntax error" in err.lower() and "Traceback" not in err


def test_sql_waits_for_a_writer_holding_the_file_then_succeeds(populated_db, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); "
         "c.execute('CHECKPOINT'); print('held', flush=True); time.sleep(1.5); c.close(); time.sleep(5)",
         str(populated_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = datetime.now(timezone.utc)
        code = main(["sql", "SELECT count(*) AS n FROM articles", "--db", str(populated_db), "--format", "csv"])
        waited = (datetime.now(timezone.utc) - started).total_seconds()
    finally:
        holder.kill()
        holder.wait()
    assert code == 0 and capsys.readouterr().out.split() == ["n", "30"]
    assert waited >= 0.5
