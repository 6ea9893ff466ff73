"""Fold one deal's per-article reports into its status over time.

Articles report deals noisily: a story about the collapse recounts the talks, a
profile mentions the merger "agreed last year". Taking each report's status at face
value makes a history like `talks → collapsed → talks → collapsed`. The tracker
reads the reports in publication order as a lifecycle instead:

    proposed → talks → agreed → completed        (stages, only forward)
    collapsed, denied                              (ends)

- the first counted report **opens** the deal;
- a later stage **advances** it; the same status **confirms** it;
- an earlier stage is a **recap** and moves nothing;
- `collapsed` **ends** a deal at any stage; `denied` ends a deal still proposed
  or in talks; a denial of a deal already agreed or completed is **disputed**
  (shown, not applied: one party's word against a signed agreement);
- after an end, a stage report moves the deal again only when its sentence says
  the deal came back (**reopens**: "resumed talks", "revived", "back to the
  negotiating table"; cues in `models/deal_lifecycle.json`); after a denial, a
  definitive agreement or completion also counts (the denial was wrong);
- reports under the confidence threshold and undated backfill (when the deal has
  dated reports) are not read at all (`low_confidence`, `undated`).

A day is **contradicted** when, against the status the deal had when the day began,
that day's reports would both end the deal and advance or reopen it: fresh reports
disagreeing, not a fresh report beside a recap. Each status change keeps the report
that caused it. The warehouse refresh writes the result into `agg_deal_reports` and
`agg_deal_history`; the digest folds again with its `min_confidence`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset
from pipeline.store.paths import MODELS_DIR

MOVES = ("opens", "advances", "ends", "reopens")       # readings that change the status
FRESH = MOVES + ("confirms", "disputed")               # readings that are news, not a recap
DEFINITIVE = ("agreed", "completed")


@dataclass(frozen=True)
class LifecycleRules:
    stages: tuple[str, ...]
    ends: tuple[str, ...]
    reopen_cues: tuple[str, ...]

    def rank(self, status: str) -> int:
        return self.stages.index(status) if status in self.stages else -1

    def says_reopened(self, text: str) -> bool:
        low = f" {' '.join(text.lower().split())} "
        return any(_cue_pattern(c).search(low) for c in self.reopen_cues)


@lru_cache(maxsize=None)
def _cue_pattern(cue: str) -> re.Pattern:
    if cue.isascii():
        return re.compile(r"(?<![a-z])" + re.escape(cue.lower()) + r"(?![a-z])")
    return re.compile(re.escape(cue))


@lru_cache(maxsize=4)
def load_lifecycle_rules(path: Path | None = None) -> LifecycleRules:
    path = path or MODELS_DIR / "deal_lifecycle.json"
    data = read_json_asset(path, ("stages", "ends", "reopen_cues"))
    for key in ("stages", "ends", "reopen_cues"):
        if not isinstance(data[key], list) or not all(isinstance(v, str) for v in data[key]):
            raise ModelAssetError(f"E105 {path}: {key} must be a list of strings")
    return LifecycleRules(tuple(data["stages"]), tuple(data["ends"]), tuple(data["reopen_cues"]))


@dataclass(frozen=True)
class DealReport:
    """One article's report of a deal, as the fold needs it."""

    event_id: str
    article_id: str
    status: str
    stamp: datetime                 # publication time (fetch time when undated)
    dated: bool
    counts: bool                    # dated, or the deal has no dated report
    confidence: float | None = None
    evidence: str = ""
    title: str = ""

    @property
    def day(self) -> date | None:
        return self.stamp.date() if self.dated else None


@dataclass(frozen=True)
class StatusChange:
    report: DealReport
    status: str
    previous: str | None
    change: str                     # opens | advances | ends | reopens
    contradicted: bool


@dataclass
class Fold:
    """The fold's result: a reading per report (by event_id) and the status changes."""

    readings: dict[str, str] = field(default_factory=dict)
    contradicted_days: set = field(default_factory=set)
    changes: list[StatusChange] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        return self.changes[-1].status if self.changes else None

    def is_contradicted(self, report: DealReport) -> bool:
        return report.day in self.contradicted_days and self.readings.get(report.event_id) in FRESH


def read_report(state: str | None, report: DealReport, rules: LifecycleRules) -> str:
    """How a report reads against the deal's status `state` (see the module docstring)."""
    status = report.status
    if state is None:
        return "opens"
    if status == state:
        return "confirms"
    if state in rules.ends:
        if status in rules.ends:
            return "ends" if state == "denied" and status == "collapsed" else "recap"
        if rules.says_reopened(report.evidence):
            return "reopens"
        return "reopens" if state == "denied" and status in DEFINITIVE else "recap"
    if status == "collapsed" or (status == "denied" and rules.rank(state) < rules.rank(DEFINITIVE[0])):
        return "ends"
    if status in rules.ends:
        return "disputed"
    return "advances" if rules.rank(status) > rules.rank(state) else "recap"


def _day_contradicted(state: str | None, reports: list[DealReport], rules: LifecycleRules) -> bool:
    """Fresh reports of one day disagree: against the day's opening status, some would end
    the deal and others advance, open or reopen it."""
    moves = {(r.status in rules.ends) for r in reports
             if read_report(state, r, rules) in MOVES + ("disputed",)}
    return len(moves) > 1


def fold_reports(reports: list[DealReport], min_confidence: float = 0.0,
                 rules: LifecycleRules | None = None) -> Fold:
    """Read one deal's reports in publication order (ties by article_id)."""
    rules = rules or load_lifecycle_rules()
    fold = Fold()
    usable = []
    for r in sorted(reports, key=lambda r: (r.stamp, r.article_id)):
        if not r.counts:
            fold.readings[r.event_id] = "undated"
        elif (r.confidence if r.confidence is not None else 1.0) < min_confidence:
            fold.readings[r.event_id] = "low_confidence"
        else:
            usable.append(r)
    state: str | None = None
    for day_reports in _by_day(usable):
        contradicted = _day_contradicted(state, day_reports, rules)
        if contradicted:
            fold.contradicted_days.add(day_reports[0].day)
        for r in day_reports:
            reading = read_report(state, r, rules)
            fold.readings[r.event_id] = reading
            if reading in MOVES:
                fold.changes.append(StatusChange(r, r.status, state, reading, contradicted))
                state = r.status
    return fold


def _by_day(reports: list[DealReport]) -> list[list[DealReport]]:
    groups: list[list[DealReport]] = []
    for r in reports:
        if groups and groups[-1][0].day == r.day:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups
