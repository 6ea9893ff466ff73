"""Throughput of the newsmon extractor against bare nlp.pipe of the same base model.

    .venv/bin/python bench/bench_extract.py [--words N] [--batch-size B]

Builds >= N words of news-like text by recombining templated sentences with varied
entities (fixed seed), then times, in this one run:
  1. bare `nlp.pipe` of the base model (no newsmon components),
  2. `Extractor.extract_many` with one process, interleaved with 1 chunk by chunk
     (ten chunks, alternating which goes first) so load changes hit both alike,
  3. `Extractor.extract_many` with two processes,
and prints words/s, the ratios (targets: 2 vs 1 >= 0.85, 3 vs 2 >= 1.6) and peak RSS.

Then the Japanese pipeline on >= --ja-chars characters of templated Japanese news (our own
sentences): GiNZA's load time and the RSS it adds, bare GiNZA nlp.pipe (the components the
extractor keeps) and JaExtractor.extract_many, as words/s counted the issue's way (characters
/ 2, Japanese having no spaces), beside the English figure. --ja-chars 0 skips it, --words 0
skips English.
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


def make_corpus(size: int, measure, sentences: tuple[int, int], sentence, joiner: str, prefix: str,
                seed: int, lang: str | None = None) -> list[ExtractInput]:
    """Articles of `sentences` (min, max) templated sentences until `measure` of the corpus is >= size."""
    rng = random.Random(seed)
    articles: list[ExtractInput] = []
    total = 0
    while total < size:
        text = joiner.join(sentence(rng) for _ in range(rng.randint(*sentences)))
        total += measure(text)
        articles.append(ExtractInput(doc_id=f"{prefix}{len(articles)}", text=text, lang=lang))
    return articles


def english_sentence(rng: random.Random) -> str:
    a, b = rng.sample(FIRMS, 2)
    return rng.choice(TEMPLATES).format(
        a=a, b=b, p=rng.choice(PEOPLE), amt=rng.choice(AMOUNTS), day=rng.choice(DAYS),
        city=rng.choice(CITIES), pct=rng.randint(1, 15), pct2=round(rng.uniform(0.5, 9), 1))


def make_articles(n_words: int, seed: int = 7) -> list[ExtractInput]:
    """English articles of 8-20 templated sentences until the corpus holds >= n_words words."""
    return make_corpus(n_words, lambda t: len(t.split()), (8, 20), english_sentence, " ", "b", seed)


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


JA_FIRMS = ["日産自動車", "ホンダ", "鴻海精密工業", "トヨタ自動車", "ルノー", "三菱自動車", "シャープ", "ソニーグループ",
            "三菱商事", "テスラ", "北斗精機", "東洋電機"]
JA_TEMPLATES = [
    "{a}が{b}の株式取得を検討していることが{day}、関係者への取材で分かった。",
    "{day}の東京株式市場で{a}株が一時前日比{pct}%高となり、{b}株は{pct2}%安だった。",
    "{a}と{b}は経営統合に向けた基本合意書を締結し、協議を始めると発表した。",
    "{a}の社長は記者団に対し、{b}を買収する計画はないと述べた。",
    "{a}は{b}に約{amt}億円を出資することで合意した。",
    "{a}は{city}の工場で来年から小型車の生産を始めると発表した。",
    "{a}の{day}発表の決算は、営業利益が前年同期比{pct}%減少した。中国での販売が振るわなかった。",
    "アナリストは、今回の提携で{a}が{b}の工場と電池技術を活用できるとみている。",
    "{a}は条件が折り合わず、{b}との協議を打ち切った。",
    "{day}の外国為替市場で円安が進み、{a}や{b}など輸出関連株が買われた。",
    "{a}は今後5年間で約{amt}億円を投じ、{city}に電池工場を建設する。",
    "{city}の当局は{a}と{b}の業務提携について審査を進めている。",
]
JA_DAYS = ["17日", "18日", "23日", "5日", "13日"]
JA_CITIES = ["横浜", "台北", "パリ", "名古屋", "九州", "米国"]


def japanese_sentence(rng: random.Random) -> str:
    a, b = rng.sample(JA_FIRMS, 2)
    return rng.choice(JA_TEMPLATES).format(
        a=a, b=b, day=rng.choice(JA_DAYS), city=rng.choice(JA_CITIES), pct=rng.randint(1, 15),
        pct2=round(rng.uniform(0.5, 9), 1), amt=rng.choice([150, 800, 1200, 3000]))


def make_ja_articles(n_chars: int, seed: int = 11) -> list[ExtractInput]:
    """Japanese articles of 6-14 templated sentences until the corpus holds >= n_chars characters."""
    return make_corpus(n_chars, len, (6, 14), japanese_sentence, "", "j", seed, lang="ja")


def bench_japanese(n_chars: int, batch_size: int, en_rate: float | None) -> None:
    """GiNZA load time and memory, then bare GiNZA and the Japanese extractor in words (chars/2) per second."""
    import psutil

    from pipeline.nlp.ja.extractor import JaExtractor, load_ginza

    articles = make_ja_articles(n_chars)
    chars = sum(len(a.text) for a in articles)
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    start = time.perf_counter()
    nlp = load_ginza()
    load_s = time.perf_counter() - start
    rss1 = proc.memory_info().rss
    ja = JaExtractor(Path(__file__).resolve().parents[1] / "models")
    list(ja.extract_many(articles[:20], batch_size=batch_size))   # warm-up
    start = time.perf_counter()
    for _doc in nlp.pipe((a.text for a in articles), batch_size=batch_size):
        pass
    bare = time.perf_counter() - start
    start = time.perf_counter()
    n = sum(1 for _ in ja.extract_many(articles, batch_size=batch_size))
    ours = time.perf_counter() - start
    assert n == len(articles)
    words = chars / 2
    print(f"japanese corpus: {len(articles)} articles, {chars} characters ({words:.0f} words as chars/2)")
    print(f"GiNZA load            {load_s:.1f} s, +{(rss1 - rss0) / 2**20:.0f} MiB RSS "
          f"(components {', '.join(nlp.pipe_names)})")
    print(f"bare GiNZA nlp.pipe   {words / bare:10.0f} words/s  ({bare:.1f} s)")
    print(f"JA extract_many       {words / ours:10.0f} words/s  ({ours:.1f} s)")
    if en_rate:
        print(f"English extract_many  {en_rate:10.0f} words/s  (same run; Japanese/English {words / ours / en_rate:.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--ja-chars", type=int, default=100_000)
    args = ap.parse_args()
    en_rate = run_english(args) if args.words else None
    if args.ja_chars:
        bench_japanese(args.ja_chars, args.batch_size, en_rate)
    return 0


def run_english(args) -> float:
    """The English figures; returns the extractor's one-process words/s."""
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
    return words / single


if __name__ == "__main__":
    sys.exit(main())
