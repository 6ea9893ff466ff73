"""PoliteClient against a real loopback server: retries, bounds, redirects, SSRF guard, politeness."""
from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import pytest

from pipeline.errors import (
    BlockedAddressError, BodyTooLargeError, PermanentFetchError, TransientFetchError,
)
from pipeline.fetch import PoliteClient
from tests.loopback import (
    LOOPBACK_ONLY, ConcurrencyProbe, LoopbackServer, fast_fetch_settings, fault_endless_body,
    fault_gzip_bomb, fault_huge_body, fault_reset, fault_retry_after, fault_slow_body,
    fault_status, fixed, in_sequence, loopback_server, redirect_to, conditional,
)

assert loopback_server  # pytest fixture, imported for use below


def fetch(url: str, settings=None, allowed=LOOPBACK_ONLY, resolver=None, **kwargs):
    async def run():
        async with PoliteClient(settings or fast_fetch_settings(), allowed_networks=allowed,
                                resolver=resolver) as client:
            return await client.fetch(url, **kwargs)
    return asyncio.run(run())


def test_ok_response_has_lower_case_headers_and_sends_user_agent(loopback_server):
    url = loopback_server.route("/p", "hello", headers={"X-Custom": "1"})
    response = fetch(url)
    assert response.status_code == 200 and response.body == b"hello"
    assert response.headers["x-custom"] == "1" and response.final_url == url
    sent = loopback_server.request_headers[-1][1]
    assert sent["User-Agent"].startswith("newsmon-test/1.0")


def test_500_is_retried_then_raised_as_transient(loopback_server):
    url = loopback_server.handle("/e", fault_status(500))
    with pytest.raises(TransientFetchError) as info:
        fetch(url, fast_fetch_settings(retries=2))
    assert info.value.status_code == 500
    assert loopback_server.hits["/e"] == 3


def test_500_then_200_succeeds_on_retry(loopback_server):
    url = loopback_server.handle("/flaky", in_sequence(fault_status(503), fixed("fine")))
    assert fetch(url).body == b"fine"


def test_404_is_permanent_and_not_retried(loopback_server):
    url = loopback_server.url("/missing")
    with pytest.raises(PermanentFetchError) as info:
        fetch(url, fast_fetch_settings(retries=3))
    assert info.value.status_code == 404
    assert loopback_server.hits["/missing"] == 1


def test_429_retry_after_is_honoured(loopback_server):
    url = loopback_server.handle("/rate", in_sequence(fault_retry_after(1), fixed("ok")))
    started = time.monotonic()
    assert fetch(url, fast_fetch_settings(backoff_max_s=5)).body == b"ok"
    assert 0.9 <= time.monotonic() - started < 3


def test_429_retry_after_is_capped_by_backoff_max(loopback_server):
    url = loopback_server.handle("/rate", in_sequence(fault_retry_after(3600), fixed("ok")))
    started = time.monotonic()
    assert fetch(url, fast_fetch_settings(backoff_max_s=0.3)).body == b"ok"
    assert time.monotonic() - started < 2


def test_connection_reset_is_transient_and_retried(loopback_server):
    url = loopback_server.handle("/reset", fault_reset())
    with pytest.raises(TransientFetchError):
        fetch(url)
    assert loopback_server.hits["/reset"] == 2


def test_one_byte_per_second_body_hits_the_total_timeout(loopback_server):
    url = loopback_server.handle("/slow", fault_slow_body(bytes_per_s=1.0))
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="timed out"):
        fetch(url, fast_fetch_settings(timeout_s=1.0, retries=0))
    assert time.monotonic() - started < 2.5


def test_endless_body_is_cut_at_max_body_bytes(loopback_server):
    url = loopback_server.handle("/endless", fault_endless_body())
    started = time.monotonic()
    with pytest.raises(BodyTooLargeError):
        fetch(url)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("declare_length", [True, False])
def test_100_mb_body_is_refused(loopback_server, declare_length):
    url = loopback_server.handle("/huge", fault_huge_body(100_000_000, declare_length))
    started = time.monotonic()
    with pytest.raises(BodyTooLargeError):
        fetch(url)
    assert time.monotonic() - started < 2


def test_gzip_bomb_is_cut_off_not_inflated(loopback_server):
    url = loopback_server.handle("/bomb", fault_gzip_bomb(50_000_000))
    started = time.monotonic()
    with pytest.raises(BodyTooLargeError, match="decoded"):
        fetch(url)
    assert time.monotonic() - started < 2


