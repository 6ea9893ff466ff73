"""Saved, parameterised queries: `warehouse/queries/NAME.sql`, run by `newsmon query`.

Each file starts with a header of `--` comment lines: the first says what the
query answers, the next ones (optional) explain it, and one line per parameter:

    -- @param entity VARCHAR              entity name (no default: required)
    -- @param since DATE = '7d'          first day: a date, today, yesterday, 7d or 2w ago; NULL: no bound

The SQL refers to parameters as `$entity`. Values given on the command line as
`--param key=value` are checked against the declared type before DuckDB sees
them; a bad value, an unknown name or a missing required value is a usage error.
Entity parameters (`entity`, `entity_*`) take any case, aliases and tickers
(pipeline.store.entity_params).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from pipeline.config import WarehouseSettings
from pipeline.errors import ConfigError, WarehouseError
from pipeline.store.paths import QUERIES_DIR
from pipeline.store.readonly import QueryResult, SqlError, check_readonly

log = logging.getLogger(__name__)

_PARAM_LINE = re.compile(r"^--\s*@param\s+(\w+)\s+(\w+)(?:\s*=\s*('(?:[^']|'')*'|\S+))?\s*(.*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TYPES = ("VARCHAR", "INTEGER", "DOUBLE", "DATE", "TIMESTAMP", "BOOLEAN")
_REQUIRED = object()


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str
    default: object          # parsed value, None for NULL, _REQUIRED when there is none
    description: str
    default_raw: str = ""    # the default as written in the header ('7d' stays '7d' in --list)

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def default_text(self) -> str:
        if self.required:
            return "(required)"
        if self.default is None:
            return "NULL"
        return self.default_raw or str(self.default)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str               # the question it answers (first header line)
    description: str         # further header lines
    params: tuple[QueryParam, ...]
    sql: str
    path: Path


_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$", re.IGNORECASE)


def relative_time(text: str, type_name: str, now: datetime | None = None) -> object | None:
    """'today', 'yesterday', '7d', '2w' (and '24h' for timestamps) as a UTC date or timestamp; else None."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    word = text.lower()
    if word in ("today", "now"):
        moment = now
    elif word == "yesterday":
        moment = now - timedelta(days=1)
    elif match := _RELATIVE.match(word):
        count, unit = int(match.group(1)), match.group(2)
        if unit == "h" and type_name == "DATE":
            return None
        moment = now - timedelta(hours=count) if unit == "h" else now - timedelta(days=count * (7 if unit == "w" else 1))
    else:
        return None
    return moment.date() if type_name == "DATE" else moment


def convert_value(raw: str, type_name: str, label: str) -> object:
    """Turn a command-line string into a value of the declared SQL type (dates may be relative)."""
    text = raw.strip()
    if text.upper() == "NULL":
        return None
    if type_name in ("DATE", "TIMESTAMP") and (moment := relative_time(text, type_name)) is not None:
        return moment
    try:
        if type_name == "INTEGER":
            return int(text)
        if type_name == "DOUBLE":
            return float(text)
        if type_name == "DATE":
            return date.fromisoformat(text)
        if type_name == "TIMESTAMP":
            return datetime.fromisoformat(text)
        if type_name == "BOOLEAN":
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return text.lower() in ("true", "1", "yes")
    except ValueError:
        raise ConfigError(f"{label} must be {_type_hint(type_name)}, got {raw!r}") from None
    return raw


def _type_hint(type_name: str) -> str:
    return {"INTEGER": "an integer", "DOUBLE": "a number", "DATE": "a date YYYY-MM-DD, today, yesterday or Nd/Nw ago",
            "TIMESTAMP": "a timestamp YYYY-MM-DD[THH:MM:SS] or Nh/Nd/Nw ago", "BOOLEAN": "true or false"}.get(type_name, "text")


def parse_param_line(line: str, path: Path) -> QueryParam:
    match = _PARAM_LINE.match(line.strip())
    if not match or match.group(2).upper() not in TYPES:
        raise WarehouseError(f"{path.name}: bad parameter line {line.strip()!r} "
                             f"(want: -- @param NAME {'|'.join(TYPES)} [= DEFAULT] description)")
    name, type_name, default, description = match.groups()
    type_name = type_name.upper()
    if default is None:
        value = _REQUIRED
    elif default.startswith("'"):
        value = convert_value(default[1:-1].replace("''", "'"), type_name, f"{path.name}: default of {name}")
    else:
        value = convert_value(default, type_name, f"{path.name}: default of {name}")
    raw_default = default[1:-1].replace("''", "'") if default and default.startswith("'") else (default or "")
    return QueryParam(name, type_name, value, description.strip(), raw_default)


