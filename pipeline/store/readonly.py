"""Read-only SQL for `newsmon sql`, `query` and `search`: nothing they run writes or fetches.

Four guards, each enough for some attacks and together enough for all we know:

1. An allow-list of statements, classified by DuckDB's own parser: SELECT-like
   statements (SELECT, FROM, VALUES, WITH, DESCRIBE, SHOW, SUMMARIZE, the
   read-only PRAGMAs in `READ_PRAGMAS`) and EXPLAIN of such a statement.
   EXPLAIN ANALYZE runs its statement, so it is refused, as are EXPLAIN options.
2. Table and scalar functions with side effects (`enable_logging` writes log
   files, `enable_profiling`, `checkpoint`, `query()` runs a string as SQL...)
   are refused wherever they appear in the statement's syntax tree.
3. The connection is read-only, with extension auto-install and auto-load off
   (so `FROM 'https://...'` cannot pull httpfs and fetch), and its
   configuration is locked before the user's SQL runs (no `SET log_query_path`).
4. DuckDB's own read-only mode, so even a write we did not foresee fails.

Reading local files (`read_csv('my.csv')`, `FROM 'x.parquet'`) stays allowed.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipeline.config import WarehouseSettings
from pipeline.errors import ReadOnlyViolation, WarehouseError
from pipeline.store.connection import OFFLINE_CONFIG, is_damage_error, warehouse_session
from pipeline.store.extensions import load_extension

READ_PRAGMAS = frozenset({
    "table_info", "show_tables", "show_tables_expanded", "database_size", "storage_info",
    "show", "version", "platform", "collations", "metadata_info", "database_list",
    "functions", "user_agent",
})
SIDE_EFFECT_FUNCTIONS = frozenset({
    "enable_logging", "disable_logging", "truncate_duckdb_logs", "write_log",
    "enable_profiling", "disable_profiling", "checkpoint", "force_checkpoint",
    "query", "query_table", "json_execute_serialized_sql",
    "create_fts_index", "drop_fts_index",
})


@dataclass(frozen=True)
class QueryResult:
    table: pa.Table

    @property
    def columns(self) -> list[str]:
        return self.table.column_names

    @property
    def rows(self) -> list[tuple]:
        return list(zip(*(col.to_pylist() for col in self.table.columns)))


class SqlError(WarehouseError):
    """DuckDB rejected the query (syntax error, unknown column...)."""


def _parser() -> duckdb.DuckDBPyConnection:
    """An empty in-memory connection to parse with (a fresh one per call is thread-safe);
    offline, since parsing a PRAGMA may otherwise try to install its extension."""
    return duckdb.connect(":memory:", config=dict(OFFLINE_CONFIG))


def _refuse(what: str) -> ReadOnlyViolation:
    return ReadOnlyViolation(
        f"refused: newsmon's SQL is read-only and {what}; the warehouse is changed only by "
        "newsmon's own commands (ingest, reprocess, init)")


def _function_names(tree: object) -> Iterator[str]:
    if isinstance(tree, dict):
        name = tree.get("function_name")
        if isinstance(name, str):
            yield name.lower()
        for value in tree.values():
            yield from _function_names(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _function_names(value)


def _tokens(text: str) -> list[str]:
    """The statement's tokens as text, comments left out."""
    found = duckdb.tokenize(text)
    bounds = [offset for offset, _ in found] + [len(text)]
    return [text[start:end].strip() for start, end in zip(bounds, bounds[1:])]


def _check_pragma(text: str) -> None:
    tokens = _tokens(text)
    if len(tokens) < 2 or tokens[0].upper() != "PRAGMA":
        raise _refuse("this statement cannot be checked")
    _check_pragmas_named(text)


def _check_pragmas_named(sql: str) -> None:
    tokens = _tokens(sql)
    for keyword, name in zip(tokens, tokens[1:]):
        if keyword.upper() == "PRAGMA" and name.lower() not in READ_PRAGMAS:
            raise _refuse(f"PRAGMA {name} is not one of the read-only pragmas "
                          f"({', '.join(sorted(READ_PRAGMAS))})")


def _check_select(text: str) -> None:
    with _parser() as parser:
        serialized = parser.execute("SELECT json_serialize_sql(?)", [text]).fetchone()[0]
    tree = json.loads(serialized)
    if tree.get("error"):
        _check_pragma(text)   # the only SELECT-typed statements the serializer cannot take
        return
    for name in _function_names(tree):
        if name in SIDE_EFFECT_FUNCTIONS:
            raise _refuse(f"{name}() has side effects (it can write files or run other SQL)")


def _check_explain(text: str) -> None:
    offsets = [offset for offset, _ in duckdb.tokenize(text)]
    if len(offsets) < 2:
        raise SqlError("EXPLAIN of what?")
    inner = text[offsets[1]:]
    if _tokens(inner)[0].upper() in ("ANALYZE", "ANALYSE", "("):
        raise _refuse("EXPLAIN ANALYZE (or an EXPLAIN option) runs the statement; use plain EXPLAIN")
    check_readonly(inner)


def check_readonly(sql: str) -> None:
    """Raise ReadOnlyViolation unless every statement in `sql` only reads."""
    try:
        with _parser() as parser:
            statements = parser.extract_statements(sql)
    except duckdb.Error as exc:
        _check_pragmas_named(sql)   # DuckDB looks PRAGMA names up while it splits statements
        raise SqlError(str(exc)) from exc
    if not statements:
        raise SqlError("no SQL statement given")
    for statement in statements:
        kind = statement.type.name
        if kind == "SELECT":
            _check_select(statement.query)
        elif kind == "EXPLAIN":
            _check_explain(statement.query)
        else:
            raise _refuse(f"this is a {kind} statement (only SELECT-like statements and plain EXPLAIN run)")


def prepare_readonly(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Load what the query needs (fts, offline), then lock the connection's configuration."""
    if "fts_main_" in sql.lower():   # full-text search: load fts offline, never download it
        load_extension(con, "fts")
    con.execute("SET lock_configuration = true")


def run_readonly_query(settings: WarehouseSettings, sql: str,
                       params: dict | None = None) -> QueryResult:
    """Run read-only SQL and return all rows (the last statement's result)."""
    check_readonly(sql)
    with warehouse_session(settings, read_only=True) as con:
        prepare_readonly(con, sql)
        try:
            statements = con.extract_statements(sql)
            for statement in statements[:-1]:
                con.execute(statement.query)
            cursor = con.execute(statements[-1].query, params or None)
            if cursor.description is None:
                return QueryResult(pa.table({}))
            return QueryResult(cursor.to_arrow_table())
        except duckdb.Error as exc:
            if is_damage_error(exc):
                raise   # warehouse_session says the file is damaged
            if "read-only" in str(exc).lower():
                raise ReadOnlyViolation(f"refused: the warehouse is opened read-only ({exc})") from exc
            raise SqlError(str(exc)) from exc
