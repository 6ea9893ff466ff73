"""Entity parameters of saved queries that forgive: any case, an alias or a ticker, and a clear
error naming the nearest names when the entity is unknown.

A parameter named `entity` or `entity_*` is resolved before the query runs: a stored canonical name
as typed; else the knowledge base's canonical name for an alias, ticker or legal-suffixed name
(pipeline.nlp.kb_lookup); else a stored name that differs only in case. A name that neither the
warehouse nor the knowledge base knows is a usage error that suggests the nearest names.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.errors import ConfigError
from pipeline.store.paths import WAREHOUSE_DIR

NAMES_SQL = WAREHOUSE_DIR / "lookups" / "entity_names.sql"
NEAREST_SQL = WAREHOUSE_DIR / "lookups" / "entity_nearest.sql"


def is_entity_param(name: str) -> bool:
    return name == "entity" or name.startswith("entity_")


def _stored(con: duckdb.DuckDBPyConnection, value: str) -> list[tuple[str, bool]]:
    rows = con.execute(NAMES_SQL.read_text(encoding="utf-8"), {"value": value}).fetchall()
    return [(r[0], bool(r[1])) for r in rows]


def load_story_kb(entity_files: tuple[Path, ...] = ()):
    """The knowledge base with the story's entity files layered over it (no spaCy)."""
    from pipeline.nlp.kb import BUILTIN_MODELS_DIR, load_kb

    return load_kb(BUILTIN_MODELS_DIR, tuple(entity_files))


def resolve_entity_value(con: duckdb.DuckDBPyConnection, value: str, label: str, kb) -> str:
    """The canonical entity name a saved query should use for `value` (see the module docstring)."""
    from pipeline.nlp.kb_lookup import nearest_names, resolve_text

    stored = _stored(con, value)
    if stored and stored[0][1]:
        return value
    known = resolve_text(kb, value)
    if known.name is not None and not known.how.startswith("ambiguous"):
        return known.name
    if stored:
        return stored[0][0]
    if known.name is not None:
        return known.name
    near = [r[0] for r in con.execute(NEAREST_SQL.read_text(encoding="utf-8"), {"value": value}).fetchall()]
    near = list(dict.fromkeys([*near, *nearest_names(kb, value)]))[:5]
    hint = f"; nearest: {', '.join(near)}" if near else ""
    raise ConfigError(f"{label}: unknown entity {value!r} (not in the warehouse nor the knowledge base){hint}")


def resolve_entity_params(con: duckdb.DuckDBPyConnection, query_name: str, values: dict[str, object],
                          entity_files: tuple[Path, ...] = ()) -> dict[str, object]:
    """`values` with every non-NULL entity parameter replaced by its canonical name."""
    wanted = [k for k, v in values.items() if is_entity_param(k) and isinstance(v, str)]
    if not wanted:
        return values
    kb = load_story_kb(entity_files)
    out = dict(values)
    for key in wanted:
        out[key] = resolve_entity_value(con, str(values[key]), f"query {query_name}: parameter {key}", kb)
    return out
