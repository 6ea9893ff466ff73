"""The records a digest is made of, and how its biggest change is chosen.

A `Digest` is what `gather_digest` reads out of the warehouse for one window; the
templates, the Slack payload and the subject line are all built from it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

# How much a deal reaching a status matters to a reader (ends of a story first).
STATUS_WEIGHT = {"collapsed": 6, "completed": 6, "denied": 5, "agreed": 5,
                 "proposed": 3, "talks": 2}


@dataclass(frozen=True)
class DealChange:
    """One deal whose status changed (or that appeared) in the window.

    The change shown is the window's most significant one (the status that matters
    most; of equals, the latest), with its evidence; `latest` says where the deal
    stood at the end of the window when a less significant report followed.
    """

    deal_id: str
    type: str
    participants: tuple[str, ...]
    before: str | None                 # status before the change shown; None: first report
    status: str                        # status the change shown reached
    latest: str                        # status at the end of the window
    steps: tuple[str, ...]             # every status seen, the one before the window first
    is_new: bool                       # the deal's first report falls in the window
    day: date | None                   # publication day of the change shown (None: undated)
    evidence: str
    source: str
    url: str
    title: str
    contradicted: bool                 # fresh reports of one day disagreed
    articles: int                      # articles on this deal so far
    reopened: bool = False             # the change shown is the deal coming back after it ended

    @property
    def name(self) -> str:
        """"Honda–Nissan merger"."""
        return f"{'–'.join(self.participants)} {self.type}"

    @property
    def change(self) -> str:
        """"talks → collapsed", "new, proposed" ("proposed" when nothing before the window
        makes it new), or "talks → collapsed (latest: proposed)"."""
        if self.before:
            text = f"{self.before} → {self.status}"
        else:
            text = f"new, {self.status}" if self.is_new else self.status
        return text if self.latest == self.status else f"{text} (latest: {self.latest})"

    @property
    def history(self) -> str:
        """All steps when the window saw more than one change, else ""."""
        steps = self.steps if len(self.steps) <= 8 else self.steps[:1] + ("…",) + self.steps[-6:]
        return " → ".join(steps) if len(self.steps) > 2 else ""

    @property
    def headline(self) -> str:
        return f"{self.name}: {self.change}"

    def weight(self) -> tuple:
        """Rank: how much the status matters plus how widely the deal is covered."""
        return (STATUS_WEIGHT.get(self.status, 1) + math.log2(1 + self.articles), self.day or date.min)

    @property
    def when(self) -> str:
        return self.day.isoformat() if self.day else "undated"


@dataclass(frozen=True)
class EntityRise:
    entity: str
    mentions: int
    previous: int | None               # mentions in the span of equal length before (None: no history)
    articles: int                      # stories (clusters) naming it in the window
    spiked: bool
    series: tuple[int, ...]            # daily mentions, 30 days up to the window's last day
    spike_days: tuple[bool, ...] = ()  # same length as series
    spike_day: date | None = None      # the day of its strongest spike in the window
    spike_mentions: int = 0            # mentions that day
    spike_zscore: float = 0.0          # and their z-score against the 28 days before


@dataclass(frozen=True)
class Story:
    title: str
    url: str
    published_at: datetime | None      # first dated copy's publication; None: undated backfill only
    copies: int
    sources: int
    source_names: str


@dataclass(frozen=True)
class MoveReport:
    entity: str
    direction: str                     # up | down
    pct: float | None
    evidence: str
    source: str
    url: str
    published_at: datetime
    sources: int = 1

    @property
    def headline(self) -> str:
        size = f" {self.pct:g}%" if self.pct is not None else ""
        verb = "up" if self.direction == "up" else "down"
        return f"{self.entity} shares {verb}{size}"


@dataclass(frozen=True)
class NewName:
    name: str
    label: str
    stories: int


@dataclass
class Digest:
    since: datetime
    until: datetime
    articles: int = 0
    stories: int = 0
    sources: int = 0
    deal_changes: list[DealChange] = field(default_factory=list)
    rises: list[EntityRise] = field(default_factory=list)
    top_stories: list[Story] = field(default_factory=list)
    moves: list[MoveReport] = field(default_factory=list)
    new_names: list[NewName] = field(default_factory=list)
    first_published: datetime | None = None   # publication range of the window's dated articles
    last_published: datetime | None = None

    @property
    def summary(self) -> list[str]:
        """The 3-5 lines the digest opens with (see summary.py)."""
        from pipeline.digest.summary import summarise_digest
        return summarise_digest(self)

    @property
    def since_text(self) -> str:
        """The window's start as printed: 'all time' for `--since all` (no start), else UTC."""
        return "all time" if self.since.year <= 1970 else self.since.strftime("%Y-%m-%d %H:%M")

    @property
    def is_quiet(self) -> bool:
        """Nothing arrived in the window worth a section."""
        return not (self.articles or self.deal_changes or self.moves)

    def biggest_change(self) -> str:
        """One phrase for the subject line: the change a reader most needs to see."""
        if self.deal_changes:
            return self.deal_changes[0].headline
        if self.moves:
            return self.moves[0].headline
        spike = self.top_spike()
        if spike:
            return f"{spike.entity} mentions spike ({spike.spike_mentions} on {spike.spike_day})"
        if self.top_stories:
            return self.top_stories[0].title
        return "quiet period"

    def top_spike(self) -> EntityRise | None:
        """The spike that matters most: the highest z-score, then the most mentions."""
        spikes = [r for r in self.rises if r.spiked]
        return max(spikes, key=lambda r: (r.spike_zscore, r.spike_mentions), default=None)

    def subject(self, title: str = "newsmon digest") -> str:
        """One header-safe line (no newlines, at most 200 characters)."""
        line = " ".join(f"{title}: {self.biggest_change()}".split())
        return line if len(line) <= 200 else line[:199] + "…"
