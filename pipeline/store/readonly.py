"""Read-only SQL for `newsmon sql`: refuse anything that could change the warehouse.

Two guards: statements are classified by DuckDB's own parser and only query-like
types pass; and the connection itself is opened read-only, so even a statement
type we failed to foresee cannot write.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipeline.config import WarehouseSettings
from pipeline.errors import ReadOnlyViolation, WarehouseError
from pipeline.store.connection import warehouse_session
from pipeline.store.extensions import load_extension

_ALLOWED = {"SELECT", "EXPLAIN", "PRAGMA", "SET", "VARIABLE_SET", "RELATION", "CALL"}


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


def check_readonly(sql: str) -> None:
    """Raise ReadOnlyViolation unless every statement in `sql` only reads."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise SqlError(str(exc)) from exc
    if not statements:
        raise SqlError("no SQL statement given")
    for statement in statements:
        kind = statement.type.name
        if kind not in _ALLOWED:
            raise ReadOnlyViolation(
                f"refused: `newsmon sql` is read-only and this is a {kind} statement; "
                "the warehouse is changed only by newsmon's own commands (ingest, reprocess, init)"
            )


def run_readonly_query(settings: WarehouseSettings, sql: str,
                       params: dict | None = None) -> QueryResult:
    """Run read-only SQL and return all rows (the last statement's result)."""
    check_readonly(sql)
    with warehouse_session(settings, read_only=True) as con:
        if "fts_main_" in sql.lower():   # full-text search: load fts offline, never download it
            load_extension(con, "fts")
        try:
            statements = duckdb.extract_statements(sql)
            for statement in statements[:-1]:
                con.execute(statement.query)
            cursor = con.execute(statements[-1].query, params or None)
            if cursor.description is None:
                return QueryResult(pa.table({}))
            return QueryResult(cursor.to_arrow_table())
        except duckdb.Error as exc:
            if "read-only" in str(exc).lower():
                raise ReadOnlyViolation(f"refused: the warehouse is opened read-only ({exc})") from exc
            raise SqlError(str(exc)) from exc