def parse_saved_query(path: Path) -> SavedQuery:
    """Read one saved query file and its header."""
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    params = tuple(parse_param_line(l, path) for l in header if "@param" in l)
    prose = [l[2:].strip() for l in header if "@param" not in l]
    if not prose or not prose[0]:
        raise WarehouseError(f"{path.name}: the first line must be a comment saying what the query answers")
    return SavedQuery(path.stem, prose[0], " ".join(p for p in prose[1:] if p), params, text, path)


def load_saved_queries(folder: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """Every saved query in `folder`, by name."""
    found = {}
    for path in sorted(folder.glob("*.sql")):
        if not _NAME.match(path.stem):
            raise WarehouseError(f"saved query file names must be snake_case: {path.name}")
        found[path.stem] = parse_saved_query(path)
    return found


def get_saved_query(name: str, folder: Path = QUERIES_DIR) -> SavedQuery:
    queries = load_saved_queries(folder)
    if name not in queries:
        raise ConfigError(f"no saved query named {name!r}; `newsmon query --list` shows them")
    return queries[name]


def parse_param_args(items: list[str] | None) -> dict[str, str]:
    """`["key=value", ...]` from `--param` options, as a dict."""
    values: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param must look like key=value, got {item!r}")
        values[key.strip()] = value
    return values


def bind_params(query: SavedQuery, raw: dict[str, str]) -> dict[str, object]:
    """Typed values for every declared parameter the SQL uses (usage error when wrong)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise ConfigError(f"query {query.name}: unknown parameter {unknown[0]!r} (parameters: {known})")
    bound = {}
    for param in query.params:
        if param.name in raw:
            value = convert_value(raw[param.name], param.type, f"query {query.name}: parameter {param.name}")
        elif param.required:
            raise ConfigError(f"query {query.name}: parameter {param.name!r} is required "
                              f"(--param {param.name}=...)")
        else:
            value = param.default
        if re.search(rf"\${param.name}\b", query.sql):
            bound[param.name] = value
    return bound


def execute_saved_query(con: duckdb.DuckDBPyConnection, query: SavedQuery,
                        values: dict[str, object], lock: bool = False) -> QueryResult:
    """Run a saved query on an open connection with already-bound values
    (`lock`: lock the connection's configuration first, as for any user SQL)."""
    check_readonly(query.sql)
    if "fts_main_articles" in query.sql:
        from pipeline.store.search import require_search_index
        require_search_index(con)
    if lock:
        con.execute("SET lock_configuration = true")
    try:
        return QueryResult(con.execute(query.sql, values).to_arrow_table())
    except duckdb.Error as exc:
        from pipeline.store.connection import is_damage_error

        if is_damage_error(exc):
            raise   # warehouse_session says the file is damaged
        raise SqlError(f"query {query.name}: {exc}") from exc


def run_saved_query(settings: WarehouseSettings, name: str, raw: dict[str, str],
                    entity_files: tuple[Path, ...] = ()) -> QueryResult:
    """Load, bind and run saved query `name` read-only against the warehouse; entity parameters
    take any case, an alias or a ticker (pipeline.store.entity_params, with the story's entity files)."""
    from pipeline.store.connection import warehouse_session
    from pipeline.store.entity_params import resolve_entity_params

    query = get_saved_query(name)
    values = bind_params(query, raw)
    with warehouse_session(settings, read_only=True) as con:
        values = resolve_entity_params(con, query.name, values, entity_files)
        return execute_saved_query(con, query, values, lock=True)


def describe_saved_queries(folder: Path = QUERIES_DIR) -> str:
    """The text of `newsmon query --list`: name, question, parameters with defaults."""
    lines = []
    for query in load_saved_queries(folder).values():
        lines.append(f"{query.name}\n    {query.title}")
        for p in query.params:
            lines.append(f"    --param {p.name}=<{p.type.lower()}>  default {p.default_text()}"
                         + (f"  {p.description}" if p.description else ""))
    return "\n".join(lines)
