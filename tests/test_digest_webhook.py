"""Webhook delivery to a real HTTP receiver on loopback: Slack JSON, retries on 5xx/429."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.config import WebhookSettings
from pipeline.digest.run import run_digest
from pipeline.digest.webhook import parse_retry_after, post_webhook, resolve_webhook_url
from pipeline.errors import ConfigError, DeliveryError
from tests.test_digest_support import DAY2_STORED, WebhookReceiver, copy_world, shared_two_days, with_webhook

NOW = DAY2_STORED + timedelta(hours=1)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return shared_two_days(tmp_path_factory)


def test_digest_posts_slack_blocks_after_a_500(template, tmp_path):
    with WebhookReceiver([(500, {})]) as hook:
        settings = with_webhook(copy_world(template, tmp_path), hook.url)
        outcome = run_digest(settings, since="all", targets=["webhook"], now=NOW)
    assert not outcome.failed, outcome.lines
    assert "attempt 2" in outcome.lines[0]
    first, second = hook.bodies
    assert first == second
    assert second["text"] == "newsmon digest: Honda–Nissan merger: talks → collapsed"
    kinds = [b["type"] for b in second["blocks"]]
    assert kinds[:2] == ["header", "context"] and "section" in kinds
    sections = "\n".join(b["text"]["text"] for b in second["blocks"] if b["type"] == "section")
    assert "*Deal changes*" in sections and "<https://pacbiz.example/collapse|pacbiz>" in sections
    assert "&lt;script&gt;" in sections and "<script>" not in sections


def test_429_waits_as_long_as_retry_after_says():
    with WebhookReceiver([(429, {"Retry-After": "1"})]) as hook:
        settings = WebhookSettings(url=hook.url, retries=1, backoff_s=0.01, timeout_s=5)
        post_webhook(settings, {"text": "hi"})
    assert len(hook.bodies) == 2
    assert hook.times[1] - hook.times[0] >= 0.95


def test_client_error_is_not_retried_and_gives_up_cleanly():
    with WebhookReceiver([(400, {})] + [(500, {})] * 4) as hook:
        settings = WebhookSettings(url=hook.url, retries=3, backoff_s=0.01, timeout_s=5)
        with pytest.raises(DeliveryError, match="HTTP 400"):
            post_webhook(settings, {"text": "hi"})
        assert len(hook.bodies) == 1
        with pytest.raises(DeliveryError, match="after 4 attempts"):
            post_webhook(settings, {"text": "hi"})
        assert len(hook.bodies) == 5


def test_url_comes_from_the_environment_when_not_configured():
    settings = WebhookSettings(url="", url_env="HOOK_FOR_TEST")
    assert resolve_webhook_url(settings, {"HOOK_FOR_TEST": "https://hooks.example/x"}) == "https://hooks.example/x"
    with pytest.raises(ConfigError, match="HOOK_FOR_TEST"):
        resolve_webhook_url(settings, {})


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2025, 2, 14, 6, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Fri, 14 Feb 2025 06:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None
