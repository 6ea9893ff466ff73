"""Email over TLS to a real aiosmtpd server on 127.0.0.1: STARTTLS and implicit SSL.

A throwaway certificate for 127.0.0.1 is made with the openssl command line and
trusted through `[digest.email] ca_file`; skipped when openssl is not installed.
"""
from __future__ import annotations

import shutil
import ssl
import subprocess
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from pipeline.digest.run import run_digest
from tests.test_digest_email import PASSWORD, USER, Inbox
from tests.test_digest_support import DAY2_STORED, copy_world, free_port, shared_two_days, with_email

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return str(cert), server


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return shared_two_days(tmp_path_factory)


def serve(inbox: Inbox, port: int, **tls) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, **tls)
    controller.start()
    return controller


def send_digest(template, tmp_path, port, cert, security, monkeypatch):
    monkeypatch.setenv("NEWSMON_SMTP_USER", USER)
    monkeypatch.setenv("NEWSMON_SMTP_PASSWORD", PASSWORD)
    settings = with_email(copy_world(template, tmp_path), port, security=security, ca_file=cert)
    return run_digest(settings, since="all", targets=["email"], now=DAY2_STORED + timedelta(hours=1))


def test_starttls_upgrade_then_login_and_send(template, tmp_path, certificate, monkeypatch):
    cert, server_ctx = certificate
    inbox, port = Inbox(), free_port()
    controller = serve(inbox, port, tls_context=server_ctx, require_starttls=True)
    try:
        outcome = send_digest(template, tmp_path, port, cert, "starttls", monkeypatch)
    finally:
        controller.stop()
    assert not outcome.failed, outcome.lines
    assert inbox.logins == [USER]
    msg = message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    assert "talks → collapsed" in msg["Subject"]


def test_certificate_not_trusted_fails_the_channel(template, tmp_path, certificate, monkeypatch):
    _, server_ctx = certificate
    inbox, port = Inbox(), free_port()
    controller = serve(inbox, port, tls_context=server_ctx, require_starttls=True)
    try:
        outcome = send_digest(template, tmp_path, port, "", "starttls", monkeypatch)
    finally:
        controller.stop()
    assert outcome.failed and "CERTIFICATE_VERIFY_FAILED" in outcome.lines[0]
    assert inbox.envelopes == []


def test_implicit_ssl_connection_sends(template, tmp_path, certificate, monkeypatch):
    cert, server_ctx = certificate
    inbox, port = Inbox(), free_port()
    controller = serve(inbox, port, ssl_context=server_ctx, auth_require_tls=False)
    try:
        outcome = send_digest(template, tmp_path, port, cert, "ssl", monkeypatch)
    finally:
        controller.stop()
    assert not outcome.failed, outcome.lines
    assert len(inbox.envelopes) == 1 and inbox.logins == [USER]
