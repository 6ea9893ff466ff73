"""Instant alerts: right after an ingestion run, tell the alert channels what changed.

What alerts: a deal status change (a deal that had a status and now reports
another, e.g. talks → collapsed) and a mention spike of a watched entity
(`[digest.alerts] watch`). Each change is alerted once per channel (the
`alerts_sent` table). A channel sends at most one message per
`min_interval_minutes`; changes held back by that limit, or by a failed send,
stay pending and go out with a later run (changes stored up to a day back are
considered). Alerts never fail the ingestion: problems come back as lines.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import duckdb

from pipeline.config import AlertSettings, Settings
from pipeline.digest.channels import deliver_alert
from pipeline.digest.gather import aware_utc, naive_utc, prepare_digest_views, query_rows
from pipeline.digest.model import STATUS_WEIGHT
from pipeline.errors import NewsmonError
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse, warehouse_is_current

log = logging.getLogger(__name__)

LOOKBACK = timedelta(hours=24)
MAX_LINES = 20
ALERT_TITLE = "newsmon alert"


@dataclass(frozen=True)
class AlertItem:
    key: str                           # alerts_sent.alert_key: what changed, once
    summary: str                       # one human line without the link
    url: str = ""

    @property
    def line(self) -> str:
        return f"{self.summary} {self.url}".rstrip()


def describe_candidate(row: dict) -> AlertItem:
    """The alert for a deal change or a spike row of alert_candidates.sql."""
    if row["kind"] == "spike":
        return AlertItem(row["alert_key"], f"{row['entity']}: mention spike, {row['mentions']} "
                                           f"mentions on {row['happened_at']:%Y-%m-%d}")
    names = "–".join(p.strip() for p in (row["participants"] or "").split(" + "))
    flag = " [contradicting reports]" if row["contradicted"] else ""
    return AlertItem(row["alert_key"], f"{names} {row['type']}: {row['previous_status']} → "
                                       f"{row['status']} ({row['happened_at']:%Y-%m-%d}, {row['source']}){flag}",
                     row["url"] or "")


def find_alert_items(con: duckdb.DuckDBPyConnection, watch: tuple[str, ...],
                     since: datetime) -> list[AlertItem]:
    """Alertable changes among articles stored after `since`, most important first."""
    prepare_digest_views(con)
    rows = query_rows(con, "alert_candidates", {"since": naive_utc(since),
                                                "watch": list(watch) or [""]})
    rows.sort(key=rank_candidate, reverse=True)
    seen, items = set(), []
    for row in rows:
        if row["alert_key"] not in seen:
            seen.add(row["alert_key"])
            items.append(describe_candidate(row))
    return items


def rank_candidate(row: dict) -> tuple:
    """Deal changes first, ends of a story (collapsed, completed) first, newest first."""
    is_deal = row["kind"] == "deal"
    return (is_deal, STATUS_WEIGHT.get(row["status"], 1) if is_deal else 0, row["happened_at"])


def read_pending(con: duckdb.DuckDBPyConnection, channel: str, items: list[AlertItem]) -> list[AlertItem]:
    if not items:
        return []
    sent = {r["alert_key"] for r in query_rows(con, "alerts_pending",
                                               {"channel": channel, "keys": [i.key for i in items]})}
    return [i for i in items if i.key not in sent]


def held_until(con: duckdb.DuckDBPyConnection, channel: str, cfg: AlertSettings,
               now: datetime) -> datetime | None:
    """When the rate limit lets this channel send again, if it does not now."""
    last = query_rows(con, "last_alert", {"channel": channel})[0]["sent_at"]
    if last is None:
        return None
    free_at = aware_utc(last) + timedelta(minutes=cfg.min_interval_minutes)
    return free_at if now < free_at else None


def record_alerts(con: duckdb.DuckDBPyConnection, channel: str, items: list[AlertItem],
                  now: datetime) -> None:
    for item in items:
        query_rows(con, "record_alert", {"alert_key": item.key, "channel": channel,
                                         "sent_at": naive_utc(now), "message": item.line[:1000]})


def alert_channel(con: duckdb.DuckDBPyConnection, channel: str, items: list[AlertItem],
                  settings: Settings, now: datetime) -> str | None:
    """Send this channel's pending alerts as one message; return what happened."""
    pending = read_pending(con, channel, items)
    if not pending:
        return None
    free_at = held_until(con, channel, settings.digest.alerts, now)
    if free_at:
        return f"alerts {channel}: {len(pending)} change(s) held by the rate limit until {free_at:%H:%M} UTC"
    batch = pending[:MAX_LINES]
    subject = f"{ALERT_TITLE}: {batch[0].summary}"
    if len(pending) > 1:
        subject += f" (+{len(pending) - 1} more)"
    try:
        where = deliver_alert(channel, subject, [i.line for i in batch], settings, now)
    except NewsmonError as exc:
        return f"alerts {channel}: FAILED, will retry next run: {exc}"
    record_alerts(con, channel, batch, now)
    return f"alerts {channel}: sent {len(batch)} change(s) to {where}"


def send_alerts(settings: Settings, run_started_at: datetime, now: datetime | None = None) -> list[str]:
    """After an ingestion run: alert each alert channel about new changes. Never raises
    for a delivery or warehouse problem; returns one line per channel with news."""
    cfg = settings.digest.alerts
    if not cfg.enabled or not cfg.to:
        return []
    now = aware_utc(now or datetime.now(timezone.utc))
    try:
        return alert_all_channels(settings, aware_utc(run_started_at) - LOOKBACK, now)
    except NewsmonError as exc:
        log.warning("alerts skipped: %s", exc)
        return [f"alerts skipped: {exc}"]


def watched_entities(settings: Settings) -> tuple[str, ...]:
    """Whose mention spikes alert: `[digest.alerts] watch`, else the story's `watch`."""
    return settings.digest.alerts.watch or settings.story.watch


def alert_all_channels(settings: Settings, since: datetime, now: datetime) -> list[str]:
    lines: list[str] = []
    with warehouse_session(settings.warehouse) as con:
        if not warehouse_is_current(con):
            init_warehouse(con)
        items = find_alert_items(con, watched_entities(settings), since)
        for channel in settings.digest.alerts.to:
            line = alert_channel(con, channel, items, settings, now)
            if line:
                log.info(line)
                lines.append(line)
    return lines
