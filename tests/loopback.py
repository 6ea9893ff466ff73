"""A real HTTP server on 127.0.0.1 (port 0) in a thread, with programmable and fault routes.

    with LoopbackServer() as server:
        server.route("/feed.xml", body, content_type="application/rss+xml")
        server.handle("/boom", fault_status(500))
        url = server.url("/feed.xml")

Routes are looked up by path + query first, then by path. Each request is
counted in `server.hits`; `latency_s` delays every response (benchmarks).
"""
from __future__ import annotations

import gzip
import socket
import struct
import threading
import traceback
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[["LoopbackHandler"], None]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: Handler | None = None


class LoopbackHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        owner = self.server.owner
        path_only = self.path.split("?", 1)[0]
        with owner.lock:
            owner.hits[path_only] += 1
            owner.request_headers.append((self.path, dict(self.headers.items())))
        route = owner.routes.get(self.path) or owner.routes.get(path_only)
        if owner.latency_s:
            time.sleep(owner.latency_s)
        try:
            if route is None:
                self.send_fixed(404, b"not found", {"Content-Type": "text/plain"})
            elif route.handler is not None:
                route.handler(self)
            else:
                self.send_fixed(route.status, route.body, route.headers)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True
        except Exception:  # a bug in a test route: make it visible, not a silent disconnect
            traceback.print_exc()
            raise

    def send_fixed(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        """A complete response with Content-Length (keep-alive friendly)."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head_only(self, status: int, headers: dict[str, str]) -> None:
        """Status + headers of a close-delimited body the caller streams itself."""
        self.close_connection = True
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 256
    owner: "LoopbackServer"

    def handle_error(self, request, client_address) -> None:
        return  # client aborts are expected in fault tests


class LoopbackServer:
    """Threaded HTTP server on 127.0.0.1; see the module docstring."""

    def __init__(self, latency_s: float = 0.0):
        self.latency_s = latency_s
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.request_headers: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "LoopbackServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", 0), LoopbackHandler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, body: bytes | str = b"",
              content_type: str | None = "text/html; charset=utf-8", *, status: int = 200,
              headers: dict[str, str] | None = None) -> str:
        """Serve a fixed response at `path`; returns its absolute URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        all_headers = dict(headers or {})
        if content_type:
            all_headers.setdefault("Content-Type", content_type)
        self.routes[path] = Route(status, body, all_headers)
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        """Serve `path` with a custom handler (see the fault_* factories)."""
        self.routes[path] = Route(handler=handler)
        return self.url(path)


# --- fault routes ----------------------------------------------------------------------


def fault_status(status: int, headers: dict[str, str] | None = None) -> Handler:
    return lambda h: h.send_fixed(status, f"status {status}".encode(), headers or {})


def fault_retry_after(seconds: int) -> Handler:
    return fault_status(429, {"Retry-After": str(seconds)})


def fault_reset() -> Handler:
    """Abort the TCP connection with RST before any response byte."""
    def reset(h: LoopbackHandler) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()
    return reset


def fault_slow_body(bytes_per_s: float = 1.0, total: int = 10_000) -> Handler:
    def slow(h: LoopbackHandler) -> None:
        h.send_head_only(200, {"Content-Type": "application/rss+xml",
                               "Content-Length": str(total)})
        for _ in range(total):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(1.0 / bytes_per_s)
    return slow


def fault_endless_body(chunk: bytes = b"<item>" * 2048) -> Handler:
    def endless(h: LoopbackHandler) -> None:
        h.send_head_only(200, {"Content-Type": "application/rss+xml"})
        while True:
            h.wfile.write(chunk)
    return endless


def fault_huge_body(size: int = 100_000_000, declare_length: bool = True) -> Handler:
    def huge(h: LoopbackHandler) -> None:
        headers = {"Content-Type": "text/html"}
        if declare_length:
            headers["Content-Length"] = str(size)
        h.send_head_only(200, headers)
        block, sent = b"x" * 65536, 0
        while sent < size:
            h.wfile.write(block)
            sent += len(block)
    return huge


_BOMB_CACHE: dict[int, bytes] = {}


def make_gzip_bomb(inflated_size: int) -> bytes:
    """gzip of `inflated_size` zero bytes, built incrementally (never held inflated)."""
    if inflated_size not in _BOMB_CACHE:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block, parts, left = bytes(1 << 20), [], inflated_size
        while left > 0:
            parts.append(packer.compress(block[: min(left, len(block))]))
            left -= len(block)
        parts.append(packer.flush())
        _BOMB_CACHE[inflated_size] = b"".join(parts)
    return _BOMB_CACHE[inflated_size]


def fault_gzip_bomb(inflated_size: int = 200_000_000) -> Handler:
    body = make_gzip_bomb(inflated_size)
    return lambda h: h.send_fixed(200, body, {"Content-Type": "application/rss+xml",
                                              "Content-Encoding": "gzip"})


def gzip_route_body(body: bytes) -> bytes:
    return gzip.compress(body)


def redirect_to(location: str, status: int = 302) -> Handler:
    return lambda h: h.send_fixed(status, b"", {"Location": location})


def conditional(body: bytes, etag: str, content_type: str = "application/rss+xml") -> Handler:
    """200 with an ETag, or 304 when the client sends that ETag back."""
    def serve(h: LoopbackHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_fixed(304, b"", {"ETag": etag})
        else:
            h.send_fixed(200, body, {"ETag": etag, "Content-Type": content_type})
    return serve


def in_sequence(*handlers: Handler) -> Handler:
    """Serve the handlers one per request; the last one repeats."""
    calls = iter(range(1 << 30))
    lock = threading.Lock()

    def serve(h: LoopbackHandler) -> None:
        with lock:
            index = min(next(calls), len(handlers) - 1)
        handlers[index](h)
    return serve


def fixed(body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
          headers: dict[str, str] | None = None) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type, **(headers or {})}
    return lambda h: h.send_fixed(status, data, all_headers)


class ConcurrencyProbe:
    """A handler that sleeps `hold_s` and records the most requests in flight at once."""

    def __init__(self, hold_s: float = 0.2, body: bytes = b"ok"):
        self.hold_s = hold_s
        self.body = body
        self.active = 0
        self.peak = 0
        self.starts: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, h: LoopbackHandler) -> None:
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.starts.append(time.monotonic())
        try:
            time.sleep(self.hold_s)
            h.send_fixed(200, self.body, {"Content-Type": "text/plain"})
        finally:
            with self.lock:
                self.active -= 1


# --- shared pytest pieces for the fetch tests --------------------------------------------

LOOPBACK_ONLY = ("127.0.0.1/32",)  # SSRF guard stays on; only the test server is reachable


def fast_fetch_settings(**overrides):
    """FetchSettings with short timeouts and no politeness delay, for tests."""
    from pipeline.config import FetchSettings

    values = dict(timeout_s=2.0, connect_timeout_s=1.0, retries=1, backoff_base_s=0.05,
                  backoff_max_s=0.5, per_host_delay_s=0.0, per_host_concurrency=8,
                  global_concurrency=16, max_body_bytes=1_000_000,
                  user_agent="newsmon-test/1.0 (+https://example.invalid/bot)")
    values.update(overrides)
    return FetchSettings(**values)


try:
    import pytest

    @pytest.fixture
    def loopback_server():
        with LoopbackServer() as server:
            yield server
except ImportError:  # pragma: no cover - benchmarks import this module without pytest
    pass
