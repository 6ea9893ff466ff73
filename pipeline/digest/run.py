"""Build and deliver digests per channel, recorded so a window goes out once.

For each target channel the window starts at `--since` when given, else where
the channel's last successful delivery ended, else at `[digest] since`. It ends
when the newest article visible now was stored, so a re-run with nothing new
has the same window and is skipped (unless forced). A channel that fails is
recorded as failed; its next run starts from its last success, so it catches up,
and the other channels still get theirs. When nothing new arrived, a one-line
quiet-period notice goes out, at most once per `[digest] quiet_repeat_h` hours.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import duckdb

from pipeline.config import Settings
from pipeline.digest.channels import check_channel, deliver_digest, preview_digest
from pipeline.digest.gather import aware_utc, find_watermark, gather_digest, parse_since
from pipeline.digest.ledger import (Window, find_covering_delivery, read_last_delivery,
                                    record_delivery)
from pipeline.digest.model import Digest
from pipeline.digest.render import render_digest
from pipeline.errors import DeliveryError
from pipeline.store.connection import warehouse_session
from pipeline.store.deal_refresh import apply_min_confidence
from pipeline.store.migrations import init_warehouse, warehouse_is_current
from pipeline.store.refresh import ensure_derived

log = logging.getLogger(__name__)


@dataclass
class DigestOutcome:
    lines: list[str] = field(default_factory=list)
    failed: bool = False
    rendered: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DigestRequest:
    fmt: str
    since: str | None
    dry_run: bool
    force: bool
    now: datetime


def plan_window(con: duckdb.DuckDBPyConnection, channel: str, settings: Settings,
                since: str | None, now: datetime) -> Window:
    """The window this channel's digest covers (see the module docstring)."""
    if since:
        start = parse_since(since, now)
    else:
        start = read_last_delivery(con, channel).resume_at or parse_since(settings.digest.since, now)
    watermark = find_watermark(con, now)
    if watermark and watermark > start:
        return Window(channel, start, watermark, quiet=False)
    return Window(channel, start, start, quiet=True)


def find_skip_reason(con: duckdb.DuckDBPyConnection, window: Window, settings: Settings,
                     now: datetime) -> str | None:
    """Why this window must not be sent again, or None to send it."""
    if window.quiet:
        last = read_last_delivery(con, window.channel)
        if last.created_at and now - last.created_at < timedelta(hours=settings.digest.quiet_repeat_h):
            return f"nothing new since the last digest ({last.created_at:%Y-%m-%d %H:%M} UTC)"
        return None
    covering = find_covering_delivery(con, window)
    if covering:
        return f"already delivered for this window ({covering['created_at']:%Y-%m-%d %H:%M} UTC)"
    return None


def build_digest(con: duckdb.DuckDBPyConnection, window: Window, settings: Settings,
                 now: datetime) -> Digest:
    started = time.perf_counter()
    digest = gather_digest(con, window.start, window.end, settings.digest.limit, settings.story.watch,
                           settings.digest.min_confidence, settings.digest.late_arrival_h)
    if window.quiet:
        digest.until = now
    log.info("digest for %s gathered in %.2f s: %d articles", window.channel,
             time.perf_counter() - started, digest.articles)
    return digest


def run_channel(con: duckdb.DuckDBPyConnection, channel: str, settings: Settings,
                request: DigestRequest, outcome: DigestOutcome) -> None:
    """Plan, build and deliver (or preview) one channel's digest, recording the result."""
    window = plan_window(con, channel, settings, request.since, request.now)
    reason = None if request.force else find_skip_reason(con, window, settings, request.now)
    if reason and not request.dry_run:
        outcome.lines.append(f"{channel}: {reason}; not resent (use --force)")
        return
    digest = build_digest(con, window, settings, request.now)
    subject = digest.subject(settings.digest.title)
    content = render_digest(digest, request.fmt, settings.digest.title)
    outcome.rendered[channel] = content
    if request.dry_run:
        what, preview = preview_digest(channel, digest, request.fmt, settings)
        what = f"would not send ({reason}; --force sends it)" if reason else what
        outcome.lines += [f"--- dry run: {channel}: {what}", f"subject: {subject}", preview]
        return
    try:
        where = deliver_digest(channel, digest, request.fmt, settings, content)
    except DeliveryError as exc:
        record_delivery(con, window, request.now, "failed", subject, str(exc))
        outcome.lines.append(f"{channel}: FAILED (will retry from {window.start:%Y-%m-%d %H:%M} UTC "
                             f"next run): {exc}")
        outcome.failed = True
        return
    record_delivery(con, window, request.now, "delivered", subject)
    outcome.lines.append(f"{channel}: delivered to {where}: {subject}")


def run_digest(settings: Settings, since: str | None = None, fmt: str | None = None,
               targets: list[str] | None = None, dry_run: bool = False, force: bool = False,
               now: datetime | None = None) -> DigestOutcome:
    """Build the digest for each target channel and deliver it (or print it on dry run).

    Raises ConfigError (nothing sent) when a target or `since` is unusable.
    """
    now = aware_utc(now or datetime.now(timezone.utc))
    request = DigestRequest(fmt=fmt or settings.digest.format, since=since, dry_run=dry_run,
                            force=force, now=now)
    if since:
        parse_since(since, now)
    targets = list(targets or settings.digest.to)
    for channel in targets:
        check_channel(channel, settings)
    outcome = DigestOutcome()
    with warehouse_session(settings.warehouse) as con:
        if not warehouse_is_current(con):
            init_warehouse(con)
            ensure_derived(con)   # a migration may have emptied derived tables (0012: deals)
        apply_min_confidence(con, settings.digest.min_confidence)
        for channel in targets:
            run_channel(con, channel, settings, request, outcome)
    return outcome
