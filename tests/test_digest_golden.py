"""Golden tests on the demo corpus: the digest tells the story's big changes.

Runs on a private copy of the session's ingested corpus (the shared one stays
read-only). Also renders the HTML in headless Chromium when it is installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from pipeline.digest.gather import EPOCH, gather_digest
from pipeline.digest.render import render_digest, render_email
from pipeline.digest.run import run_digest
from pipeline.store.connection import warehouse_session

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and os.path.exists(p)), None)


@pytest.fixture(scope="module")
def corpus_copy(ingested_corpus, tmp_path_factory):
    settings, _ = ingested_corpus
    target = tmp_path_factory.mktemp("golden") / "corpus.duckdb"
    shutil.copyfile(settings.warehouse.path, target)
    return replace(settings, warehouse=replace(settings.warehouse, path=str(target)))


@pytest.fixture(scope="module")
def corpus_digest(corpus_copy):
    with warehouse_session(corpus_copy.warehouse) as con:
        return gather_digest(con, EPOCH, datetime.now(timezone.utc))


def test_digest_names_the_honda_nissan_collapse_first(corpus_digest):
    first = corpus_digest.deal_changes[0]
    assert {"Honda", "Nissan"} <= set(first.participants) and first.type == "merger"
    assert first.status == "collapsed"
    assert "Honda" in corpus_digest.subject() and "collapsed" in corpus_digest.subject()
    assert first.evidence and first.url.startswith("http")


DEMO_SUMMARY = [
    "50 articles (49 stories, 5 sources) published 2024-12-17 → 2025-03-12.",
    "Honda–Nissan merger: agreed → collapsed on 2025-02-05 (AutoWire Business).",
    "Honda–Mitsubishi Motors–Nissan merger: agreed → collapsed on 2025-02-06 (Motor Press Daily).",
    "Largest move: Nissan ▲ 23.7% on 2024-12-18 (The Asia Ledger).",
    "Spike: Tesla, 16 mentions on 2025-02-17 (z-score 16.0 against the 28 days before).",
]


def test_demo_digest_opens_with_its_summary_lines(corpus_digest):
    assert corpus_digest.summary == DEMO_SUMMARY
    md = render_digest(corpus_digest, "md").splitlines()
    assert md[4:9] == [f"- {escape}" for escape in DEMO_SUMMARY]


def test_digest_names_the_proposed_tesla_investment(corpus_digest):
    tesla = [c for c in corpus_digest.deal_changes if "Tesla" in c.participants]
    assert tesla, [c.headline for c in corpus_digest.deal_changes]
    assert any(c.type == "investment" and "proposed" in c.steps for c in tesla)
    md = render_digest(corpus_digest, "md")
    assert "Tesla" in md and "investment" in md and "proposed" in md


def test_digest_names_the_nissan_share_jump(corpus_digest):
    jumps = [m for m in corpus_digest.moves if m.entity == "Nissan" and m.direction == "up"]
    assert jumps and max(m.pct or 0 for m in jumps) >= 9
    moves = render_digest(corpus_digest, "text").split("MARKET MOVES")[1]
    assert "Nissan up" in moves


def test_syndicated_collapse_story_counts_once_with_its_sources(corpus_digest):
    assert corpus_digest.stories < corpus_digest.articles
    assert corpus_digest.top_stories[0].sources >= 2


def test_every_format_renders_and_email_carries_charts(corpus_digest):
    for fmt in ("md", "html", "text"):
        assert "Deal changes".lower() in render_digest(corpus_digest, fmt).lower()
    mail = render_email(corpus_digest)
    assert mail.images and all(f"cid:{img.cid}" in mail.html for img in mail.images)


def test_cli_digest_twice_delivers_once(corpus_copy, tmp_path):
    target = f"file:{tmp_path / 'digests'}/"
    first = run_digest(corpus_copy, since="all", fmt="html", targets=[target])
    second = run_digest(corpus_copy, since="all", fmt="html", targets=[target])
    assert "delivered to" in first.lines[0] and "already delivered" in second.lines[0]
    assert len(list((tmp_path / "digests").iterdir())) == 1


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_html_digest_renders_in_headless_chromium(corpus_digest, tmp_path):
    page = tmp_path / "digest.html"
    page.write_text(render_digest(corpus_digest, "html"), encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Deal changes" in proc.stdout and "<img" in proc.stdout
    assert "<script" not in proc.stdout


def test_a_digest_of_all_time_says_so_rather_than_1970(corpus_digest):
    for fmt in ("md", "text", "html"):
        out = render_digest(corpus_digest, fmt)
        assert "1970" not in out and "all time" in out
