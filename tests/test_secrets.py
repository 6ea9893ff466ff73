"""Secrets stay secret: URL logins and tokens are not stored, and -v does not log webhook URLs."""
from __future__ import annotations

import logging
from dataclasses import replace

import duckdb
import httpx

from pipeline.cli import configure_logging
from pipeline.ingest import run_ingest
from pipeline.records import FeedSpec
from pipeline.redact import redact_text
from tests.loopback import LoopbackServer

SECRET = "hunter2-s3cret"


def test_redact_text_masks_logins_and_secret_parameters():
    assert redact_text(f"https://bob:{SECRET}@example.org/feed?x=1") == "https://***@example.org/feed?x=1"
    assert redact_text(f"GET 'http://example.org/rss?api_key={SECRET}&lang=en' failed") == \
        "GET 'http://example.org/rss?api_key=***&lang=en' failed"
    assert redact_text("https://example.org/a?page=2") == "https://example.org/a?page=2"


def test_feed_credentials_are_not_stored_in_fetch_log_or_feed_state(corpus_settings, capsys):
    with LoopbackServer() as server:
        base = server.base_url.replace("http://", f"http://reader:{SECRET}@")
        feed = (f'<rss version="2.0"><channel><title>T</title><item><title>A story</title>'
                f'<link>{base}/missing-story?token={SECRET}</link></item></channel></rss>')
        server.route("/feed.xml", feed, content_type="application/rss+xml")
        feeds = (FeedSpec("private", f"{base}/feed.xml"), FeedSpec("broken", f"{base}/nothing-here.xml?key={SECRET}"))
        report = run_ingest(replace(corpus_settings, feeds=feeds))
    assert report.feeds_ok == 1 and report.feeds_failed == 1
    con = duckdb.connect(corpus_settings.warehouse.path, read_only=True)
    stored = con.execute("SELECT string_agg(concat_ws(' ', url, error), ' ') FROM fetch_log").fetchone()[0]
    stored += con.execute("SELECT string_agg(concat_ws(' ', url, last_error), ' ') FROM feed_state").fetchone()[0]
    con.close()
    assert "***@127.0.0.1" in stored and SECRET not in stored
    assert all(SECRET not in text for pair in report.failed_feeds + report.article_errors for text in pair)


def test_verbose_logging_keeps_http_clients_quiet(caplog):
    configure_logging(verbose=True)
    with LoopbackServer() as server, caplog.at_level(logging.INFO):
        url = server.route(f"/hooks/{SECRET}", "ok", content_type="text/plain")
        assert httpx.get(url).status_code == 200   # httpx logs the whole URL at INFO
        logging.getLogger("pipeline").info("our own progress")
    assert "our own progress" in caplog.text
    assert SECRET not in caplog.text
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
