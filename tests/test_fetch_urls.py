"""canonicalize_url: examples plus hypothesis properties (idempotent, trackers gone, host lower)."""
from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

from hypothesis import given, settings, strategies as st

from pipeline.fetch import canonicalize_url
from pipeline.fetch.urls import TRACKING_PARAM_RE, unwrap_redirector

TRACKERS = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "msclkid",
            "mc_eid", "igshid", "_ga"]

label = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
                min_size=1, max_size=12).filter(lambda s: not s.startswith("-") and not s.endswith("-"))
host = st.lists(label, min_size=2, max_size=4).map(".".join)
segment = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"),
                  max_size=10)
param_key = st.one_of(st.sampled_from(TRACKERS + ["id", "page", "q", "a"]),
                      st.text(alphabet="abcdefghijklmnop_", min_size=1, max_size=6))
param_value = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@st.composite
def urls(draw, segment=segment, param_value=param_value):
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(st.lists(segment, max_size=4)))
    params = draw(st.lists(st.tuples(param_key, param_value), max_size=5))
    query = "&".join(f"{k}={v}" for k, v in params)
    fragment = draw(st.sampled_from(["", "#top", "#a=b"]))
    return f"{scheme}://{draw(host)}{port}/{path}" + (f"?{query}" if query else "") + fragment


@settings(max_examples=100, deadline=None, database=None)
@given(urls())
def test_canonicalize_is_idempotent(url):
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@settings(max_examples=100, deadline=None, database=None)
@given(urls())
def test_canonical_url_has_no_tracking_params_fragment_or_default_port(url):
    parts = urlsplit(canonicalize_url(url))
    keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    assert not any(TRACKING_PARAM_RE.match(k) for k in keys)
    assert parts.fragment == ""
    assert not (parts.scheme == "http" and parts.port == 80)
    assert not (parts.scheme == "https" and parts.port == 443)


@settings(max_examples=100, deadline=None, database=None)
@given(urls())
def test_canonical_host_and_scheme_are_lower_case(url):
    parts = urlsplit(canonicalize_url(url))
    assert parts.netloc == parts.netloc.lower()
    assert parts.scheme in ("http", "https")


# WHATWG parsing strips trailing controls/space, so appending a query would legitimately
# change such URLs; this property is about the query only.
plain_segment = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                               blacklist_characters="/?#"), max_size=10)
plain_value = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
                      max_size=8)


@settings(max_examples=100, deadline=None, database=None)
@given(urls(segment=plain_segment, param_value=plain_value), st.sampled_from(TRACKERS), param_value)
def test_adding_a_tracker_does_not_change_the_canonical_url(url, tracker, value):
    joiner = "&" if "?" in url.split("#")[0] else "?"
    base, _, frag = url.partition("#")
    tracked = f"{base}{joiner}{tracker}={quote(value, safe='')}" + (f"#{frag}" if frag else "")
    assert canonicalize_url(tracked) == canonicalize_url(url)


def test_examples():
    assert canonicalize_url("HTTP://WWW.Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1&fbclid=z#f") \
        == "http://www.example.com/a/c?a=1&b=2"
    assert canonicalize_url("https://ex.com:443") == "https://ex.com/"
    assert canonicalize_url("https://ex.com:8443/x") == "https://ex.com:8443/x"
    assert canonicalize_url("https://例え.jp/パス?q=日本") == \
        "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E6%97%A5%E6%9C%AC"


def test_rel_canonical_is_honoured_when_same_site_and_sane():
    page = "https://www.news.example/story/1?ref=home"
    assert canonicalize_url(page, "/story/1") == "https://www.news.example/story/1"
    assert canonicalize_url(page, "https://m.news.example/story/1") == "https://m.news.example/story/1"
    assert canonicalize_url(page, "https://other.example/story/1") == \
        "https://www.news.example/story/1?ref=home"
    assert canonicalize_url(page, "https://www.news.example/") == \
        "https://www.news.example/story/1?ref=home"
    assert canonicalize_url(page, "javascript:alert(1)") == "https://www.news.example/story/1?ref=home"
    assert canonicalize_url("https://a.co.jp/x", "https://b.co.jp/x") == "https://a.co.jp/x"


def test_news_search_redirectors_are_unwrapped():
    target = "https://publisher.example/2025/02/story.html"
    assert unwrap_redirector(f"https://www.google.com/url?rct=j&url={target}&ct=ga") == target
    assert unwrap_redirector(
        "https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url="
        "https%3a%2f%2fpublisher.example%2f2025%2f02%2fstory.html&c=1") == target
    assert unwrap_redirector(
        "https://r.search.yahoo.com/_ylt=x/RV=2/RE=1/RO=10/RU=https%3a%2f%2fpublisher.example"
        "%2f2025%2f02%2fstory.html/RK=2/RS=abc-") == target
    assert unwrap_redirector("https://www.google.com/url?url=javascript:alert(1)") == \
        "https://www.google.com/url?url=javascript:alert(1)"
    assert unwrap_redirector(target) == target
