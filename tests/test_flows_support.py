"""Helpers for the Prefect tests (no tests here): config files, loopback feeds, the harness."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{base}/</link><description>t</description>
{items}</channel></rss>"""
ITEM = ("<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        "<pubDate>Mon, 16 Dec 2024 0{n}:00:00 GMT</pubDate><description>{summary}</description></item>")
PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>{text}</p></article></body></html>")


def write_config(path: Path, feeds: dict[str, str], db: Path, extra: str = "") -> Path:
    """A newsmon.toml for tests: loopback feeds allowed, no politeness delay, short timeouts."""
    lines = ["[warehouse]", f"path = {json.dumps(str(db))}", "lock_timeout_s = 60", "",
             "[fetch]", "allow_private_networks = true", "per_host_delay_s = 0.0",
             "per_host_concurrency = 8", "timeout_s = 10", "retries = 1", "backoff_base_s = 0.05", "",
             "[digest]", f"to = [{json.dumps('file:' + str(path.parent / 'digests') + '/')}]", "",
             extra]
    for name, url in feeds.items():
        lines += ["[[feeds]]", f"name = {json.dumps(name)}", f"url = {json.dumps(url)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def serve_small_feed(server, prefix: str, stories: list[tuple[str, str]]) -> bytes:
    """Article pages under /{prefix}/N.html on a LoopbackServer; returns the RSS body."""
    items = []
    for n, (title, text) in enumerate(stories):
        link = server.route(f"/{prefix}/{n}.html", PAGE.format(title=title, text=text))
        items.append(ITEM.format(title=title, link=link, n=n, summary=text[:120]))
    return RSS.format(title=prefix, base=server.base_url, items="\n".join(items)).encode()


STORIES = [
    ("Nissan and Honda confirm merger talks",
     "Nissan and Honda said on Monday that they have started talks about a merger that would "
     "create the third largest carmaker in the world. Mitsubishi Motors may join the group. "
     "The companies plan to set up a joint holding company by August 2026, executives said."),
    ("Foxconn eyes stake in Nissan",
     "Foxconn approached Nissan about buying a stake in the Japanese carmaker, people familiar "
     "with the matter said. Renault owns a large stake in Nissan and would have to agree. "
     "Shares of Nissan rose 5% in Tokyo trading after the report, the biggest gain in months."),
]


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
