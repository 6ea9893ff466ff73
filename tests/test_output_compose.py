"""Command output composes with Unix tools: LF lines, strict JSON, clean cells, one-line errors."""
from __future__ import annotations

import json
import math

import pytest

from pipeline.cli import main

NESTED_SQL = ("SELECT [1, 2] AS l, {'a': 1, 'b': 'x'} AS s, MAP {'k': 2} AS m, "
              "INTERVAL '1 year 2 months 3 days 04:05:06.5' AS i, INTERVAL '-90 minutes' AS neg, "
              "TIMESTAMPTZ '2025-02-13 03:00:00+00' AS t")


@pytest.fixture()
def db(tmp_path) -> str:
    path = tmp_path / "w.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    return str(path)


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_has_lf_line_endings_and_no_blank_last_line(db, tmp_path, capsys):
    sql = "SELECT * FROM (VALUES (50, 'a,b'), (7, 'c')) t(n, s)"
    code, out, _ = run(capsys, "sql", sql, "--format", "csv", "--db", db)
    assert code == 0
    assert out == 'n,s\n50,"a,b"\n7,c\n'
    target = tmp_path / "out.csv"
    assert run(capsys, "sql", sql, "--format", "csv", "--output", str(target), "--db", db)[0] == 0
    assert target.read_bytes() == out.encode()


def test_json_is_one_array_and_jsonl_one_object_a_line_both_strict(db, capsys):
    sql = "SELECT * FROM (VALUES (1, 'nan'::DOUBLE), (2, 'inf'::DOUBLE), (3, 1.5)) t(n, x)"
    code, out, _ = run(capsys, "sql", sql, "--format", "json", "--db", db)
    assert code == 0
    strict = json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert strict == [{"n": 1, "x": None}, {"n": 2, "x": None}, {"n": 3, "x": 1.5}]
    code, out, _ = run(capsys, "sql", sql, "--format", "jsonl", "--db", db)
    lines = out.splitlines()
    assert code == 0 and out.endswith("\n") and len(lines) == 3
    assert [json.loads(line, parse_constant=lambda c: pytest.fail(c))["x"] for line in lines] == [None, None, 1.5]


def test_json_of_no_rows_is_an_empty_array(db, capsys):
    code, out, _ = run(capsys, "sql", "SELECT 1 AS a WHERE false", "--format", "json", "--db", db)
    assert code == 0 and json.loads(out) == []


def test_csv_writes_nested_values_as_json_and_intervals_as_iso8601(db, capsys):
    code, out, _ = run(capsys, "sql", NESTED_SQL, "--format", "csv", "--db", db)
    assert code == 0
    header, row = out.splitlines()
    import csv
    cells = dict(zip(header.split(","), next(csv.reader([row]))))
    assert json.loads(cells["l"]) == [1, 2]
    assert json.loads(cells["s"]) == {"a": 1, "b": "x"}
    assert json.loads(cells["m"]) == {"k": 2}
    assert cells["i"] == "P1Y2M3DT4H5M6.5S"
    assert cells["neg"] == "PT-1H-30M"
    assert cells["t"].startswith("2025-02-13T")


def test_json_writes_intervals_as_iso8601(db, capsys):
    code, out, _ = run(capsys, "sql", NESTED_SQL, "--format", "json", "--db", db)
    (row,) = json.loads(out)
    assert row["i"] == "P1Y2M3DT4H5M6.5S" and row["m"] == {"k": 2} and row["s"] == {"a": 1, "b": "x"}


def test_table_shows_numbers_as_written(db, capsys):
    sql = "SELECT 12345.6::DOUBLE AS d, 0.000123::DOUBLE AS small, 1234567890123 AS big, 12345.60::DECIMAL(9,2) AS dec"
    code, out, _ = run(capsys, "sql", sql, "--db", db)
    assert code == 0
    values = out.splitlines()[2].split()
    assert values == ["12345.6", "0.000123", "1234567890123", "12345.60"]


def test_table_strips_terminal_escapes_and_control_characters(db, capsys):
    sql = ("SELECT chr(27) || ']0;pwned' || chr(7) || 'Title ' || chr(27) || '[31mred' || chr(27) || '[0m'"
           " || chr(155) || chr(0) || 'x' AS t")
    code, out, _ = run(capsys, "sql", sql, "--db", db)
    assert code == 0
    assert not any(ord(ch) < 32 and ch != "\n" or 127 <= ord(ch) < 160 for ch in out)
    assert "Title redx" in out


def test_output_into_a_missing_folder_is_one_line_exit_2(db, tmp_path, capsys):
    for fmt in ("csv", "parquet"):
        code, out, err = run(capsys, "sql", "SELECT 1", "--format", fmt, "--output",
                             str(tmp_path / "no" / "such" / "x.out"), "--db", db)
        assert code == 2 and out == "" and err.count("\n") == 1 and "does not exist" in err


@pytest.mark.parametrize("argv", [
    ["digest", "--dry-run"], ["digest"], ["sql", "SELECT 1"], ["query", "top_entities"],
    ["search", "merger"], ["feeds"], ["reprocess"],
])
def test_commands_refuse_a_missing_warehouse_without_creating_it(tmp_path, capsys, argv):
    missing = tmp_path / "typo.duckdb"
    code, _out, err = run(capsys, *argv, "--db", str(missing))
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err, err
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_feeds_writes_parquet_with_output(db, tmp_path, capsys):
    import pyarrow.parquet as pq

    target = tmp_path / "feeds.parquet"
    code, _out, _err = run(capsys, "feeds", "--format", "parquet", "--output", str(target), "--db", db)
    assert code == 0
    assert "feed_name" in pq.read_table(target).column_names


def test_version_names_the_package(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("newsmon ") and out.count("\n") == 1


def test_sql_syntax_error_is_one_line_exit_2(db, capsys):
    code, _out, err = run(capsys, "sql", "SELEC 1", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "syntax error" in err.lower()


def test_float_cells_keep_full_precision_in_csv(db, capsys):
    code, out, _ = run(capsys, "sql", "SELECT 0.1::DOUBLE + 0.2::DOUBLE AS x", "--format", "csv", "--db", db)
    assert math.isclose(float(out.splitlines()[1]), 0.30000000000000004, rel_tol=0, abs_tol=0)
