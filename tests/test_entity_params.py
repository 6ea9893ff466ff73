"""Entity parameters that forgive: saved queries and `search --entity` take any case, an alias or
a ticker; an unknown entity is a usage error naming the nearest names; relative dates."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from pipeline.cli import main
from pipeline.config import WarehouseSettings
from pipeline.store.saved_queries import convert_value, relative_time
from tests.warehouse_builder import article, day, deal, extraction, write_stories


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "w.duckdb"
    items = [(article(f"a{k}", day(k), text=f"Nissan and Kaito Works talks {k}"),
              extraction(f"a{k}", {"Nissan": 2, "Kaito Works": 1, "Honda": 1},
                         [deal("merger", "talks", ("Honda", "partner"), ("Nissan", "partner"))]))
             for k in range(6)]
    write_stories(WarehouseSettings(path=str(path)), items, search=True)
    return str(path)


def rows(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


@pytest.mark.parametrize("typed", ["Nissan", "nissan", "NISSAN", "Nissan Motor", "nissan motor co", "NSANY", "7201.T"])
def test_entity_parameter_takes_case_aliases_and_tickers(db, capsys, typed):
    assert main(["query", "entity_articles", "--param", f"entity={typed}", "--db", db, "--format", "jsonl"]) == 0
    assert len(rows(capsys)) == 6


def test_a_free_name_matches_ignoring_case(db, capsys):
    assert main(["query", "mentioned_with", "--param", "entity=kaito works", "--db", db, "--format", "jsonl"]) == 0
    assert {r["other"] for r in rows(capsys)} == {"Nissan", "Honda"}


def test_both_entities_of_a_pair_are_resolved(db, capsys):
    assert main(["query", "share_of_voice_pair", "--param", "entity_a=nissan motor", "--param", "entity_b=HMC",
                 "--db", db, "--format", "jsonl"]) == 0
    got = rows(capsys)
    assert got and got[0]["entity_a"] == "Nissan" and got[0]["entity_b"] == "Honda" and got[0]["mentions_a"] > 0


def test_deal_queries_take_an_alias(db, capsys):
    assert main(["query", "deal_timeline", "--param", "entity=Honda Motor Co", "--db", db, "--format", "jsonl"]) == 0
    assert len(rows(capsys)) == 1


def test_search_entity_takes_an_alias(db, capsys):
    assert main(["search", "talks", "--entity", "nissan motor", "--db", db, "--format", "jsonl"]) == 0
    assert len(rows(capsys)) == 6


def test_an_unknown_entity_is_a_usage_error_with_the_nearest_names(db, capsys):
    assert main(["query", "entity_articles", "--param", "entity=Nisan", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "unknown entity 'Nisan'" in err and "nearest: Nissan" in err and "Traceback" not in err
    assert main(["search", "talks", "--entity", "Kaito Wrks", "--db", db]) == 2
    assert "nearest: Kaito Works" in capsys.readouterr().err


def test_an_entity_known_to_the_kb_but_not_stored_returns_no_rows_without_error(db, capsys):
    assert main(["query", "entity_articles", "--param", "entity=toyota motor", "--db", db, "--format", "jsonl"]) == 0
    assert rows(capsys) == []


def test_relative_dates():
    now = datetime(2026, 3, 10, 15, 0)
    assert relative_time("7d", "DATE", now) == date(2026, 3, 3)
    assert relative_time("2w", "DATE", now) == date(2026, 2, 24)
    assert relative_time("today", "DATE", now) == date(2026, 3, 10)
    assert relative_time("yesterday", "DATE", now) == date(2026, 3, 9)
    assert relative_time("24h", "TIMESTAMP", now) == datetime(2026, 3, 9, 15, 0)
    assert relative_time("24h", "DATE", now) is None and relative_time("soon", "DATE", now) is None
    today = datetime.now(timezone.utc).date()
    assert convert_value("7d", "DATE", "since") == today - timedelta(days=7)


def test_relative_since_filters_rows(db, capsys):
    assert main(["query", "entity_articles", "--param", "entity=Nissan", "--param", "since=1d", "--db", db,
                 "--format", "jsonl"]) == 0
    assert rows(capsys) == []    # the stories are of 2025-01; nothing in the last day
