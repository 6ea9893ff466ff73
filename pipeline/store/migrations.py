"""Numbered schema migrations and views, applied by `newsmon init`.

`warehouse/migrations/NNNN_name.sql` run once each, in order, each in its own
transaction, and are recorded in `schema_migrations`. On DuckLake a migration is
run without keys and indexes, or not at all (only recorded) when its first line
is `-- lake: skip`. `warehouse/views/*.sql`
are (re)created on every init with CREATE OR REPLACE, in dependency order.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from pipeline.errors import WarehouseError
from pipeline.store.connection import is_damage_error, is_lake
from pipeline.store.paths import MIGRATIONS_DIR, VIEWS_DIR

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def list_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise WarehouseError(f"migration file name must be NNNN_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise WarehouseError("two migration files share a version number")
    return found


_COMMENT = re.compile(r"--[^\n]*")
LAKE_SKIP_MARKER = "-- lake: skip"   # first line of a migration that only concerns DuckDB files
_INDEX_STATEMENT = re.compile(r"^\s*(CREATE\s+(UNIQUE\s+)?|DROP\s+)INDEX\b", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*(PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(r"\s+(PRIMARY\s+KEY|UNIQUE)\b", re.IGNORECASE)


def adapt_sql_for_lake(sql: str) -> str:
    """The same DDL without what DuckLake lacks: PRIMARY KEY/UNIQUE constraints and indexes
    (CREATE INDEX and DROP INDEX statements are left out).

    Uniqueness is then kept by the writers (insert-if-absent anti-joins, MERGE)."""
    kept = []
    for statement in duckdb.extract_statements(_COMMENT.sub("", sql)):
        text = statement.query.strip().rstrip(";")
        if not text or _INDEX_STATEMENT.match(text):
            continue
        kept.append(_COLUMN_KEY.sub("", _TABLE_KEY.sub("", text)))
    return ";\n".join(kept) + (";" if kept else "")


def _applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    ddl = ("CREATE TABLE IF NOT EXISTS schema_migrations ("
           " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
    con.execute(adapt_sql_for_lake(ddl) if is_lake(con) else ddl)
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def apply_migrations(con: duckdb.DuckDBPyConnection, folder: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations; return the names applied (empty when up to date)."""
    applied = _applied_versions(con)
    lake = is_lake(con)
    done = []
    for migration in list_migrations(folder):
        if migration.version in applied:
            continue
        sql = migration.path.read_text(encoding="utf-8")
        if lake:
            sql = "" if sql.startswith(LAKE_SKIP_MARKER) else adapt_sql_for_lake(sql)
        con.execute("BEGIN TRANSACTION")
        try:
            if sql.strip():
                con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(timezone.utc).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            if is_damage_error(exc):
                raise   # the session reports a damaged file; never a failed migration to retry
            raise WarehouseError(f"migration {migration.path.name} failed: {exc}") from exc
        log.info("applied migration %s", migration.path.name)
        done.append(migration.path.name)
    return done


def apply_views(con: duckdb.DuckDBPyConnection, folder: Path = VIEWS_DIR) -> list[str]:
    """Create or replace every view, retrying until dependencies are satisfied."""
    pending = {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.sql"))}
    created: list[str] = []
    while pending:
        errors = {}
        progress = len(created)
        for name, sql in list(pending.items()):
            try:
                con.execute(sql)
            except (duckdb.CatalogException, duckdb.BinderException) as exc:  # depends on a view not (re)created yet
                errors[name] = exc
                continue
            except duckdb.Error as exc:
                if is_damage_error(exc):
                    raise
                raise WarehouseError(f"view {name}.sql failed: {exc}") from exc
            created.append(name)
            del pending[name]
        if errors and len(created) == progress:
            name, exc = next(iter(errors.items()))
            raise WarehouseError(f"view {name}.sql failed: {exc}")
    return created


def init_warehouse(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring a warehouse up to date: pending migrations, then all views."""
    applied = apply_migrations(con)
    apply_views(con)
    return applied


def read_every_block(con: duckdb.DuckDBPyConnection) -> int:
    """Read every column of every table back (DuckDB checks each block's checksum as it
    reads), so a damaged file fails here rather than passing as "up to date". Returns the
    number of tables read; about a second per GB."""
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                         "WHERE database_name = current_database() AND NOT internal").fetchall()
    for schema, table in tables:
        con.execute(f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{schema}"."{table}"').fetchall()
    return len(tables)


def warehouse_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every migration on disk has been applied (used by read-only commands)."""
    try:
        rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    except duckdb.Error as exc:
        if is_damage_error(exc):
            raise
        return False
    return {r[0] for r in rows} >= {m.version for m in list_migrations()}
