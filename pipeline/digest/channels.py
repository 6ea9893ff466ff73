"""Channels a digest or alert goes to: `file:PATH`, `email`, `webhook`.

Each channel gets the digest in its own shape: a file in the chosen format (HTML
with data-URI charts), an email with text and HTML alternatives and inline charts
(whatever `--format` says), a Slack-compatible JSON message for a webhook.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import datetime

from pipeline.config import Settings
from pipeline.digest.deliver import deliver_file, file_target
from pipeline.digest.mailer import check_email_settings, send_email
from pipeline.digest.model import Digest
from pipeline.digest.render import EmailContent, render_digest, render_email
from pipeline.digest.slack import build_slack_alert, build_slack_payload
from pipeline.digest.webhook import post_webhook, resolve_webhook_url
from pipeline.errors import ConfigError


def check_channel(channel: str, settings: Settings, env: Mapping[str, str] = os.environ) -> None:
    """Raise ConfigError for a channel that cannot work (before anything is sent)."""
    if channel.startswith("file:") and len(channel) > len("file:"):
        return
    if channel == "email":
        check_email_settings(settings.digest.email, env)
    elif channel == "webhook":
        resolve_webhook_url(settings.digest.webhook, env)
    else:
        raise ConfigError(f"unknown digest target {channel!r}: use file:PATH, email or webhook")


def deliver_digest(channel: str, digest: Digest, fmt: str, settings: Settings,
                   content: str | None = None) -> str:
    """Send the digest on one channel; return where it went. Raises DeliveryError."""
    title = settings.digest.title
    if channel.startswith("file:"):
        text = content if content is not None else render_digest(digest, fmt, title)
        return str(deliver_file(channel.removeprefix("file:"), text, fmt, digest.until))
    if channel == "email":
        return send_email(settings.digest.email, render_email(digest, title))
    if channel == "webhook":
        return post_webhook(settings.digest.webhook, build_slack_payload(digest, title))
    raise ConfigError(f"unknown digest target {channel!r}: use file:PATH, email or webhook")


def preview_digest(channel: str, digest: Digest, fmt: str, settings: Settings) -> tuple[str, str]:
    """(what would happen, the content as it would be sent) for --dry-run."""
    title = settings.digest.title
    if channel.startswith("file:"):
        path = file_target(channel.removeprefix("file:"), fmt, digest.until)
        return f"would write {path}", render_digest(digest, fmt, title)
    if channel == "email":
        mail = render_email(digest, title)
        cfg = settings.digest.email
        return (f"would email {', '.join(cfg.recipients)} via {cfg.host}:{cfg.port} "
                f"(text + HTML, {len(mail.images)} inline chart(s))", mail.text)
    payload = build_slack_payload(digest, title)
    return "would POST this JSON to the webhook", json.dumps(payload, ensure_ascii=False, indent=2)


def deliver_alert(channel: str, subject: str, lines: list[str], settings: Settings,
                  at: datetime) -> str:
    """Send a short alert (one line per change) on one channel."""
    text = subject + "\n\n" + "\n".join(f"* {line}" for line in lines) + "\n"
    if channel.startswith("file:"):
        target = channel.removeprefix("file:")
        return str(deliver_file(target, text, "text", at, prefix="alert"))
    if channel == "email":
        return send_email(settings.digest.email, EmailContent(subject=subject, text=text, html=""))
    if channel == "webhook":
        return post_webhook(settings.digest.webhook, build_slack_alert(lines, subject))
    raise ConfigError(f"unknown alert target {channel!r}: use file:PATH, email or webhook")

