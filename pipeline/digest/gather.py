"""Read the changes of a digest window out of the warehouse views.

Every query lives in `warehouse/digest/<name>.sql`. They read `digest_articles`, a
per-connection view that stamps each article with the time it became visible
(the end of the ingest run that stored it), so windows never split a run.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import duckdb

from pipeline.digest.model import (STATUS_WEIGHT, DealChange, Digest, EntityRise, MoveReport,
                                   NewName, Story)
from pipeline.errors import ConfigError
from pipeline.store.deal_lifecycle import fold_reports
from pipeline.store.deal_refresh import report_from_row
from pipeline.store.paths import WAREHOUSE_DIR

DIGEST_SQL = WAREHOUSE_DIR / "digest"
SERIES_DAYS = 30
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SINCE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime) -> datetime:
    """'24h', '7d', '2w', '30m', 'all' or an ISO date/time -> the window start (UTC)."""
    text = text.strip().lower()
    if text == "all":
        return EPOCH
    match = _SINCE.match(text)
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since must be like 24h, 7d, all or an ISO date, got {text!r}") from None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def naive_utc(value: datetime) -> datetime:
    """The warehouse stores naive UTC timestamps."""
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def aware_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def query_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[dict]:
    """Run `warehouse/digest/<name>.sql` with the named parameters it uses."""
    sql = (DIGEST_SQL / f"{name}.sql").read_text(encoding="utf-8")
    needed = set(re.findall(r"\$(\w+)", sql))
    cursor = con.execute(sql, {k: v for k, v in params.items() if k in needed})
    if cursor.description is None:
        return []
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row)) for row in cursor.fetchall()]


def prepare_digest_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create the per-connection `digest_articles` view (idempotent)."""
    con.execute((DIGEST_SQL / "digest_articles.sql").read_text(encoding="utf-8"))


def find_watermark(con: duckdb.DuckDBPyConnection, now: datetime) -> datetime | None:
    """When the newest article visible at `now` was stored (None: empty warehouse)."""
    prepare_digest_views(con)
    value = query_rows(con, "watermark", {"now": naive_utc(now)})[0]["watermark"]
    return aware_utc(value) if value else None


def gather_digest(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime,
                  limit: int = 8, watch: tuple[str, ...] = (), min_confidence: float = 0.0,
                  late_arrival_h: float = 24.0) -> Digest:
    """Collect every section of the digest for the window (since, until] of publication
    time (late arrivals by storage time: see `in_digest_window` in digest_articles.sql);
    deal changes, rises and moves of the watched entities (`[story] watch`) come first."""
    prepare_digest_views(con)
    params = {"since": naive_utc(since), "until": naive_utc(until), "limit": limit,
              "late_h": float(late_arrival_h)}
    counts = query_rows(con, "window_counts", params)[0]
    digest = Digest(since=since, until=until, articles=counts["articles"],
                    stories=counts["stories"], sources=counts["sources"],
                    first_published=counts["dated_first"], last_published=counts["dated_last"])
    if not counts["articles"]:
        return digest
    params["series_end"] = counts["last_published"]
    params["since_pub"] = trend_start(counts["first_published"], counts["last_published"], until - since)
    params["has_history"] = query_rows(con, "has_history", params)[0]["has_history"]
    digest.deal_changes = read_deal_changes(con, params, min_confidence, frozenset(watch))
    digest.rises = watched_first(read_entity_rises(con, params), watch)
    digest.top_stories = [Story(r["title"] or "(untitled)", r["url"], r["published_at"], r["copies"],
                                r["sources"], r["source_names"] or "")
                          for r in query_rows(con, "top_stories", params)]
    digest.moves = [MoveReport(r["entity"], r["direction"], r["pct"], r["evidence"] or "",
                               r["source"] or "", r["url"] or "", r["published_at"], r["sources"])
                    for r in query_rows(con, "market_moves", params)]
    digest.moves = watched_first(digest.moves, watch)
    digest.new_names = [NewName(r["name"], r["label"], r["stories"])
                        for r in query_rows(con, "new_names", params)]
    return digest


def trend_start(first_published: datetime, last_published: datetime, span: timedelta) -> datetime:
    """Start of the publication days the trend section compares: those of the window's
    articles, but no longer than the window itself (a stray old article does not
    stretch a daily digest's trends over a year)."""
    return max(first_published, last_published - span) - timedelta(days=1)


