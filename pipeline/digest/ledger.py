"""The delivery ledger (`digests` table): which window went out on which channel.

Windows are (start, end] over the time articles became visible. A channel's next
window starts where its last *successful* delivery ended, so a failed channel
catches up on its next run while the others move on.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipeline.digest.gather import aware_utc, naive_utc, query_rows


@dataclass(frozen=True)
class Window:
    channel: str
    start: datetime
    end: datetime
    quiet: bool                        # nothing became visible in (start, end]

    @property
    def digest_id(self) -> str:
        key = f"{self.channel}|{naive_utc(self.start).isoformat()}|{naive_utc(self.end).isoformat()}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PastDelivery:
    window_end: datetime | None        # of the last successful delivery
    created_at: datetime | None        # when that delivery was made
    failed_start: datetime | None      # earliest start of a failed attempt

    @property
    def resume_at(self) -> datetime | None:
        """Where the channel's next window starts, when its history says."""
        return self.window_end or self.failed_start


def read_last_delivery(con: duckdb.DuckDBPyConnection, channel: str) -> PastDelivery:
    row = query_rows(con, "last_delivery", {"channel": channel})[0]
    return PastDelivery(*(aware_utc(row[k]) if row[k] else None
                          for k in ("window_end", "created_at", "failed_start")))


def find_covering_delivery(con: duckdb.DuckDBPyConnection, window: Window) -> dict | None:
    """A delivered digest on the channel that already covered this window, if any."""
    rows = query_rows(con, "covering_delivery", {"channel": window.channel,
                                                 "start": naive_utc(window.start),
                                                 "end": naive_utc(window.end)})
    return rows[0] if rows else None


def record_delivery(con: duckdb.DuckDBPyConnection, window: Window, created_at: datetime,
                    status: str, subject: str, error: str | None = None) -> None:
    query_rows(con, "record_delivery", {
        "digest_id": window.digest_id, "channel": window.channel,
        "start": naive_utc(window.start), "end": naive_utc(window.end),
        "created_at": naive_utc(created_at), "status": status,
        "error": (error or None) and error[:2000], "subject": subject,
    })
