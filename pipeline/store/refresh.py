"""Bring derived data (trend aggregates, full-text index) up to date after writes.

The one call for writers: `refresh_after_write(con, article_ids)` after a batch
of articles or extraction results is committed (or inside its transaction).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

import duckdb

from pipeline.store.connection import is_lake
from pipeline.store.search import search_index_exists, update_search_index
from pipeline.store.trends import pending_count, refresh_trends

log = logging.getLogger(__name__)


def refresh_after_write(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str] | None = None,
                        rebuild_search: bool = True, trends: bool = True) -> None:
    """Recount trends touched by `article_ids` (all when None) and index new articles for search.

    Pass rebuild_search=False for all but the last batch of a run: the search index
    then takes the run's new articles in one go. Pass trends=False when the writer
    already called refresh_trends inside its transaction.
    """
    if (article_ids is not None and not article_ids and (is_lake(con) or search_index_exists(con))
            and not pending_count(con)):
        return
    if trends:
        refresh_trends(con, article_ids)
    if is_lake(con):   # DuckLake cannot store DuckDB's fts index tables; search needs a DuckDB file
        return
    if rebuild_search or not search_index_exists(con):
        update_search_index(con)


def ensure_derived(con: duckdb.DuckDBPyConnection) -> bool:
    """Build the trend tables and search index if they were never built, or count articles a
    dead run left pending; True when it did."""
    from pipeline.store.trends import trends_were_built

    if trends_were_built(con) and (is_lake(con) or search_index_exists(con)):
        if pending_count(con):   # a run died between its batches: count what it stored
            refresh_after_write(con, [])
            return True
        return False
    refresh_after_write(con)
    return True
