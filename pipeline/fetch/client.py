"""PoliteClient: the one HTTP client for feeds, pages and robots.txt.

Per request it applies, in order: the per-host gate (concurrency + minimum
delay), the global limit, the SSRF guard (in the connection layer, so redirects
and every new connection are checked), a total timeout covering the body,
manual redirects with loop detection, a capped streaming body read, and
retries with exponential backoff + jitter for transient failures.
"""
from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.config import FetchSettings
from pipeline.errors import (
    BlockedAddressError, BodyTooLargeError, FetchError, PermanentFetchError, TransientFetchError,
)
from pipeline.fetch.body import parse_content_encoding, read_capped_body
from pipeline.fetch.gates import HostGates, authority_of
from pipeline.fetch.guard import AddressGuard, Resolver
from pipeline.fetch.transport import build_guarded_transport

logger = logging.getLogger(__name__)

HopCheck = Callable[[str], Awaitable[None]]
REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_RETRY_AFTER_PARSE_S = 86_400.0


@dataclass(frozen=True)
class FetchResponse:
    """A completed fetch: status, lower-case headers and the (decoded) body."""

    requested_url: str
    final_url: str
    status_code: int
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    not_modified: bool = False


class PoliteClient:
    """Async context manager wrapping one httpx.AsyncClient with our politeness policy.

    `allowed_networks` and `resolver` make the SSRF guard testable: a test can
    allow 127.0.0.1/32 while 10.x stays refused (see guard.AddressGuard).
    """

    def __init__(self, settings: FetchSettings, *, allowed_networks: Iterable[str] = (),
                 resolver: Resolver | None = None):
        self.settings = settings
        self.guard = AddressGuard.build(settings.allow_private_networks, allowed_networks, resolver)
        self.gates = HostGates(settings.per_host_concurrency, settings.per_host_delay_s)
        self._global = asyncio.Semaphore(settings.global_concurrency)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> "PoliteClient":
        self._client = build_http_client(self.settings, self.guard)
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def set_host_delay(self, url: str, delay_s: float) -> None:
        """Raise the minimum delay for one host (robots.txt Crawl-delay)."""
        self.gates.set_delay(authority_of(url), delay_s)

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    retries: int | None = None, max_bytes: int | None = None,
                    hop_check: HopCheck | None = None) -> FetchResponse:
        """GET `url` politely; raise TransientFetchError / PermanentFetchError subclasses.

        `hop_check(url)` runs before every hop of a redirect chain (robots.txt for pages).
        """
        attempts = 1 + (self.settings.retries if retries is None else retries)
        validators = build_validator_headers(etag, last_modified)
        for attempt in range(attempts):
            try:
                return await self._fetch_once(url, validators, max_bytes, hop_check)
            except TransientFetchError as exc:
                if attempt + 1 >= attempts:
                    raise
                delay = compute_backoff(self.settings, attempt, exc.retry_after)
                logger.info("retrying %s in %.2fs after: %s", url, delay, exc)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _fetch_once(self, url: str, validators: dict[str, str], max_bytes: int | None,
                          hop_check: HopCheck | None) -> FetchResponse:
        budget = TimeBudget(self.settings.timeout_s)
        try:
            return await self._follow_redirects(url, validators, max_bytes, budget, hop_check)
        except TimeoutError as exc:
            raise TransientFetchError(
                f"timed out after {self.settings.timeout_s}s (whole request)", url=url) from exc

    async def _follow_redirects(self, url: str, validators: dict[str, str], max_bytes: int | None,
                                budget: "TimeBudget", hop_check: HopCheck | None) -> FetchResponse:
        seen: set[str] = set()
        current = url
        for _ in range(self.settings.max_redirects + 1):
            seen.add(current)
            if hop_check is not None:
                await hop_check(current)
            status, headers, body = await self._request(current, validators, max_bytes, budget)
            if status not in REDIRECT_CODES:
                return finish_response(url, current, status, headers, body)
            target = next_location(current, headers)
            if target in seen:
                raise PermanentFetchError(f"redirect loop at {target}", url=url, status_code=status)
            current = target
        raise PermanentFetchError(
            f"more than {self.settings.max_redirects} redirects", url=url, status_code=status)

    async def _request(self, url: str, validators: dict[str, str], max_bytes: int | None,
                       budget: "TimeBudget") -> tuple[int, dict[str, str], bytes]:
        assert self._client is not None, "use PoliteClient as an async context manager"
        check_url_scheme(url)
        cap = max_bytes or self.settings.max_body_bytes
        async with self.gates.slot(authority_of(url)), self._global, budget.running():
            try:
                async with self._client.stream("GET", url, headers=validators) as response:
                    headers = lower_headers(response.headers)
                    if response.status_code in REDIRECT_CODES or response.status_code == 304:
                        return response.status_code, headers, b""
                    raise_for_status(url, response.status_code, headers)
                    check_declared_length(url, headers, cap)
                    encoding = parse_content_encoding(headers.get("content-encoding"), url)
                    body = await read_capped_body(response.aiter_raw(), encoding, cap, url)
                    return response.status_code, headers, body
            except BlockedAddressError as exc:
                raise BlockedAddressError(str(exc), url=url) from None
            except FetchError:
                raise
            except httpx.HTTPError as exc:
                raise classify_transport_error(url, exc) from exc


