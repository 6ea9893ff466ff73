"""Throughput of the newsmon extractor against bare nlp.pipe of the same base model.

    .venv/bin/python bench/bench_extract.py [--words N] [--batch-size B]

Builds >= N words of news-like text by recombining templated sentences with varied
entities (fixed seed), then times, in this one run:
  1. bare `nlp.pipe` of the base model (no newsmon components),
  2. `Extractor.extract_many` with one process, interleaved with 1 chunk by chunk
     (ten chunks, alternating which goes first) so load changes hit both alike,
  3. `Extractor.extract_many` with two processes,
and prints words/s, the ratios (targets: 2 vs 1 >= 0.85, 3 vs 2 >= 1.6) and peak RSS.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.nlp import load_extractor  # noqa: E402
from pipeline.nlp.assemble import load_base_model  # noqa: E402
from pipeline.records import ExtractInput  # noqa: E402

FIRMS = ["Nissan", "Honda", "Foxconn", "Toyota", "Renault", "Mitsubishi Motors", "BYD", "Tesla", "Sharp",
         "Hyundai", "Volkswagen", "General Motors", "Stellantis", "Mazda", "Subaru", "Suzuki Motor",
         "Sony", "Panasonic", "Denso", "Aisin", "Yulon Motor", "Geely", "SoftBank", "Hon Hai"]
PEOPLE = ["Makoto Uchida", "Toshihiro Mibe", "Young Liu", "Ivan Espinosa", "Luca de Meo", "Akio Toyoda"]
AMOUNTS = ["$1.5 billion", "¥300 billion", "NT$20 billion", "€800 million", "5 billion yuan", "$640 million"]
TEMPLATES = [
    "{a} said on {day} it was in talks to buy a stake in {b}, according to people familiar with the matter.",
    "Shares of {a} rose {pct}% in Tokyo trading after the report, while {b} stock fell {pct2}%.",
    "{a} and {b} signed a memorandum of understanding to explore a merger under a joint holding company.",
    "{p}, chief executive of {a}, told reporters the company had no plans to acquire {b}.",
    "{a} agreed to invest {amt} in {b} to help fund its electric-vehicle push.",
    "The {a} plant in {city} will build compact cars for export from next year, the company said.",
    "{a} reported a {pct}% drop in quarterly operating profit on {day}, citing weaker sales in China.",
    "Analysts said the deal would give {a} access to {b}'s factories and its battery technology.",
    "{a} called off talks with {b} after the two sides failed to agree on terms.",
    "The yen weakened against the dollar on {day}, lifting exporters such as {a} and {b}.",
    "{a} will spend {amt} on a new battery plant in {city} over the next five years.",
    "Regulators in {city} are reviewing the proposed tie-up between {a} and {b}, officials said.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
CITIES = ["Tokyo", "Yokohama", "Taipei", "Paris", "Kentucky", "Shenzhen", "Nagoya", "Detroit"]


def make_articles(n_words: int, seed: int = 7) -> list[ExtractInput]:
    """Articles of 8-20 templated sentences until the corpus holds >= n_words words."""
    rng = random.Random(seed)
    articles: list[ExtractInput] = []
    total = 0
    while total < n_words:
        sents = []
        for _ in range(rng.randint(8, 20)):
            a, b = rng.sample(FIRMS, 2)
            sents.append(rng.choice(TEMPLATES).format(
                a=a, b=b, p=rng.choice(PEOPLE), amt=rng.choice(AMOUNTS), day=rng.choice(DAYS),
                city=rng.choice(CITIES), pct=rng.randint(1, 15), pct2=round(rng.uniform(0.5, 9), 1)))
        text = " ".join(sents)
        total += len(text.split())
        articles.append(ExtractInput(doc_id=f"b{len(articles)}", text=text))
    return articles


def time_bare(articles: list[ExtractInput], batch_size: int, nlp=None) -> float:
    nlp = nlp or load_base_model()
    start = time.perf_counter()
    for _doc in nlp.pipe((a.text for a in articles), batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_extractor(extractor, articles: list[ExtractInput], n_process: int, batch_size: int) -> float:
    start = time.perf_counter()
    n = sum(1 for _ in extractor.extract_many(articles, n_process=n_process, batch_size=batch_size))
    assert n == len(articles)
    return time.perf_counter() - start


def time_interleaved(extractor, articles: list[ExtractInput], batch_size: int,
                     rounds: int = 10) -> tuple[float, float]:
    """Bare nlp.pipe and the extractor on the same chunks, alternating which goes first, so
    a change in machine load during the run falls on both sides alike; (bare s, extractor s)."""
    nlp = load_base_model()
    bare = ours = 0.0
    size = -(-len(articles) // rounds)
    for k in range(rounds):
        chunk = articles[k * size:(k + 1) * size]
        if k % 2:
            ours += time_extractor(extractor, chunk, 1, batch_size)
            bare += time_bare(chunk, batch_size, nlp)
        else:
            bare += time_bare(chunk, batch_size, nlp)
            ours += time_extractor(extractor, chunk, 1, batch_size)
    return bare, ours


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()
    articles = make_articles(args.words)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles)} articles, {words} words")
    extractor = load_extractor()
    time_extractor(extractor, articles[:50], 1, args.batch_size)  # warm-up
    bare, single = time_interleaved(extractor, articles, args.batch_size)
    double = time_extractor(extractor, articles, 2, args.batch_size)
    print(f"bare nlp.pipe         {words / bare:10.0f} words/s  ({bare:.1f} s)")
    print(f"extract_many, 1 proc  {words / single:10.0f} words/s  ({single:.1f} s)")
    print(f"extract_many, 2 procs {words / double:10.0f} words/s  ({double:.1f} s)")
    print(f"ratio extractor/bare  {bare / single:.3f}  (target >= 0.85)")
    print(f"speed-up 2 procs      {single / double:.3f}  (target >= 1.6)")
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS              main {self_kb / 1024:.0f} MiB, largest worker {child_kb / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
