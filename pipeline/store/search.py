"""Full-text search over article titles and text with DuckDB's fts extension (BM25).

DuckDB's full-text index is a snapshot: `create_fts_index` does not follow later
inserts and rebuilding it re-reads every article (minutes at a few hundred
thousand articles). It is built once (`rebuild_search_index`), and after that
`update_search_index` adds only the new articles to the same index tables, with
the index's own tokenizer, stopwords and the extension's stemmer, so the index
stays what a rebuild would give. Next to it we keep its postings sorted by term
(`warehouse/refresh/search_postings.sql`) so a query reads only its own words'
postings. Queries go through the saved query `warehouse/queries/search_articles.sql`,
which adds entity and date filters.
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
APPEND_SQL = WAREHOUSE_DIR / "refresh" / "search_append.sql"
RESORT_SQL = WAREHOUSE_DIR / "refresh" / "search_resort.sql"
CJK_SQL = WAREHOUSE_DIR / "refresh" / "search_cjk.sql"
RESORT_TAIL = 0.10   # re-sort the postings once a tenth of them were appended unsorted


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
    install_cjk_tokenizer(con)
    record_refresh(con, "search")
    took = time.perf_counter() - started
    log.info("full-text index rebuilt in %.1f s", took)
    return took


def cjk_tokenizer_installed(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute("SELECT count(*) FROM duckdb_functions() WHERE schema_name = ? "
                        "AND function_name = 'tokenize_base' AND database_name = current_database()",
                        [INDEX_SCHEMA]).fetchone()[0]
    return bool(found)


def install_cjk_tokenizer(con: duckdb.DuckDBPyConnection) -> None:
    """Make the index read Japanese (warehouse/refresh/search_cjk.sql): swap in the tokenizer
    and re-add, with it, the articles indexed before that hold Japanese text."""
    base = con.execute("SELECT macro_definition FROM duckdb_functions() WHERE schema_name = ? "
                       "AND function_name = 'tokenize' AND database_name = current_database()",
                       [INDEX_SCHEMA]).fetchone()[0]
    con.execute(CJK_SQL.read_text(encoding="utf-8").replace("{base}", base))
    con.execute(APPEND_SQL.read_text(encoding="utf-8"))
    con.execute(RESORT_SQL.read_text(encoding="utf-8"))


def update_search_index(con: duckdb.DuckDBPyConnection) -> float:
    """Add the articles the index does not hold yet (building it if there is none); return seconds."""
    if not search_index_exists(con):
        return rebuild_search_index(con)
    started = time.perf_counter()
    load_extension(con, "fts")
    con.execute("BEGIN TRANSACTION")   # all or nothing: a half-added batch would count its terms twice
    try:
        if not cjk_tokenizer_installed(con):   # an index built before Japanese articles were read
            install_cjk_tokenizer(con)
        con.execute(APPEND_SQL.read_text(encoding="utf-8"))
        total, sorted_rows = con.execute(
            "SELECT (SELECT count(*) FROM fts_main_articles.postings), "
            "(SELECT sorted_rows FROM fts_main_articles.postings_state)").fetchone()
        if total - sorted_rows > RESORT_TAIL * total:
            con.execute(RESORT_SQL.read_text(encoding="utf-8"))
        record_refresh(con, "search")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    took = time.perf_counter() - started
    log.info("full-text index updated in %.2f s", took)
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
                    limit: int | None = None, entity_files: tuple = ()) -> QueryResult:
    """Articles matching `words` best first (BM25), optionally naming `entity` (any case, an alias
    or a ticker), within dates."""
    from pipeline.store.saved_queries import run_saved_query

    return run_saved_query(settings, SEARCH_QUERY, search_params(words, entity, since, until, limit), entity_files)
