"""Every document of the shared feed corpus through the real fetch + parse path (loopback)."""
from __future__ import annotations

import codecs
import re
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.fetch import collect_sync
from pipeline.records import FeedSpec
from tests.loopback import LOOPBACK_ONLY, LoopbackServer, fast_fetch_settings

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FEEDS = CORPORA / "feeds"
HEADER_RE = re.compile(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)

pytestmark = pytest.mark.skipif(not FEEDS.exists(), reason="shared corpora not present")


def read_comment_text(data: bytes) -> str:
    """Decode enough of a test document to read its leading comment (UTF-16/32 aware)."""
    head = data[:4096]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    if head[:4] in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
        return head.decode("utf-32-le" if head[0] else "utf-32-be", errors="ignore")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] else "utf-16-be", errors="ignore")
    return head.decode("latin-1")


def declared_headers(data: bytes) -> dict[str, str]:
    """The HTTP headers a corpus document asks to be served with (its `Header:` lines)."""
    return {k: v for k, v in HEADER_RE.findall(read_comment_text(data))}


def test_every_corpus_feed_yields_items_or_a_recorded_error():
    paths = sorted(p for p in FEEDS.rglob("*") if p.is_file())
    assert len(paths) > 2000
    settings = fast_fetch_settings(per_host_concurrency=32, global_concurrency=32, retries=0,
                                   timeout_s=20.0, max_body_bytes=10_000_000)
    with LoopbackServer() as server:
        feeds = []
        for path in paths:
            rel = path.relative_to(FEEDS).as_posix()
            data = path.read_bytes()
            headers = declared_headers(data)
            content_type = headers.pop("Content-type", headers.pop("Content-Type", None))
            url = server.route("/corpus/" + quote(rel), data, content_type=content_type,
                               headers=headers)
            feeds.append(FeedSpec(rel, url))
        started = time.monotonic()
        result = collect_sync(settings, feeds, {}, is_known=lambda url: True,
                              allowed_networks=LOOPBACK_ONLY)
        elapsed = time.monotonic() - started
    assert len(result.polls) == len(feeds)
    outcomes = Counter()
    for poll in result.polls:
        assert poll.ok or poll.error, poll.feed_name
        outcomes["items" if poll.items else "error" if not poll.ok else "no usable items"] += 1
    errors = Counter(p.error.split(":", 1)[0] for p in result.polls if not p.ok)
    print(f"\ncorpus: {len(feeds)} documents in {elapsed:.1f}s: {outcomes['items']} yielded items, "
          f"{outcomes['no usable items']} parsed without usable items, "
          f"{outcomes['error']} recorded errors {dict(errors)}")
    assert all(not p.ok for p in result.polls if p.feed_name in ("NOTICE",))
    real = [p for p in result.polls if p.feed_name.startswith("real-publishers/")
            and p.feed_name.rsplit(".", 1)[-1] in ("xml", "rss", "rdf", "atom")]
    assert len(real) == 30 and all(p.ok and p.items for p in real)
    transient = [p.feed_name + ": " + p.error for p in result.polls if p.error and "Transient" in p.error]
    assert not transient, transient[:5]
    assert outcomes["items"] >= 100


EXPECT_RE = re.compile(r"^\s*Expect:\s*(.*?)\s*$", re.MULTILINE)
# We decode mostly-valid UTF-8 with a few broken bytes as UTF-8 on purpose; feedparser's
# test expects its iso-8859-2 fallback (mojibake) instead.
INTENDED_DEVIATIONS = {"bozo_linenoise.xml"}


def test_encoding_corpus_expectations_hold_through_our_charset_repair():
    """feedparser's own `Expect:` lines for encoding/ (a Python expression over the result,
    from the trusted read-only corpus) still hold after `repair_feed_document`."""
    import io

    import feedparser

    from pipeline.fetch.charsets import repair_feed_document

    failures, checked = [], 0
    for path in sorted((FEEDS / "feedparser-tests" / "encoding").glob("*.xml")):
        data = path.read_bytes()
        match = EXPECT_RE.search(read_comment_text(data))
        if not match or path.name in INTENDED_DEVIATIONS:
            continue
        headers = {k.lower(): v for k, v in declared_headers(data).items()}
        headers.setdefault("content-type", "application/xml")
        body, headers = repair_feed_document(data, headers)
        result = feedparser.parse(io.BytesIO(body), response_headers=headers)
        checked += 1
        try:
            ok = bool(eval(match.group(1), {"feedparser": feedparser}, dict(result)))  # noqa: S307
        except Exception:  # an expectation that cannot even be evaluated counts as failed
            ok = False
        if not ok:
            failures.append(path.name)
    assert checked >= 80 and failures == []
