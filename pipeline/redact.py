"""Credentials out of URLs before they are stored, printed or logged.

A feed URL may carry a login (`https://user:pw@host/feed`) or a token in its
query (`?access_token=...`). newsmon still fetches the URL as configured, but
what it records (fetch_log, feed_state, run summaries) shows `***` instead.
"""
from __future__ import annotations

import re

MASK = "***"
# scheme://userinfo@ : the userinfo part, whatever it holds
USERINFO_RE = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/?#@\s'\"<>]+)@")
# ?name=value / &name=value for parameter names that usually hold a secret
SECRET_PARAM_RE = re.compile(
    r"(?P<lead>[?&;](?:access_token|auth_token|token|api_key|apikey|key|secret|client_secret|"
    r"password|passwd|pwd|auth|sig|signature|session|sessionid)=)(?P<value>[^&#\s'\"<>]+)",
    re.IGNORECASE)


def redact_text(text: str | None) -> str | None:
    """`text` (a URL, or a message naming URLs) with logins and secret query values masked."""
    if not text:
        return text
    text = USERINFO_RE.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    return SECRET_PARAM_RE.sub(lambda m: f"{m['lead']}{MASK}", text)
