"""Build and deliver digests per channel, recorded so a window is sent once.

For each target channel the window starts at `--since` when given, else at the
end of the last window delivered on that channel, else `[digest] since`. A
channel that fails is recorded as failed, and its next run starts from its last
successful delivery, so nothing is skipped; the other channels still get theirs.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone

from pipeline.config import Settings
from pipeline.digest.deliver import deliver_file
from pipeline.digest.gather import gather_digest, parse_since
from pipeline.digest.render import render_digest
from pipeline.errors import ConfigError, DeliveryError
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse

log = logging.getLogger(__name__)


@dataclass
class DigestOutcome:
    lines: list[str] = field(default_factory=list)
    failed: bool = False
    rendered: dict[str, str] = field(default_factory=dict)


def _last_window_end(con, channel: str) -> datetime | None:
    row = con.execute("SELECT max(window_end) FROM digests WHERE channel = ? AND status = 'delivered'",
                      [channel]).fetchone()
    return row[0].replace(tzinfo=timezone.utc) if row and row[0] else None


def _already_delivered(con, digest_id: str) -> bool:
    row = con.execute("SELECT count(*) FROM digests WHERE digest_id = ? AND status = 'delivered'",
                      [digest_id]).fetchone()
    return bool(row[0])


def _record(con, digest_id, channel, since, until, status, error, subject) -> None:
    con.execute("INSERT INTO digests VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [digest_id, channel, since.replace(tzinfo=None), until.replace(tzinfo=None),
                 datetime.now(timezone.utc).replace(tzinfo=None), status, error, subject])


def deliver(channel: str, content: str, fmt: str, subject: str, until: datetime,
            settings: Settings) -> str:
    """Send `content` on one channel; return where it went."""
    if channel.startswith("file:"):
        return str(deliver_file(channel.removeprefix("file:"), content, fmt, until))
    if channel in ("email", "webhook"):
        from pipeline.digest import channels
        return channels.deliver_remote(channel, content, fmt, subject, settings)
    raise ConfigError(f"unknown digest target {channel!r}: use file:PATH, email or webhook")


def run_digest(settings: Settings, since: str | None = None, fmt: str | None = None,
               targets: list[str] | None = None, dry_run: bool = False, force: bool = False,
               now: datetime | None = None) -> DigestOutcome:
    """Build the digest for each target channel and deliver it (or print it on dry run)."""
    now = now or datetime.now(timezone.utc)
    fmt = fmt or settings.digest.format
    targets = list(targets or settings.digest.to)
    outcome = DigestOutcome()
    with warehouse_session(settings.warehouse) as con:
        init_warehouse(con)
        for channel in targets:
            start = parse_since(since, now) if since else (
                _last_window_end(con, channel) or parse_since(settings.digest.since, now))
            digest = gather_digest(con, start, now)
            subject = digest.subject(settings.digest.title)
            content = render_digest(digest, fmt, settings.digest.title)
            outcome.rendered[channel] = content
            digest_id = hashlib.sha256(f"{channel}|{start.isoformat()}|{now.isoformat()}".encode()).hexdigest()[:16]
            if dry_run:
                outcome.lines += [f"--- dry run: would send to {channel}: {subject}", content]
                continue
            if _already_delivered(con, digest_id) and not force:
                outcome.lines.append(f"{channel}: already delivered for this window (use --force)")
                continue
            try:
                where = deliver(channel, content, fmt, subject, now, settings)
            except DeliveryError as exc:
                _record(con, digest_id, channel, start, now, "failed", str(exc), subject)
                outcome.lines.append(f"{channel}: FAILED: {exc}")
                outcome.failed = True
                continue
            _record(con, digest_id, channel, start, now, "delivered", None, subject)
            outcome.lines.append(f"{channel}: delivered to {where}: {subject}")
    return outcome