def read_deal_changes(con: duckdb.DuckDBPyConnection, params: dict,
                      min_confidence: float = 0.0, watch: frozenset[str] = frozenset()) -> list[DealChange]:
    """One DealChange per deal whose status the window's reports changed: those with a watched
    participant first, then the biggest change first.

    Each deal's reports are folded as a lifecycle with `min_confidence` (the warehouse's
    deal_history folds them all), so hiding weak reports changes the history shown."""
    by_deal: dict[str, list[dict]] = defaultdict(list)
    for row in query_rows(con, "deal_changes", params):
        by_deal[row["deal_id"]].append(row)
    changes = []
    for rows in by_deal.values():
        window_rows = changes_in_window(rows, min_confidence)
        if window_rows:
            changes.append(summarise_deal(window_rows, params.get("has_history", True)))
    changes.sort(key=lambda c: (bool(watch & set(c.participants)), c.weight()), reverse=True)
    return changes[:params["limit"]]


def watched_first(rows: list, watch: tuple[str, ...]) -> list:
    """Rows about a watched entity first, each group in its own order."""
    return sorted(rows, key=lambda r: r.entity not in watch) if watch else rows


def changes_in_window(rows: list[dict], min_confidence: float) -> list[dict]:
    """The status changes caused by the window's reports of one deal, oldest first, as
    rows shaped like deal_history's."""
    reports = {r["event_id"]: r for r in rows}
    fold = fold_reports([report_from_row(r) for r in rows], min_confidence)
    out = []
    for c in fold.changes:
        row = reports[c.report.event_id]
        if row["in_window"]:
            out.append({**row, "status": c.status, "previous_status": c.previous,
                        "contradicted": c.contradicted, "change": c.change,
                        "day": c.report.day})
    return out


def summarise_deal(rows: list[dict], has_history: bool = True) -> DealChange:
    """Fold a deal's changes in the window (oldest first) into one DealChange; a deal is
    new only when the warehouse holds something from before the window."""
    first, last = rows[0], rows[-1]
    ranked = [(STATUS_WEIGHT.get(r["status"], 1), i) for i, r in enumerate(rows)]
    key = rows[max(ranked)[1]]                     # the most significant change, the latest of equals
    steps = [first["previous_status"]] if first["previous_status"] else []
    for row in rows:
        if not steps or steps[-1] != row["status"]:
            steps.append(row["status"])
    return DealChange(
        deal_id=first["deal_id"], type=first["type"],
        participants=tuple(p.strip() for p in (first["participants"] or "").split(" + ") if p.strip()),
        before=key["previous_status"], status=key["status"], latest=last["status"],
        steps=tuple(steps), is_new=has_history and first["previous_status"] is None, day=key["day"],
        evidence=key["evidence"] or "", source=key["source"] or "", url=key["url"] or "",
        title=key["title"] or "", contradicted=any(bool(r["contradicted"]) for r in rows),
        articles=int(first["deal_articles"] or 0), reopened=key.get("change") == "reopens",
    )


def read_entity_rises(con: duckdb.DuckDBPyConnection, params: dict) -> list[EntityRise]:
    rises = query_rows(con, "entity_rises", params)
    series = read_series(con, [r["entity"] for r in rises], params["series_end"])
    return [EntityRise(r["entity"], int(r["mentions"]), int(r["previous"]) if r["has_history"] else None,
                       int(r["articles"]), bool(r["spiked"]), *series.get(r["entity"], ((), ())),
                       spike_day=r["spike_day"], spike_mentions=int(r["spike_mentions"] or 0),
                       spike_zscore=float(r["spike_zscore"] or 0.0))
            for r in rises]


def read_series(con: duckdb.DuckDBPyConnection, entities: list[str],
                series_end: datetime) -> dict[str, tuple[tuple[int, ...], tuple[bool, ...]]]:
    """Per entity: daily mentions and spike flags over the 30 days up to `series_end`."""
    if not entities:
        return {}
    end = series_end.date()
    days = [end - timedelta(days=i) for i in range(SERIES_DAYS - 1, -1, -1)]
    counts: dict[str, dict] = defaultdict(dict)
    spikes: dict[str, set] = defaultdict(set)
    for r in query_rows(con, "entity_series", {"entities": entities, "series_end": series_end}):
        counts[r["entity"]][r["day"]] = int(r["mentions"])
        if r["is_spike"]:
            spikes[r["entity"]].add(r["day"])
    return {e: (tuple(counts[e].get(d, 0) for d in days), tuple(d in spikes[e] for d in days))
            for e in entities}
