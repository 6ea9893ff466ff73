"""Load the bundled sample corpus (feeds.json + articles.jsonl)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

CORPUS_DIR = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class CorpusFeed:
    name: str
    title: str
    site: str
    format: str      # rss2 | atom | rdf
    encoding: str    # utf-8 | shift_jis | big5 ...
    lang: str


@dataclass(frozen=True)
class CorpusArticle:
    slug: str
    feed: str
    title: str
    author: str | None
    published: datetime
    summary: str
    body: tuple[str, ...]
    dated: bool


def load_corpus(folder: Path = CORPUS_DIR) -> tuple[list[CorpusFeed], list[CorpusArticle]]:
    feeds = [CorpusFeed(**{k: f[k] for k in CorpusFeed.__dataclass_fields__})
             for f in json.loads((folder / "feeds.json").read_text(encoding="utf-8"))]
    articles = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        articles.append(CorpusArticle(
            slug=raw["slug"], feed=raw["feed"], title=raw["title"], author=raw.get("author"),
            published=datetime.fromisoformat(raw["published"]), summary=raw["summary"],
            body=tuple(raw["body"]), dated=raw.get("dated", True),
        ))
    return feeds, articles
