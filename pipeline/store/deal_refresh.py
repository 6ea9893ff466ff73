"""Rebuild the deal tracker tables for the touched deals (a step of `refresh_trends`).

`warehouse/refresh/deal_reports.sql` gathers the touched deals' reports into
`_deal_reports_base`; this module folds each deal's reports as a lifecycle
(`deal_lifecycle.fold_reports`) and registers the readings and status changes as
Arrow tables for `deal_history.sql` and `deals.sql` to store.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import duckdb
import pyarrow as pa

from pipeline.store.deal_lifecycle import FRESH, DealReport, Fold, fold_reports

READ_SCHEMA = pa.schema([("event_id", pa.string()), ("reading", pa.string()),
                         ("contradicted", pa.bool_()), ("day_statuses", pa.int64())])
HISTORY_SCHEMA = pa.schema([("event_id", pa.string()), ("status", pa.string()),
                            ("previous_status", pa.string()), ("change", pa.string()),
                            ("contradicted", pa.bool_())])
BASE_COLUMNS = ("deal_key", "event_id", "article_id", "status", "published_at", "dated",
                "counts_for_status", "confidence", "evidence", "title")


def report_from_row(row: dict) -> DealReport:
    return DealReport(event_id=row["event_id"], article_id=row["article_id"], status=row["status"],
                      stamp=row["published_at"], dated=bool(row["dated"]),
                      counts=bool(row["counts_for_status"]), confidence=row["confidence"],
                      evidence=row["evidence"] or "", title=row["title"] or "")


def read_base_reports(con: duckdb.DuckDBPyConnection) -> dict[str, list[DealReport]]:
    cols = ", ".join(BASE_COLUMNS)
    by_deal: dict[str, list[DealReport]] = defaultdict(list)
    for values in con.execute(f"SELECT {cols} FROM _deal_reports_base").fetchall():
        row = dict(zip(BASE_COLUMNS, values))
        by_deal[row["deal_key"]].append(report_from_row(row))
    return by_deal


def fold_tables(by_deal: dict[str, list[DealReport]],
                min_confidence: float = 0.0) -> tuple[pa.Table, pa.Table]:
    """Per report its reading, per status change its row (the Arrow tables the SQL joins)."""
    reads: dict[str, list] = defaultdict(list)
    history: dict[str, list] = defaultdict(list)
    for reports in by_deal.values():
        fold = fold_reports(reports, min_confidence)
        day_statuses = _fresh_statuses_per_day(reports, fold)
        for r in reports:
            reads["event_id"].append(r.event_id)
            reads["reading"].append(fold.readings[r.event_id])
            reads["contradicted"].append(fold.is_contradicted(r))
            reads["day_statuses"].append(day_statuses.get(r.day, 0))
        for c in fold.changes:
            for name, value in (("event_id", c.report.event_id), ("status", c.status),
                                ("previous_status", c.previous), ("change", c.change),
                                ("contradicted", c.contradicted)):
                history[name].append(value)
    return (pa.table({f.name: reads[f.name] for f in READ_SCHEMA}, schema=READ_SCHEMA),
            pa.table({f.name: history[f.name] for f in HISTORY_SCHEMA}, schema=HISTORY_SCHEMA))


def _fresh_statuses_per_day(reports: list[DealReport], fold: Fold) -> dict:
    seen: dict = defaultdict(set)
    for r in reports:
        if fold.readings[r.event_id] in FRESH:
            seen[r.day].add(r.status)
    return {d: len(s) for d, s in seen.items()}


def refresh_deals(con: duckdb.DuckDBPyConnection, run_sql: Callable[[str], None]) -> None:
    """Run the deal steps for the deals in `_touched_deals` (run_sql runs a refresh/*.sql)."""
    run_sql("deal_reports")
    reads, history = fold_tables(read_base_reports(con), read_min_confidence(con))
    con.register("_deal_reports_read", reads)
    con.register("_deal_history_new", history)
    try:
        run_sql("deal_history")
        run_sql("deals")
    finally:
        con.unregister("_deal_reports_read")
        con.unregister("_deal_history_new")
        con.execute("DROP TABLE IF EXISTS temp._deal_reports_base")


def read_min_confidence(con: duckdb.DuckDBPyConnection) -> float:
    """The tracker's confidence threshold recorded in the warehouse (0 when none)."""
    value = con.execute("SELECT max(min_confidence) FROM agg_deal_settings").fetchone()[0]
    return float(value or 0.0)


def apply_min_confidence(con: duckdb.DuckDBPyConnection, value: float) -> bool:
    """Record `[digest] min_confidence` as the tracker's threshold; when it changed, fold
    every deal again (in one transaction). True when it rebuilt."""
    from pipeline.store.trends import read_refresh_sql

    if abs(read_min_confidence(con) - value) < 1e-9:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM agg_deal_settings")
        con.execute("INSERT INTO agg_deal_settings VALUES (?)", [value])
        con.execute("CREATE OR REPLACE TEMP TABLE _touched_deals AS SELECT DISTINCT deal_key FROM events")
        refresh_deals(con, lambda step: con.execute(read_refresh_sql(step)))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS temp._touched_deals")
    return True
