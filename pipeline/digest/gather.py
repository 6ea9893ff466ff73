"""Read the changes of a digest window out of the warehouse views."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import duckdb

from pipeline.errors import ConfigError
from pipeline.store.paths import WAREHOUSE_DIR

DIGEST_SQL = WAREHOUSE_DIR / "digest"
_SINCE = re.compile(r"^(\d+)\s*([hdw])$")


def parse_since(text: str, now: datetime) -> datetime:
    """'24h', '7d', '2w', 'all' or an ISO date/time -> the window start (UTC)."""
    text = text.strip().lower()
    if text == "all":
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    match = _SINCE.match(text)
    if match:
        unit = {"h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
        return now - timedelta(**{unit: int(match.group(1))})
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since must be like 24h, 7d, all or an ISO date, got {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class DealChange:
    deal_id: str
    type: str
    participants: str
    status: str
    previous_status: str | None
    day: str
    evidence: str
    source: str
    url: str
    title: str
    contradicted: bool
    current_status: str


@dataclass(frozen=True)
class EntityRise:
    entity: str
    mentions: int
    previous: int
    articles: int
    spiked: bool
    series: tuple[int, ...]


@dataclass(frozen=True)
class Story:
    title: str
    url: str
    published_at: datetime
    copies: int
    sources: int
    source_names: str


@dataclass(frozen=True)
class MoveReport:
    entity: str
    direction: str
    pct: float | None
    evidence: str
    source: str
    url: str
    published_at: datetime


@dataclass
class Digest:
    since: datetime
    until: datetime
    articles: int = 0
    stories: int = 0
    deal_changes: list[DealChange] = field(default_factory=list)
    rises: list[EntityRise] = field(default_factory=list)
    top_stories: list[Story] = field(default_factory=list)
    moves: list[MoveReport] = field(default_factory=list)
    new_names: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def is_quiet(self) -> bool:
        return not (self.deal_changes or self.moves or self.top_stories)

    def subject(self, title: str = "newsmon digest") -> str:
        if self.deal_changes:
            c = self.deal_changes[-1]
            change = f"{c.previous_status} → {c.status}" if c.previous_status else f"new, {c.status}"
            return f"{title}: {c.participants} {c.type}: {change}"
        if self.moves:
            m = self.moves[0]
            return f"{title}: {m.entity} shares {m.direction} {m.pct or ''}%".replace(" %", "")
        if self.top_stories:
            return f"{title}: {self.top_stories[0].title}"
        return f"{title}: quiet period"


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[dict]:
    sql = (DIGEST_SQL / f"{name}.sql").read_text(encoding="utf-8")
    needed = set(re.findall(r"\$(\w+)", sql))
    cursor = con.execute(sql, {k: v for k, v in params.items() if k in needed})
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row)) for row in cursor.fetchall()]


def gather_digest(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime,
                  limit: int = 8) -> Digest:
    """Collect every section of the digest for the window (since, until]."""
    params = {"since": since.replace(tzinfo=None), "until": until.replace(tzinfo=None), "limit": limit}
    counts = _rows(con, "window_counts", params)[0]
    digest = Digest(since=since, until=until, articles=counts["articles"], stories=counts["stories"])
    first_pub = counts["first_published"] or params["since"]
    params["series_end"] = counts["last_published"] or params["until"]
    params["since_pub"] = max(min(first_pub - timedelta(days=1), params["until"]), datetime(1970, 1, 2))
    digest.deal_changes = [DealChange(
        deal_id=r["deal_id"], type=r["type"], participants=r["participants"], status=r["status"],
        previous_status=r["previous_status"], day=str(r["day"]), evidence=r["evidence"] or "",
        source=r["source"] or "", url=r["url"] or "", title=r["title"] or "",
        contradicted=bool(r["contradicted"]), current_status=r["current_status"],
    ) for r in _rows(con, "deal_changes", params)]
    rises = _rows(con, "entity_rises", params)
    series = _series(con, [r["entity"] for r in rises], params)
    digest.rises = [EntityRise(r["entity"], int(r["mentions"]), int(r["previous"]), int(r["articles"]),
                               bool(r["spiked"]), series.get(r["entity"], ())) for r in rises]
    digest.top_stories = [Story(r["title"] or "(untitled)", r["url"], r["published_at"], r["copies"],
                                r["sources"], r["source_names"] or "") for r in _rows(con, "top_stories", params)]
    digest.moves = [MoveReport(r["entity"], r["direction"], r["pct"], r["evidence"] or "", r["source"] or "",
                               r["url"] or "", r["published_at"]) for r in _rows(con, "market_moves", params)]
    digest.new_names = [(r["name"], r["label"], r["articles"]) for r in _rows(con, "new_names", params)]
    return digest


def _series(con: duckdb.DuckDBPyConnection, entities: list[str], params: dict) -> dict[str, tuple[int, ...]]:
    if not entities:
        return {}
    until = params["series_end"].date()
    by_entity: dict[str, dict] = {}
    for r in _rows(con, "entity_series", {**params, "entities": entities}):
        by_entity.setdefault(r["entity"], {})[r["day"]] = int(r["mentions"])
    days = [until - timedelta(days=i) for i in range(29, -1, -1)]
    return {e: tuple(d.get(day, 0) for day in days) for e, d in by_entity.items()}