class TimeBudget:
    """The whole-request time limit, counting only time spent on the network (not queueing)."""

    def __init__(self, total_s: float):
        self.remaining = total_s

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        started = time.monotonic()
        try:
            async with asyncio.timeout(max(self.remaining, 0.0)):
                yield
        finally:
            self.remaining -= time.monotonic() - started


def build_http_client(settings: FetchSettings, guard: AddressGuard) -> httpx.AsyncClient:
    timeout = httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s)
    limits = httpx.Limits(max_connections=settings.global_concurrency * 2,
                          max_keepalive_connections=settings.global_concurrency)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
               "Accept": "*/*"}
    transport = build_guarded_transport(guard, limits)
    return httpx.AsyncClient(timeout=timeout, headers=headers, follow_redirects=False,
                             transport=transport, trust_env=False)


def lower_headers(headers: httpx.Headers) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in headers.multi_items():
        key = key.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def build_validator_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def check_url_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentFetchError(f"not an http(s) URL: {url[:200]}", url=url)


def next_location(current: str, headers: dict[str, str]) -> str:
    location = headers.get("location", "").strip()
    if not location:
        raise PermanentFetchError("redirect without Location", url=current)
    target = urljoin(current, location)
    check_url_scheme(target)
    return target.split("#", 1)[0]


def finish_response(url: str, final: str, status: int, headers: dict[str, str],
                    body: bytes) -> FetchResponse:
    return FetchResponse(requested_url=url, final_url=final, status_code=status,
                         headers=headers, body=body, not_modified=status == 304)


def raise_for_status(url: str, status: int, headers: dict[str, str]) -> None:
    if status == 429 or status >= 500:
        raise TransientFetchError(f"HTTP {status}", url=url, status_code=status,
                                  retry_after=parse_retry_after(headers.get("retry-after")))
    if status >= 400:
        raise PermanentFetchError(f"HTTP {status}", url=url, status_code=status)
    if status < 200 or status >= 300:
        raise PermanentFetchError(f"unexpected HTTP {status}", url=url, status_code=status)


def check_declared_length(url: str, headers: dict[str, str], cap: int) -> None:
    try:
        declared = int(headers.get("content-length", "0"))
    except ValueError:
        return
    if declared > cap:
        raise BodyTooLargeError(f"Content-Length {declared} exceeds the size cap of {cap} bytes", url=url)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_PARSE_S)
    from email.utils import parsedate_to_datetime
    from datetime import datetime, timezone
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def compute_backoff(settings: FetchSettings, attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter; Retry-After wins when given. Capped by backoff_max_s."""
    if retry_after is not None:
        return min(retry_after, settings.backoff_max_s)
    ceiling = min(settings.backoff_max_s, settings.backoff_base_s * (2 ** attempt))
    return random.uniform(ceiling / 2, ceiling)


def classify_transport_error(url: str, exc: httpx.HTTPError) -> FetchError:
    """Map an httpx error onto our tree: network trouble is transient, protocol junk permanent."""
    if isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)):
        return TransientFetchError(f"{type(exc).__name__}: {exc}", url=url)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return PermanentFetchError(f"unsupported protocol: {exc}", url=url)
    return PermanentFetchError(f"{type(exc).__name__}: {exc}", url=url)
