"""POST JSON to a webhook (Slack-compatible), retrying 5xx, 429 and network errors.

Waits honour Retry-After (seconds or an HTTP date), capped at `max_backoff_s`;
otherwise the wait doubles from `backoff_s`. Other 4xx answers fail at once.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from pipeline.config import WebhookSettings
from pipeline.errors import ConfigError, DeliveryError

log = logging.getLogger(__name__)


def resolve_webhook_url(settings: WebhookSettings, env: Mapping[str, str] = os.environ) -> str:
    """The URL from config, else from the environment variable it names."""
    url = settings.url or env.get(settings.url_env, "")
    if not url:
        raise ConfigError(f"no webhook URL: set digest.webhook.url or ${settings.url_env}")
    if not url.startswith(("http://", "https://")):
        raise ConfigError("the webhook URL must be an http(s) URL")
    return url


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def retry_delay(attempt: int, retry_after: float | None, settings: WebhookSettings) -> float:
    wait = retry_after if retry_after is not None else settings.backoff_s * (2 ** attempt)
    return min(wait, settings.max_backoff_s)


def post_once(client: httpx.Client, url: str, payload: dict) -> tuple[str, float | None]:
    """One attempt: ("", None) on success, (error, retry-after) when worth retrying.

    Raises DeliveryError on an answer that retrying cannot change (4xx but 429).
    """
    try:
        response = client.post(url, json=payload)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}", None
    if response.status_code < 300:
        return "", None
    error = f"HTTP {response.status_code}: {response.text[:200]}"
    if response.status_code == 429 or response.status_code >= 500:
        return error, parse_retry_after(response.headers.get("retry-after"))
    raise DeliveryError(f"webhook refused the message: {error}")


def post_webhook(settings: WebhookSettings, payload: dict,
                 env: Mapping[str, str] = os.environ) -> str:
    """Deliver `payload`; return a description. Raises DeliveryError when it gives up."""
    url = resolve_webhook_url(settings, env)
    host = httpx.URL(url).host
    error = ""
    with httpx.Client(timeout=settings.timeout_s, follow_redirects=False) as client:
        for attempt in range(settings.retries + 1):
            error, retry_after = post_once(client, url, payload)
            if not error:
                return f"webhook {host} (attempt {attempt + 1})"
            if attempt == settings.retries:
                break
            wait = retry_delay(attempt, retry_after, settings)
            log.warning("webhook %s: %s; retrying in %.1f s", host, error, wait)
            time.sleep(wait)
    raise DeliveryError(f"webhook {host} failed after {settings.retries + 1} attempts: {error}")
