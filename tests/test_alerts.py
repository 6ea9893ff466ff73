"""Instant alerts after an ingestion run: once per change, rate-limited per channel."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from pipeline.alerts import send_alerts
from tests.test_digest_support import (DAY2_STORED, WebhookReceiver, copy_world, deal, extraction,
                                       make_article, shared_two_days, store, with_alerts, with_webhook)

RUN_STARTED = DAY2_STORED - timedelta(minutes=5)
SENT_AT = DAY2_STORED + timedelta(minutes=1)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return shared_two_days(tmp_path_factory)


def revive_talks(settings, stored_at: datetime) -> None:
    """A later run: Honda and Nissan reopen talks (collapsed -> talks)."""
    pub = datetime(2025, 2, 20, 9, 0, tzinfo=timezone.utc)
    article = make_article("revive", "Honda and Nissan reopen talks", "autowire", pub, stored_at)
    store(settings, "run-day3", [(article, extraction(article, {"Honda": 1, "Nissan": 1}, [deal(
        "merger", "talks", ("Honda", "Nissan"), "Honda and Nissan have reopened merger talks.")]))])


def test_status_change_and_watched_spike_alert_once(template, tmp_path):
    with WebhookReceiver() as hook:
        settings = with_alerts(with_webhook(copy_world(template, tmp_path), hook.url), ("webhook",),
                               watch=("Nissan",))
        lines = send_alerts(settings, RUN_STARTED, now=SENT_AT)
        again = send_alerts(settings, RUN_STARTED, now=SENT_AT + timedelta(hours=2))
    assert len(hook.bodies) == 1 and again == []
    assert "sent 3 change(s)" in lines[0]
    text = hook.bodies[0]["blocks"][0]["text"]["text"]
    assert "Honda–Nissan merger: talks → collapsed" in text
    assert "Nissan–Tesla investment: proposed → denied" in text and "contradicting" in text
    assert "Nissan: mention spike, 11 mentions on 2025-02-13" in text
    assert "new, proposed" not in text                           # a deal first seen is no status change
    assert hook.bodies[0]["text"].startswith("newsmon alert: Honda–Nissan merger: talks → collapsed")


def test_unwatched_spikes_do_not_alert(template, tmp_path):
    folder = tmp_path / "alerts"
    settings = with_alerts(copy_world(template, tmp_path), (f"file:{folder}/",), watch=("Toyota",))
    send_alerts(settings, RUN_STARTED, now=SENT_AT)
    (written,) = folder.iterdir()
    body = written.read_text(encoding="utf-8")
    assert "talks → collapsed" in body and "spike" not in body


def test_rate_limit_holds_alerts_until_the_interval_passes(template, tmp_path):
    folder = tmp_path / "alerts"
    settings = with_alerts(copy_world(template, tmp_path), (f"file:{folder}/",), min_interval_minutes=30)
    assert "sent" in send_alerts(settings, RUN_STARTED, now=SENT_AT)[0]
    later = SENT_AT + timedelta(minutes=10)
    revive_talks(settings, later)
    held = send_alerts(settings, later - timedelta(minutes=1), now=later)
    assert "held by the rate limit" in held[0]
    assert len(list(folder.iterdir())) == 1
    freed = send_alerts(settings, later - timedelta(minutes=1), now=SENT_AT + timedelta(minutes=31))
    assert "sent 1 change(s)" in freed[0]
    newest = max(folder.iterdir())
    assert "collapsed → talks" in newest.read_text(encoding="utf-8")
    assert _count(settings, "SELECT count(*) FROM alerts_sent") == 3


def test_failed_alert_stays_pending_and_goes_out_next_run(template, tmp_path):
    with WebhookReceiver([(500, {})] * 2) as hook:
        settings = with_alerts(with_webhook(copy_world(template, tmp_path), hook.url, retries=0),
                               ("webhook",))
        failed = send_alerts(settings, RUN_STARTED, now=SENT_AT)
        retried = send_alerts(settings, RUN_STARTED, now=SENT_AT + timedelta(minutes=1))
        assert "FAILED" in failed[0]
        assert "FAILED" in retried[0]                  # a failure does not count against the rate limit
        ok = send_alerts(settings, RUN_STARTED, now=SENT_AT + timedelta(minutes=2))
    assert "sent 2 change(s)" in ok[0]


def test_alerts_off_by_default_touch_nothing(tmp_path):
    from tests.test_digest_support import make_settings

    settings = make_settings(tmp_path)
    assert send_alerts(settings, RUN_STARTED) == []
    assert not (tmp_path / "w.duckdb").exists()


def _count(settings, sql):
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


class CannedExtractor:
    """Stands in for spaCy: returns the extraction prepared for each article."""

    def __init__(self, by_id: dict):
        self.by_id = by_id

    def extract_many(self, inputs, n_process=1, batch_size=32):
        return [self.by_id[inp.doc_id] for inp in inputs]


def ingest_items(settings, items) -> None:
    """One real ingestion pass (run_ingest) whose fetch and NLP return `items`."""
    from pipeline.ingest import run_ingest
    from pipeline.records import CollectResult

    articles = tuple(a for a, _ in items)
    extractor = CannedExtractor({a.article_id: ex for a, (_, ex) in items})
    run_ingest(settings, extractor=extractor,
               collect=lambda *args, **kwargs: CollectResult(polls=(), articles=articles, failures=()))


def test_ingestion_run_sends_the_alert_for_a_status_change(tmp_path):
    from tests.test_digest_support import day1_items, day2_items, make_settings

    folder = tmp_path / "alerts"
    settings = with_alerts(make_settings(tmp_path), (f"file:{folder}/",))
    ingest_items(settings, day1_items())
    assert not folder.exists()                        # a first report is not a change
    ingest_items(settings, day2_items())
    (alert,) = folder.iterdir()
    assert "Honda–Nissan merger: talks → collapsed" in alert.read_text(encoding="utf-8")
