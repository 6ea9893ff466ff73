"""Email delivery to a real SMTP server (aiosmtpd) on 127.0.0.1: MIME, charts, escaping, login."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from pipeline.config import EmailSettings
from pipeline.digest.mailer import check_email_settings
from pipeline.digest.run import run_digest
from pipeline.errors import ConfigError
from tests.test_digest_support import DAY2_STORED, copy_world, free_port, shared_two_days, with_email

USER, PASSWORD = "digest-bot", "s3cret"


class Inbox:
    """aiosmtpd handler keeping every envelope it accepts."""

    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd naming)
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(), PASSWORD.encode())
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return shared_two_days(tmp_path_factory)


@pytest.fixture()
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture()
def login_env(monkeypatch):
    monkeypatch.setenv("NEWSMON_SMTP_USER", USER)
    monkeypatch.setenv("NEWSMON_SMTP_PASSWORD", PASSWORD)


def test_email_has_text_and_html_alternatives_with_inline_chart(template, tmp_path, smtp):
    inbox, port = smtp
    settings = with_email(copy_world(template, tmp_path), port)
    outcome = run_digest(settings, since="all", targets=["email"], now=DAY2_STORED + timedelta(hours=1))
    assert not outcome.failed, outcome.lines
    (envelope,) = inbox.envelopes
    assert inbox.logins == []   # plain SMTP on loopback: no login (test_digest_email_tls logs in over TLS)
    assert sorted(envelope.rcpt_tos) == ["a@test.invalid", "b@test.invalid"]
    msg = message_from_bytes(envelope.content, policy=policy.default)
    assert msg["Subject"] == "newsmon digest: Honda–Nissan merger: talks → collapsed"
    assert msg.get_content_type() == "multipart/alternative"
    text_part, related = msg.get_payload()
    assert text_part.get_content_type() == "text/plain"
    assert "Honda–Nissan merger: talks → collapsed" in text_part.get_content()
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    html = html_part.get_content()
    assert html_part.get_content_type() == "text/html"
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert images and all(img.get_content_type() == "image/png" for img in images)
    for img in images:
        cid = img["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html
        assert img.get_payload(decode=True).startswith(b"\x89PNG")


def test_unreachable_server_fails_the_channel_and_is_recorded(template, tmp_path):
    settings = with_email(copy_world(template, tmp_path), free_port())   # nothing listens there
    outcome = run_digest(settings, since="all", targets=["email"], now=DAY2_STORED + timedelta(hours=1))
    assert outcome.failed and "email: FAILED" in outcome.lines[0]
    again = run_digest(settings, since="all", targets=["email"], now=DAY2_STORED + timedelta(hours=2),
                       dry_run=True)
    assert "would email a@test.invalid, b@test.invalid" in again.lines[0]


def test_a_login_is_never_sent_without_tls(template, tmp_path, smtp, login_env):
    inbox, port = smtp
    settings = with_email(copy_world(template, tmp_path), port)   # security = "none"
    with pytest.raises(ConfigError, match="never sent without TLS"):
        run_digest(settings, since="all", targets=["email"], now=DAY2_STORED + timedelta(hours=1))
    assert inbox.logins == [] and inbox.envelopes == []


@pytest.mark.parametrize("host", ["smtp.example.org", "10.0.0.5", "192.168.1.2", "localhost.example.org"])
def test_security_none_is_refused_for_a_host_that_is_not_loopback(host):
    settings = replace(EmailSettings(), host=host, security="none", recipients=("a@test.invalid",))
    with pytest.raises(ConfigError, match="only allowed for a loopback host"):
        check_email_settings(settings, env={})


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost", "LOCALHOST."])
def test_security_none_is_accepted_on_loopback(host):
    settings = replace(EmailSettings(), host=host, security="none", recipients=("a@test.invalid",))
    check_email_settings(settings, env={})
