"""The lines a digest opens with: what a reader must know if they read nothing else.

Always 3 to 5 lines, in this order: what the window covers; the one or two biggest
deal status changes (or that none changed); the largest share-price move; the spike
that matters (the highest z-score; spikes need 28 days of history, so a first digest
says so instead of calling every name a spike).
"""
from __future__ import annotations

from pipeline.digest.model import DealChange, Digest

ARROWS = {"up": "▲", "down": "▼"}
MAX_DEAL_LINES = 2


def summarise_digest(d: Digest) -> list[str]:
    if d.is_quiet:
        return [f"Quiet period: nothing new since {d.since:%Y-%m-%d %H:%M} UTC."]
    lines = [coverage_line(d)]
    lines += [deal_line(c) for c in d.deal_changes[:MAX_DEAL_LINES]] or ["No deal changed status."]
    lines.append(move_line(d))
    lines.append(spike_line(d))
    return lines


def coverage_line(d: Digest) -> str:
    text = f"{d.articles} articles ({d.stories} stories, {d.sources} sources)"
    if d.first_published and d.last_published:
        first, last = d.first_published.date(), d.last_published.date()
        text += f" published {first}" + (f" → {last}" if last != first else "")
    return text + "."


def deal_line(c: DealChange) -> str:
    if c.before is None:
        text = f"{c.name}: " + (f"new, {c.status}" if c.is_new else c.status)
    else:
        text = f"{c.name}: {c.before} → {c.status}" + (" (reopened)" if c.reopened else "")
    if c.latest != c.status:
        text += f", latest {c.latest}"
    text += f" on {c.when}" + (f" ({c.source})" if c.source else "")
    return text + (" — contradicting reports that day." if c.contradicted else ".")


def move_line(d: Digest) -> str:
    sized = [m for m in d.moves if m.pct is not None]
    if not sized:
        return "No share-price moves reported." if not d.moves else f"Share-price move: {d.moves[0].headline}."
    m = max(sized, key=lambda m: abs(m.pct))
    return (f"Largest move: {m.entity} {ARROWS.get(m.direction, m.direction)} {m.pct:g}% "
            f"on {m.published_at:%Y-%m-%d}" + (f" ({m.source})." if m.source else "."))


def spike_line(d: Digest) -> str:
    spike = d.top_spike()
    if spike is None:
        if d.rises and all(r.previous is None for r in d.rises):
            return "No mention spikes: the warehouse holds no history before this window."
        return "No mention spikes."
    return (f"Spike: {spike.entity}, {spike.spike_mentions} mentions on {spike.spike_day} "
            f"(z-score {spike.spike_zscore:.1f} against the 28 days before).")
