"""Synthetic warehouse data for the scale bench: articles, entities, mentions, deal events.

Everything is built column-wise with numpy and returned as Arrow tables whose
columns match the warehouse tables, so the same rows can be loaded either
through newsmon's writer (after turning a slice into records, see
`batch_records`) or with a bare `INSERT ... SELECT` from Arrow.

Shape (at scale 1.0): 1,000,000 articles over 365 days from 200 sources, 15 %
near-duplicate copies, 2 % undated backfill fetched on a handful of backfill
days; 20,000 entities with Zipf-like popularity; 10 mentions per article
(10,000,000); 500,000 deal events over 62,500 deals with 2-3 participants each.
Ids are computed exactly as newsmon computes them (`pipeline.store.rows`).
"""
from __future__ import annotations

import argparse
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pyarrow as pa

from pipeline.records import Amount, Article, DealEvent, EntityHit, Extraction, Participant
from pipeline.store.rows import entity_id_for, short_hash

log = logging.getLogger(__name__)

VERSION = "synth-1"
REAL_NAMES = ("Nissan", "Honda", "Foxconn", "Toyota", "Tesla", "Mitsubishi Motors", "Renault", "Sony")
LABELS = np.array(["ORG", "PERSON", "GPE", "NORP", "PRODUCT"])
LABEL_P = np.array([0.55, 0.25, 0.12, 0.04, 0.04])
WORDS = np.array(("shares rose after the carmaker said talks on a merger were progressing while "
                  "analysts expected a deal investors board chief executive electric vehicles "
                  "battery plant tariffs profit forecast yen exports alliance stake bid regulators "
                  "approval semiconductor supply chain quarterly results outlook cut jobs").split())
TYPES = np.array(["merger", "acquisition", "investment", "divestment", "partnership"])
STATUS_PATH = ("proposed", "talks", "agreed", "completed")
EPOCH_US = int(datetime(2024, 3, 1).timestamp()) * 1_000_000


@dataclass(frozen=True)
class SynthSpec:
    """How much to generate; `scaled` multiplies the counts."""

    articles: int = 1_000_000
    mentions_per_article: int = 10
    events: int = 500_000
    entities: int = 20_000
    sources: int = 200
    days: int = 365
    dup_rate: float = 0.15
    undated_rate: float = 0.02
    seed: int = 7

    def scaled(self, factor: float) -> "SynthSpec":
        return SynthSpec(articles=max(int(self.articles * factor), 1000),
                         mentions_per_article=self.mentions_per_article,
                         events=max(int(self.events * factor), 500),
                         entities=max(int(self.entities * min(1.0, factor * 4)), 500),
                         sources=self.sources, days=self.days, seed=self.seed)


@dataclass
class SynthData:
    """The generated tables, plus per-article offsets into mentions and events."""

    tables: dict[str, pa.Table]
    mention_offsets: np.ndarray
    event_offsets: np.ndarray


def _zipf_p(n: int, skew: float = 1.05, shift: float = 5.0) -> np.ndarray:
    weights = 1.0 / np.power(np.arange(n) + shift, skew)
    return weights / weights.sum()


def _hex_ids(prefix: str, count: int) -> list[str]:
    return [hashlib.sha256(f"{prefix}{i}".encode()).hexdigest()[:16] for i in range(count)]


def make_entities(spec: SynthSpec, rng: np.random.Generator) -> pa.Table:
    labels = rng.choice(LABELS, size=spec.entities, p=LABEL_P)
    labels[: len(REAL_NAMES)] = "ORG"
    names = [REAL_NAMES[i] if i < len(REAL_NAMES) else f"{labels[i].title()} {i:05d}"
             for i in range(spec.entities)]
    ids = [entity_id_for(n, str(l)) for n, l in zip(names, labels)]
    return pa.table({"entity_id": ids, "name": names, "label": labels.astype(str).tolist(),
                     "kb_id": pa.nulls(spec.entities, pa.string())})


