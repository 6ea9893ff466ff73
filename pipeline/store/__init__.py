"""The warehouse: the one module that knows how newsmon's data is stored.

Everything else calls these functions; moving from one DuckDB file to DuckLake is
a `[warehouse]` configuration change, not a code change.
"""
from pipeline.store.connection import open_warehouse, warehouse_session
from pipeline.store.migrations import apply_migrations, apply_views, init_warehouse
from pipeline.store.readonly import run_readonly_query

__all__ = [
    "apply_migrations",
    "apply_views",
    "init_warehouse",
    "open_warehouse",
    "run_readonly_query",
    "warehouse_session",
]
