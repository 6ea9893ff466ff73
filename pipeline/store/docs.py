"""Generate `warehouse/README.md` from the SQL files, so the documentation cannot drift.

Relations and their columns come from a scratch warehouse built in memory by the
real migrations and views. Descriptions come from the SQL itself: a table
column's trailing `-- comment` in its CREATE TABLE (or a `COMMENT ON COLUMN` in a
later migration), a view's header comment and the trailing `-- comment` on the
line that ends each output column. Run `python -m pipeline.store.docs` after
changing SQL; tests/test_warehouse_docs.py fails when the file is out of date or
a column has no description.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.store.migrations import apply_migrations, apply_views
from pipeline.store.paths import MIGRATIONS_DIR, QUERIES_DIR, VIEWS_DIR, WAREHOUSE_DIR

README_PATH = WAREHOUSE_DIR / "README.md"
_CREATE_TABLE = re.compile(r"CREATE TABLE(?: IF NOT EXISTS)?\s+(\w+)\s*\((.*?)\n\);", re.S | re.I)
_COLUMN_LINE = re.compile(r"^\s*(\w+)\s+[A-Z]+.*?--\s*(.+)$")
_ALIAS = re.compile(r"\bAS\s+(\w+)\s*,?\s*$", re.I)
_BARE = re.compile(r"(?:\w+\.)?(\w+)\s*,?\s*$")
_TABLE_NOTE = re.compile(r"^--\s*\d{4}:\s*(.+)$")


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str                               # table | view
    description: str
    columns: tuple[tuple[str, str, str], ...]  # name, type, description


def split_comment(line: str) -> tuple[str, str]:
    code, _, comment = line.partition("--")
    return code.rstrip(), comment.strip()


def table_comments(folder: Path = MIGRATIONS_DIR) -> dict[str, dict[str, str]]:
    """Trailing comments of columns in every CREATE TABLE of the migrations."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.sql")):
        for name, body in _CREATE_TABLE.findall(path.read_text(encoding="utf-8")):
            for line in body.splitlines():
                match = _COLUMN_LINE.match(line)
                if match:
                    found.setdefault(name, {})[match.group(1)] = match.group(2).strip()
    return found


def view_comments(sql: str) -> tuple[str, dict[str, str]]:
    """A view's header comment and the trailing comment of each output column."""
    lines = sql.splitlines()
    header = []
    for line in lines:
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    description = " ".join(header)
    if ":" in description.split(" ", 1)[0] + " ":
        description = description.split(":", 1)[1].strip()
    columns: dict[str, str] = {}
    for line in lines[len(header):]:
        code, comment = split_comment(line)
        if not comment or not code.strip():
            continue
        match = _ALIAS.search(code) or _BARE.search(code)
        if match:
            columns.setdefault(match.group(1), comment)
    return description, columns


def build_catalog() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_migrations(con)
    apply_views(con)
    return con


def _describe(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {name}").fetchall()]


def _table_notes(folder: Path = MIGRATIONS_DIR) -> dict[str, str]:
    """A table's description: the comment line just above its CREATE TABLE, else the migration's."""
    notes: dict[str, str] = {}
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        first = _TABLE_NOTE.match(text.splitlines()[0]) if text else None
        for match in _CREATE_TABLE.finditer(text):
            before = text[: match.start()].splitlines()
            above = before[-1][2:].strip() if before and before[-1].startswith("--") else ""
            above = above.split(":", 1)[1].strip() if above.startswith(match.group(1) + ":") else above
            notes.setdefault(match.group(1), above or (first.group(1) if first else ""))
    return notes


def collect_relations() -> list[Relation]:
    """Every table and view of the warehouse with column types and descriptions."""
    con = build_catalog()
    inline = table_comments()
    notes = _table_notes()
    catalog = {(r[0], r[1]): r[2] or "" for r in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = current_database()").fetchall()}
    relations = []
    for name, comment in con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE database_name = "
                                     "current_database() AND NOT temporary ORDER BY table_name").fetchall():
        cols = tuple((c, t, catalog.get((name, c)) or inline.get(name, {}).get(c, "")) for c, t in _describe(con, name))
        relations.append(Relation(name, "table", comment or notes.get(name, ""), cols))
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        description, comments = view_comments(path.read_text(encoding="utf-8"))
        cols = tuple((c, t, comments.get(c, "")) for c, t in _describe(con, path.stem))
        relations.append(Relation(path.stem, "view", description, cols))
    con.close()
    return relations


def undocumented_columns(relations: list[Relation]) -> list[str]:
    return [f"{r.name}.{c}" for r in relations for c, _, d in r.columns if not d]


def render_readme(relations: list[Relation]) -> str:
    from pipeline.store.saved_queries import load_saved_queries

    out = ["# The warehouse: relations and saved queries", "",
           "Generated by `python -m pipeline.store.docs` from `migrations/*.sql`, `views/*.sql` and",
           "`queries/*.sql`; do not edit by hand (a test fails when this file is out of date).", "",
           "All timestamps are UTC (`TIMESTAMP` without zone); every `day` is a UTC calendar day.",
           "Trend relations count a near-duplicate cluster (a story) once, on the publication day",
           "of its earliest dated copy; undated backfill (`published_source = 'fetch'`) is not",
           "counted in trends, so a backfill cannot fake a spike on the day it was fetched.", ""]
    for kind, title in (("view", "Views"), ("table", "Tables")):
        out += [f"## {title}", ""]
        for rel in (r for r in relations if r.kind == kind):
            out += [f"### `{rel.name}`", "", rel.description, "", "| column | type | meaning |", "|---|---|---|"]
            out += [f"| `{c}` | {t} | {d.replace('|', '/')} |" for c, t, d in rel.columns]
            out.append("")
    out += ["## Saved queries (`newsmon query NAME --param key=value`)", ""]
    for query in load_saved_queries(QUERIES_DIR).values():
        params = ", ".join(f"`{p.name}` ({p.type.lower()}, " + ("required)" if p.required else f"default {p.default_text()})")
                           for p in query.params)
        out.append(f"- **{query.name}**: {query.title}" + (f" Parameters: {params}." if params else ""))
    return "\n".join(out) + "\n"


def main() -> int:
    relations = collect_relations()
    missing = undocumented_columns(relations)
    README_PATH.write_text(render_readme(relations), encoding="utf-8")
    print(f"wrote {README_PATH} ({len(relations)} relations)")
    if missing:
        print("columns without a description: " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
