"""Extraction quality of our trafilatura wrapper on the article-extraction benchmark.

Bag-of-words token precision / recall / F1 (tokens are \\w+, lower-cased, counted
as a multiset) of `pipeline.fetch.extract.extract_page` against ground-truth.json,
per page, then mean and median. Run: python -m bench.bench_text_extraction
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.fetch.extract import extract_page  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
TOKEN_RE = re.compile(r"\w+")


def count_tokens(text: str) -> Counter[str]:
    return Counter(TOKEN_RE.findall(text.lower()))


def score_page(predicted: str, expected: str) -> tuple[float, float, float]:
    got, want = count_tokens(predicted), count_tokens(expected)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_benchmark(corpus: Path) -> dict[str, float]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    scores, empty, started = [], 0, time.perf_counter()
    for page_id, expected in sorted(truth.items()):
        body = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        page = extract_page(body, "text/html; charset=utf-8", expected["url"])
        empty += not page.text
        scores.append(score_page(page.text, expected["articleBody"]))
    elapsed = time.perf_counter() - started
    precision, recall, f1 = zip(*scores)
    return {"pages": len(scores), "empty": empty, "seconds": elapsed,
            "p_mean": statistics.mean(precision), "r_mean": statistics.mean(recall),
            "f1_mean": statistics.mean(f1), "p_median": statistics.median(precision),
            "r_median": statistics.median(recall), "f1_median": statistics.median(f1),
            "f1_below_0_5": sum(1 for x in f1 if x < 0.5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        print(f"benchmark corpus not found at {args.corpus}")
        return
    r = run_benchmark(args.corpus)
    print(f"article-extraction-benchmark: {r['pages']} pages in {r['seconds']:.1f}s "
          f"({r['empty']} empty, {r['f1_below_0_5']} with F1 < 0.5)")
    print(f"  precision mean {r['p_mean']:.3f}  median {r['p_median']:.3f}")
    print(f"  recall    mean {r['r_mean']:.3f}  median {r['r_median']:.3f}")
    print(f"  F1        mean {r['f1_mean']:.3f}  median {r['f1_median']:.3f}")


if __name__ == "__main__":
    main()
