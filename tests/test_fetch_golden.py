"""Golden files for text extraction: tests/data/fetch/<page>.html -> golden/<page>.json.

A trafilatura upgrade or a wrapper change that alters what we extract shows up here as
a diff. After checking the new output by eye, regenerate with:
    NEWSMON_UPDATE_GOLDEN=1 python -m pytest tests/test_fetch_golden.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.fetch.extract import extract_page

DATA = Path(__file__).parent / "data" / "fetch"
GOLDEN = DATA / "golden"
PAGES = sorted(DATA.glob("*.html"))


def summarize_page(path: Path) -> dict:
    page = extract_page(path.read_bytes(), "text/html", f"https://publisher.example/{path.stem}")
    return {"title": page.title, "author": page.author, "sitename": page.sitename,
            "published_at": page.published_at.isoformat() if page.published_at else None,
            "html_lang": page.html_lang, "html_canonical": page.html_canonical,
            "text": page.text}


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_extraction_matches_golden_file(path):
    got = summarize_page(path)
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("NEWSMON_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