def test_concatenated_gzip_bomb_is_cut_off(loopback_server):
    member = gzip.compress(bytes(1 << 20))
    url = loopback_server.handle("/bomb2", fixed(member * 50, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(BodyTooLargeError):
        fetch(url)


def test_gzip_and_deflate_bodies_are_decoded(loopback_server):
    page = b"<html>" + b"text " * 1000 + b"</html>"
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = raw_deflate.compress(page) + raw_deflate.flush()
    gz = loopback_server.handle("/gz", fixed(gzip.compress(page), headers={"Content-Encoding": "gzip"}))
    zl = loopback_server.handle("/zl", fixed(zlib.compress(page), headers={"Content-Encoding": "deflate"}))
    raw = loopback_server.handle("/raw", fixed(deflated, headers={"Content-Encoding": "deflate"}))
    assert fetch(gz).body == page and fetch(zl).body == page and fetch(raw).body == page


def test_redirects_are_followed_to_the_final_url(loopback_server):
    final = loopback_server.route("/final", "arrived")
    loopback_server.handle("/r2", redirect_to("/final", 301))
    start = loopback_server.handle("/r1", redirect_to(loopback_server.url("/r2")))
    response = fetch(start)
    assert response.final_url == final and response.body == b"arrived"
    assert response.requested_url == start


def test_redirect_loop_is_detected(loopback_server):
    loopback_server.handle("/loop/a", redirect_to("/loop/b"))
    url = loopback_server.handle("/loop/b", redirect_to("/loop/a"))
    with pytest.raises(PermanentFetchError, match="loop"):
        fetch(url)
    assert loopback_server.hits["/loop/a"] + loopback_server.hits["/loop/b"] <= 3


def test_more_than_max_redirects_is_refused(loopback_server):
    for i in range(8):
        loopback_server.handle(f"/chain/{i}", redirect_to(f"/chain/{i + 1}"))
    loopback_server.route("/chain/8", "end")
    with pytest.raises(PermanentFetchError, match="redirects"):
        fetch(loopback_server.url("/chain/0"), fast_fetch_settings(max_redirects=5))
    assert fetch(loopback_server.url("/chain/4"), fast_fetch_settings(max_redirects=5)).body == b"end"


def test_redirect_to_private_address_is_refused(loopback_server):
    url = loopback_server.handle("/to-private", redirect_to("http://10.255.255.1/internal"))
    with pytest.raises(BlockedAddressError, match="10.255.255.1"):
        fetch(url, fast_fetch_settings(retries=2))
    assert loopback_server.hits["/to-private"] == 1


def test_loopback_is_refused_without_an_allowance(loopback_server):
    url = loopback_server.route("/p", "secret")
    with pytest.raises(BlockedAddressError):
        fetch(url, allowed=())
    assert loopback_server.hits["/p"] == 0
    assert fetch(url, fast_fetch_settings(allow_private_networks=True), allowed=()).body == b"secret"


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "::1", "fe80::1",
                                     "::ffff:127.0.0.1", "224.0.0.1", "0.0.0.0", "100.64.0.1"])
def test_hostnames_resolving_to_non_public_addresses_are_refused(address):
    async def resolver(host, port):
        return [address]
    with pytest.raises(BlockedAddressError):
        fetch("http://evil.example/x", allowed=LOOPBACK_ONLY, resolver=resolver)


def test_resolved_address_is_the_one_connected_to(loopback_server):
    loopback_server.route("/named", "via resolver")

    async def resolver(host, port):
        return ["127.0.0.1"]
    url = f"http://news.example:{loopback_server.port}/named"
    assert fetch(url, resolver=resolver).body == b"via resolver"
    assert loopback_server.request_headers[-1][1]["Host"] == f"news.example:{loopback_server.port}"


def test_etag_request_gets_304_without_body(loopback_server):
    url = loopback_server.handle("/feed", conditional(b"<rss/>", '"v1"'))
    first = fetch(url)
    assert first.headers["etag"] == '"v1"' and not first.not_modified
    second = fetch(url, etag='"v1"')
    assert second.not_modified and second.status_code == 304 and second.body == b""


def test_per_host_concurrency_is_bounded(loopback_server):
    probe = ConcurrencyProbe(hold_s=0.15)
    loopback_server.handle("/probe", probe)

    async def run():
        async with PoliteClient(fast_fetch_settings(per_host_concurrency=2),
                                allowed_networks=LOOPBACK_ONLY) as client:
            await asyncio.gather(*(client.fetch(loopback_server.url(f"/probe?{i}"))
                                   for i in range(8)))
    asyncio.run(run())
    assert probe.peak == 2


def test_per_host_delay_spaces_request_starts(loopback_server):
    probe = ConcurrencyProbe(hold_s=0.0)
    loopback_server.handle("/probe", probe)

    async def run():
        async with PoliteClient(fast_fetch_settings(per_host_delay_s=0.2),
                                allowed_networks=LOOPBACK_ONLY) as client:
            await asyncio.gather(*(client.fetch(loopback_server.url(f"/probe?{i}"))
                                   for i in range(4)))
    asyncio.run(run())
    gaps = [b - a for a, b in zip(probe.starts, probe.starts[1:])]
    assert min(gaps) >= 0.18


def test_global_concurrency_spans_hosts():
    probe = ConcurrencyProbe(hold_s=0.15)
    with LoopbackServer() as one, LoopbackServer() as two:
        one.handle("/p", probe)
        two.handle("/p", probe)

        async def run():
            async with PoliteClient(fast_fetch_settings(global_concurrency=3),
                                    allowed_networks=LOOPBACK_ONLY) as client:
                urls = [s.url(f"/p?{i}") for s in (one, two) for i in range(4)]
                await asyncio.gather(*(client.fetch(u) for u in urls))
        asyncio.run(run())
    assert probe.peak == 3


def test_non_http_scheme_is_permanent():
    with pytest.raises(PermanentFetchError):
        fetch("file:///etc/passwd")
    with pytest.raises(PermanentFetchError):
        fetch("ftp://example.org/x")