def _article_times(spec: SynthSpec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    span = spec.days * 86_400_000_000
    published = np.sort(rng.integers(0, span, spec.articles)) + EPOCH_US
    fetched = published + rng.integers(60_000_000, 6 * 3_600_000_000, spec.articles)
    undated = rng.random(spec.articles) < spec.undated_rate
    backfill_days = rng.integers(0, spec.days, 6)
    day_pick = backfill_days[rng.integers(0, 6, spec.articles)]
    backfill_at = EPOCH_US + day_pick * 86_400_000_000 + rng.integers(0, 3_600_000_000, spec.articles)
    fetched = np.where(undated, np.maximum(backfill_at, published), fetched)
    published = np.where(undated, fetched, published)
    return published, fetched, undated


def _texts(count: int, rng: np.random.Generator, names: np.ndarray, ent_p: np.ndarray) -> tuple[list[str], list[str]]:
    words = rng.choice(WORDS, size=(count, 30))
    who = names[rng.choice(len(names), size=(count, 3), p=ent_p)]
    titles = [f"{a} and {b} {w[0]} {w[1]}" for a, b, w in zip(who[:, 0], who[:, 1], words)]
    texts = [f"{a} {' '.join(w[:15])}. {b} {' '.join(w[15:])} {c}."
             for a, b, c, w in zip(who[:, 0], who[:, 1], who[:, 2], words)]
    return titles, texts


def make_articles(spec: SynthSpec, rng: np.random.Generator, entities: pa.Table) -> pa.Table:
    n = spec.articles
    urls = [f"https://news{i % spec.sources}.example/story/{i}" for i in range(n)]
    ids = [hashlib.sha256(u.encode()).hexdigest()[:16] for u in urls]
    published, fetched, undated = _article_times(spec, rng)
    src = rng.choice(spec.sources, size=n, p=_zipf_p(spec.sources, 0.8))
    dup = (rng.random(n) < spec.dup_rate) & (np.arange(n) > 50)
    back = np.maximum(np.arange(n) - rng.integers(1, 50, n), 0)
    cluster_idx = np.where(dup, back, np.arange(n))
    for _ in range(60):   # a copy of a copy belongs to the first copy's cluster
        cluster_idx = cluster_idx[cluster_idx]
    ids_arr = np.array(ids)
    titles, texts = _texts(n, rng, np.array(entities["name"].to_pylist()), _zipf_p(entities.num_rows))
    return pa.table({
        "article_id": ids, "url": urls, "canonical_url": urls, "title": titles,
        "source": [f"source-{s:03d}" for s in src], "feed_name": [f"feed-{s:03d}" for s in src],
        "author": pa.nulls(n, pa.string()),
        "published_at": pa.array(published, pa.timestamp("us")),
        "published_source": np.where(undated, "fetch", np.where(rng.random(n) < 0.3, "page", "feed")).tolist(),
        "fetched_at": pa.array(fetched, pa.timestamp("us")),
        "lang": ["en"] * n, "text": texts, "text_source": ["page"] * n,
        "text_note": pa.nulls(n, pa.string()), "content_hash": [short_hash("c", i) for i in ids],
        "cluster_id": ids_arr[cluster_idx].tolist(), "is_duplicate": pa.array(dup),
    })


def make_mentions(spec: SynthSpec, rng: np.random.Generator, entities: pa.Table,
                  articles: pa.Table) -> tuple[pa.Table, np.ndarray]:
    n, k, e = spec.articles, spec.mentions_per_article, entities.num_rows
    draws = rng.choice(e, size=(n, k + 6), p=_zipf_p(e))
    keys = np.unique((np.arange(n)[:, None] * e + draws).ravel())
    art, ent = keys // e, keys % e
    starts = np.searchsorted(art, np.arange(n))
    keep = (np.arange(len(art)) - starts[art]) < k
    art, ent = art[keep], ent[keep]
    offsets = np.searchsorted(art, np.arange(n + 1))
    counts = rng.geometric(0.5, len(art))
    table = pa.table({
        "article_id": articles["article_id"].take(pa.array(art)),
        "entity_id": entities["entity_id"].take(pa.array(ent)),
        "count": pa.array(counts, pa.int32()),
        "extractor_version": pa.array([VERSION] * len(art)),
    })
    return table, offsets


def _deal_frame(spec: SynthSpec, rng: np.random.Generator, entities: pa.Table) -> dict[str, np.ndarray]:
    deals = max(spec.events // 8, 10)
    orgs = np.flatnonzero(np.array(entities["label"].to_pylist()) == "ORG")
    picks = rng.choice(len(orgs), size=(deals, 3), p=_zipf_p(len(orgs), 0.9))
    picks[:, 1] = np.where(picks[:, 1] == picks[:, 0], (picks[:, 0] + 1) % len(orgs), picks[:, 1])
    clash = (picks[:, 2] == picks[:, 0]) | (picks[:, 2] == picks[:, 1])
    picks[:, 2] = np.where(clash, (np.maximum(picks[:, 0], picks[:, 1]) + 1) % len(orgs), picks[:, 2])
    parts = orgs[picks]
    width = np.where(rng.random(deals) < 0.8, 2, 3)
    return {"type": rng.choice(TYPES, size=deals), "parts": parts, "width": width,
            "start": rng.integers(0, spec.articles, deals),
            "length": rng.integers(spec.articles // spec.days * 10, spec.articles // spec.days * 90, deals),
            "fails": rng.random(deals) < 0.2}


def _event_status(fraction: np.ndarray, fails: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    step = np.minimum((fraction * 4).astype(int), 3)
    status = np.array(STATUS_PATH)[step]
    status = np.where(fails & (step >= 2), "collapsed", status)
    noise = rng.random(len(status)) < 0.03
    return np.where(noise, rng.choice(np.array(STATUS_PATH + ("collapsed", "denied")), len(status)), status)


def make_events(spec: SynthSpec, rng: np.random.Generator, entities: pa.Table,
                articles: pa.Table) -> tuple[pa.Table, pa.Table, np.ndarray]:
    deal = _deal_frame(spec, rng, entities)
    which = rng.choice(len(deal["type"]), size=spec.events, p=_zipf_p(len(deal["type"]), 0.6, 50))
    fraction = rng.random(spec.events)
    art = np.minimum(deal["start"][which] + (fraction * deal["length"][which]).astype(int), spec.articles - 1)
    art, first = np.unique(art * len(deal["type"]) + which, return_index=True)
    art, which, fraction = art // len(deal["type"]), which[first], fraction[first]
    status = _event_status(fraction, deal["fails"][which], rng)
    amounts = np.where(rng.random(len(art)) < 0.4, np.round(rng.lognormal(20, 1.5, len(art)), -6), np.nan)
    return _event_tables(deal, which, art, status, amounts, entities, articles, rng) + (
        np.searchsorted(art, np.arange(spec.articles + 1)),)


def _event_tables(deal, which, art, status, amounts, entities, articles, rng) -> tuple[pa.Table, pa.Table]:
    names, ent_ids = entities["name"].to_pylist(), entities["entity_id"].to_pylist()
    art_ids = articles["article_id"].to_pylist()
    events = {c: [] for c in ("event_id", "article_id", "deal_key", "type", "status", "amount_value",
                              "amount_currency", "evidence", "confidence", "extractor_version")}
    parts = {"event_id": [], "entity_id": [], "role": []}
    swap = rng.random(len(art)) < 0.1
    seen: set[str] = set()
    for i, (d, a) in enumerate(zip(which.tolist(), art.tolist())):
        kind, members = str(deal["type"][d]), list(dict.fromkeys(deal["parts"][d][: deal["width"][d]].tolist()))
        key = kind + "|" + "|".join(sorted(names[m] for m in members))
        event_id = short_hash(art_ids[a], key)
        if event_id in seen:   # two generated deals with the same type and participants: one deal
            continue
        seen.add(event_id)
        amount = None if np.isnan(amounts[i]) else float(amounts[i])
        row = (event_id, art_ids[a], key, kind, str(status[i]), amount, "USD" if amount else None,
               f"{names[members[0]]} and {names[members[1]]} {status[i]} {kind}.", 0.8, VERSION)
        for column, value in zip(events, row):
            events[column].append(value)
        roles = ("acquirer", "target") if kind == "acquisition" else ("partner", "partner")
        for j, m in enumerate(members):
            parts["event_id"].append(event_id)
            parts["entity_id"].append(ent_ids[m])
            parts["role"].append(roles[(j + swap[i]) % 2] if j < 2 else "partner")
    types = {"amount_value": pa.float64(), "confidence": pa.float64()}
    return (pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in events.items()}),
            pa.table(parts))


def generate(spec: SynthSpec) -> SynthData:
    """Build every table for `spec` (deterministic for a given seed)."""
    rng = np.random.default_rng(spec.seed)
    entities = make_entities(spec, rng)
    articles = make_articles(spec, rng, entities)
    mentions, mention_offsets = make_mentions(spec, rng, entities, articles)
    events, participants, event_offsets = make_events(spec, rng, entities, articles)
    tables = {"articles": articles, "entities": entities, "mentions": mentions,
              "events": events, "event_participants": participants}
    log.info("generated %s", {k: v.num_rows for k, v in tables.items()})
    return SynthData(tables, mention_offsets, event_offsets)


def _article_records(table: pa.Table) -> list[Article]:
    names = [f for f in Article.__dataclass_fields__]
    columns = {n: table[n].to_pylist() for n in names}
    return [Article(**{n: columns[n][i] for n in names}) for i in range(table.num_rows)]


def _event_records(events: pa.Table, participants: dict[str, list[tuple[str, str]]]) -> list[DealEvent]:
    out = []
    for row in events.to_pylist():
        amount = (Amount(row["amount_value"], row["amount_currency"], is_price=True)
                  if row["amount_value"] else None)
        out.append(DealEvent(row["type"], row["status"], tuple(Participant(n, r) for n, r in participants[row["event_id"]]),
                             amount, row["evidence"], row["confidence"]))
    return out


def batch_records(data: SynthData, start: int, stop: int,
                  entity_names: dict[str, tuple[str, str]]) -> tuple[list[Article], list[tuple[str, Extraction]]]:
    """Articles [start, stop) as newsmon records: what the fetch and NLP stages would hand the writer."""
    t = data.tables
    articles = _article_records(t["articles"].slice(start, stop - start))
    m0, m1 = int(data.mention_offsets[start]), int(data.mention_offsets[stop])
    e0, e1 = int(data.event_offsets[start]), int(data.event_offsets[stop])
    mentions = t["mentions"].slice(m0, m1 - m0)
    events = t["events"].slice(e0, e1 - e0)
    wanted = set(events["event_id"].to_pylist())
    parts: dict[str, list[tuple[str, str]]] = {}
    p = t["event_participants"]
    mask = pa.compute.is_in(p["event_id"], pa.array(list(wanted), pa.string()))
    for ev, ent, role in zip(*(c.to_pylist() for c in p.filter(mask).columns)):
        parts.setdefault(ev, []).append((entity_names[ent][0], role))
    hits: dict[str, list[EntityHit]] = {}
    for a, ent, c in zip(mentions["article_id"].to_pylist(), mentions["entity_id"].to_pylist(),
                         mentions["count"].to_pylist()):
        name, label = entity_names[ent]
        hits.setdefault(a, []).append(EntityHit(name, label, c))
    by_article: dict[str, list[DealEvent]] = {}
    for a, ev in zip(events["article_id"].to_pylist(), _event_records(events, parts)):
        by_article.setdefault(a, []).append(ev)
    extractions = [(a.article_id, Extraction(a.article_id, tuple(hits.get(a.article_id, ())),
                                             tuple(by_article.get(a.article_id, ())), (), VERSION))
                   for a in articles]
    return articles, extractions


def main() -> None:
    parser = argparse.ArgumentParser(description="generate synthetic warehouse rows and print their counts")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M articles, 10M mentions, 500k events")
    args = parser.parse_args()
    data = generate(SynthSpec().scaled(args.scale))
    for name, table in data.tables.items():
        print(f"{name:20s} {table.num_rows:>12,d} rows  {table.nbytes / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
