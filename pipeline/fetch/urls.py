"""URL canonicalisation and news-search redirector unwrapping.

`canonicalize_url` is the identity of an article: two links that name the same
page must map to the same string, and applying it twice changes nothing.
Percent-encoding, IDNA hosts, dot segments and query ordering are normalised by
w3lib; we add tracking-parameter removal, default-port removal, host
lower-casing and the `rel=canonical` rule.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only track the click, never select content.
TRACKING_PARAM_RE = re.compile(
    r"^(?:utm_\w*|ga_\w*|mtm_\w*|pk_\w*|itm_\w*|hsa_\w*|mc_cid|mc_eid|_hs\w*|"
    r"fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|"
    r"igshid|igsh|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|_ga|_gl|"
    r"ref_src|ref_url|cmpid|ncid|ocid|sr_share|spm|__twitter_impression)$",
    re.IGNORECASE,
)

# Search/aggregator redirectors whose target is carried in a query parameter.
REDIRECTOR_PARAMS = {
    "www.google.com": ("url", "q"),
    "google.com": ("url", "q"),
    "news.google.com": ("url",),
    "www.bing.com": ("url", "u"),
    "bing.com": ("url", "u"),
    "l.facebook.com": ("u",),
    "out.reddit.com": ("url",),
    "t.umblr.com": ("z",),
}
YAHOO_RU_RE = re.compile(r"/RU=([^/]+)/")


def canonicalize_url(url: str, html_canonical: str | None = None) -> str:
    """Return the canonical form of `url`, honouring a sane same-site rel=canonical."""
    base = normalize_url(url)
    if html_canonical:
        chosen = pick_html_canonical(base, html_canonical)
        if chosen is not None:
            return chosen
    return base


def normalize_url(url: str) -> str:
    """Normalise one absolute http(s) URL; other strings come back stripped."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        return url
    cleaned = w3lib_canonicalize(url, keep_fragments=False)
    parts = urlsplit(cleaned)
    query = remove_tracking_params(parts.query)
    netloc = build_netloc(parts)
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def remove_tracking_params(query: str) -> str:
    """Drop click-tracking parameters, keep the rest in their (sorted) order."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not TRACKING_PARAM_RE.match(k)]
    if len(kept) == len(pairs):
        return query
    return urlencode(kept)


def build_netloc(parts) -> str:
    """Lower-cased host, default port dropped, userinfo dropped."""
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or DEFAULT_PORTS.get(parts.scheme.lower()) == port:
        return host
    return f"{host}:{port}"


def pick_html_canonical(page_url: str, html_canonical: str) -> str | None:
    """Accept rel=canonical only when it is http(s), on the same site and not the homepage."""
    candidate = urljoin(page_url, html_canonical.strip())
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        return None
    if site_of(parts.hostname) != site_of(urlsplit(page_url).hostname or ""):
        return None
    if parts.path in ("", "/") and urlsplit(page_url).path not in ("", "/"):
        return None  # a common CMS mistake: every page declares the homepage canonical
    return normalize_url(candidate)


def site_of(host: str) -> str:
    """A cheap registrable-domain guess: the last two labels (three for xx.jp, co.uk...)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def host_of(url: str) -> str:
    """Lower-case host of a URL without 'www.', or '' when there is none."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def unwrap_redirector(url: str) -> str:
    """If `url` is a known search/aggregator redirector carrying its target, return the target."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("search.yahoo.com"):
        match = YAHOO_RU_RE.search(parts.path)
        if match:
            return checked_target(unquote(match.group(1)), url)
    names = REDIRECTOR_PARAMS.get(host)
    if not names:
        return url
    params = dict(parse_qsl(parts.query))
    for name in names:
        if name in params:
            return checked_target(params[name], url)
    return url


def checked_target(target: str, fallback: str) -> str:
    parts = urlsplit(target)
    if parts.scheme in DEFAULT_PORTS and parts.hostname:
        return target
    return fallback
