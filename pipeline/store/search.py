"""Full-text search over article titles and text with DuckDB's fts extension (BM25).

DuckDB's full-text index is a snapshot: it does not follow later inserts, so it
is rebuilt after ingestion writes new articles (`rebuild_search_index`, called
from `refresh_after_write`). Next to the index we keep its postings sorted by
term (`warehouse/refresh/search_postings.sql`) so a query reads only its own
words' postings. Queries go through the saved query
`warehouse/queries/search_articles.sql`, which adds entity and date filters.
"""
from __future__ import annotations

import logging
import time

import duckdb

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError
from pipeline.store.extensions import load_extension
from pipeline.store.paths import WAREHOUSE_DIR
from pipeline.store.readonly import QueryResult
from pipeline.store.trends import record_refresh

log = logging.getLogger(__name__)

INDEX_SCHEMA = "fts_main_articles"
SEARCH_QUERY = "search_articles"
POSTINGS_SQL = WAREHOUSE_DIR / "refresh" / "search_postings.sql"


def search_index_exists(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the fts index and its term-sorted postings are both built."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'postings' "
        "AND database_name = current_database()",
        [INDEX_SCHEMA],
    ).fetchone()[0]
    return bool(found)


def require_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts and check the index exists, or say how to build it."""
    load_extension(con, "fts")
    if not search_index_exists(con):
        raise WarehouseError("the warehouse has no up-to-date full-text index: run `newsmon init` or `newsmon ingest` "
                             "(full-text search needs the DuckDB file backend, not DuckLake)")


def rebuild_search_index(con: duckdb.DuckDBPyConnection) -> float:
    """(Re)build the BM25 index over articles.title and articles.text and its postings; return seconds."""
    started = time.perf_counter()
    load_extension(con, "fts")
    con.execute(
        f"PRAGMA create_fts_index('articles', 'article_id', 'title', 'text', "
        f"stemmer = 'porter', stopwords = 'english', strip_accents = 1, lower = 1, overwrite = 1)"
    )
    con.execute(POSTINGS_SQL.read_text(encoding="utf-8"))
    record_refresh(con, "search")
    took = time.perf_counter() - started
    log.info("full-text index rebuilt in %.1f s", took)
    return took


def search_params(words: str, entity: str | None = None, since: str | None = None,
                  until: str | None = None, limit: int | None = None) -> dict[str, str]:
    """The `--param` values of the search saved query for `newsmon search` options."""
    if not words.strip():
        from pipeline.errors import ConfigError
        raise ConfigError("search needs some words, e.g. newsmon search \"merger talks\"")
    raw = {"words": words}
    for key, value in (("entity", entity), ("since", since), ("until", until), ("limit", limit)):
        if value is not None:
            raw[key] = str(value)
    return raw


def search_articles(settings: WarehouseSettings, words: str, entity: str | None = None,
                    since: str | None = None, until: str | None = None,
                    limit: int | None = None) -> QueryResult:
    """Articles matching `words` best first (BM25), optionally naming `entity`, within dates."""
    from pipeline.store.saved_queries import run_saved_query

    return run_saved_query(settings, SEARCH_QUERY, search_params(words, entity, since, until, limit))
