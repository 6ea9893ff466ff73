"""Send a digest or alert by email over SMTP: SSL, STARTTLS or plain (loopback only).

`security = "none"` is refused for any host that is not loopback (127.0.0.0/8,
::1, localhost), and a login is never sent without TLS: with "none" and a
username set the channel is a configuration error, so a password cannot cross
a network in clear.

The message is multipart/alternative: the plain-text part, then a
multipart/related part holding the HTML and its inline chart images (CID). The
login comes from the environment variables the config names, read at send time.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pipeline.config import EmailSettings
from pipeline.digest.render import EmailContent
from pipeline.errors import ConfigError, DeliveryError

log = logging.getLogger(__name__)
SECURITY_MODES = ("ssl", "starttls", "none")


def check_email_settings(settings: EmailSettings, env: Mapping[str, str] = os.environ) -> None:
    """Raise ConfigError when email cannot possibly be sent with these settings."""
    if not settings.recipients:
        raise ConfigError("config key 'digest.email.recipients' must list at least one address")
    if settings.security not in SECURITY_MODES:
        raise ConfigError("config key 'digest.email.security' must be ssl, starttls or none")
    if env.get(settings.username_env) and not env.get(settings.password_env):
        raise ConfigError(f"${settings.username_env} is set but ${settings.password_env} is not")
    if settings.security == "none" and not is_loopback_host(settings.host):
        raise ConfigError(f"config key 'digest.email.security' = \"none\" (no TLS) is only allowed for a "
                          f"loopback host, not {settings.host!r}: use starttls or ssl")
    if settings.security == "none" and env.get(settings.username_env):
        raise ConfigError(f"${settings.username_env} is set but 'digest.email.security' is \"none\": "
                          "a login is never sent without TLS (use starttls or ssl)")


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 or a localhost name; no DNS lookup (a name could resolve anywhere)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def build_email_message(content: EmailContent, sender: str, recipients: tuple[str, ...]) -> EmailMessage:
    """multipart/alternative: text/plain, then multipart/related(text/html + image/png...)."""
    msg = EmailMessage()
    msg["Subject"] = content.subject
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="newsmon")
    msg.set_content(content.text, subtype="plain", charset="utf-8")
    if content.html:
        msg.add_alternative(content.html, subtype="html", charset="utf-8")
        html_part = msg.get_payload()[1]
        for image in content.images:
            html_part.add_related(image.data, maintype="image", subtype="png",
                                  cid=f"<{image.cid}>", filename=image.filename, disposition="inline")
    return msg


def tls_context(settings: EmailSettings) -> ssl.SSLContext:
    """Certificate and host name checked; `ca_file` adds a private CA to trust."""
    return ssl.create_default_context(cafile=settings.ca_file or None)


def open_smtp(settings: EmailSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout_s,
                                context=tls_context(settings))
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
    if settings.security == "starttls":
        client.ehlo()
        client.starttls(context=tls_context(settings))
        client.ehlo()
    return client


def send_email(settings: EmailSettings, content: EmailContent,
               env: Mapping[str, str] = os.environ) -> str:
    """Send to every recipient; return a description. Raises DeliveryError on failure."""
    check_email_settings(settings, env)
    msg = build_email_message(content, settings.sender, settings.recipients)
    user = env.get(settings.username_env)
    try:
        with open_smtp(settings) as client:
            if user and settings.security != "none":   # checked above too: never AUTH in clear
                client.login(user, env.get(settings.password_env, ""))
            refused = client.send_message(msg, from_addr=settings.sender,
                                          to_addrs=list(settings.recipients))
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"email via {settings.host}:{settings.port} failed: {exc}") from exc
    if refused:
        log.warning("email: recipients refused: %s", ", ".join(refused))
    sent = [r for r in settings.recipients if r not in refused]
    return f"email to {', '.join(sent)} via {settings.host}:{settings.port}"
