"""Parse a feed with bounded time, memory and nesting, in a child process.

feedparser is pure Python and unbounded: a 9.8 MB deeply nested feed took 51 s
and 720 MB, a 50,000-item feed 21 s. A thread cannot be stopped, so feeds are
parsed in long-lived worker processes, forked from a forkserver that has
feedparser imported and reused from feed to feed (a feed costs a pipe round
trip). A worker checks the element nesting first (lxml, streaming, no entity
expansion), runs under an address-space limit, and is killed (and replaced) when
a parse passes the time limit; each breach becomes that feed's FeedParseError,
recorded like any other, and the run goes on.

A daemonic process (a Dask worker) may not have children: there the feed is
parsed in the calling thread after the same nesting check, and only the size cap
and the nesting limit bound it.
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import resource
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import FeedParseError
from pipeline.records import FeedItem

logger = logging.getLogger(__name__)

MAX_FEED_DEPTH = 64          # real feeds nest under 10 deep; HTML in CDATA does not count
_CONTEXT_LOCK = threading.RLock()
_CONTEXT: multiprocessing.context.BaseContext | None = None


@dataclass(frozen=True)
class FeedLimits:
    timeout_s: float = 15.0
    memory_bytes: int = 1 << 30
    max_depth: int = MAX_FEED_DEPTH


def check_feed_depth(body: bytes, feed_name: str, max_depth: int = MAX_FEED_DEPTH) -> None:
    """Raise FeedParseError when XML elements nest deeper than `max_depth`. A document lxml
    cannot read for another reason passes: feedparser's lenient parser judges it."""
    depth = 0
    try:
        for event, element in etree.iterparse(io.BytesIO(body), events=("start", "end"),
                                              resolve_entities=False, no_network=True, huge_tree=False):
            if event == "start":
                depth += 1
                if depth > max_depth:
                    raise FeedParseError(f"feed {feed_name}: elements nested deeper than {max_depth}")
            else:
                depth -= 1
                element.clear()
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise FeedParseError(f"feed {feed_name}: elements nested too deep ({exc})") from None


def _parse_request(request: tuple) -> tuple[str | None, list[FeedItem]]:
    from pipeline.fetch.feeds import parse_feed

    body, headers, feed_name, base_url, max_depth = request
    if body.lstrip()[:1] not in (b"{", b"["):   # JSON Feed: json's own recursion limit holds
        check_feed_depth(body, feed_name, max_depth)
    return parse_feed(body, headers, feed_name, base_url)


def serve_parses(conn, memory_bytes: int) -> None:
    """A worker process's loop: parse each request under the memory limit, answer
    (ok, title-and-items or message, still healthy); leave after a MemoryError."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    too_big = f"parsing needed more than {memory_bytes >> 20} MB"
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:   # the document alone did not fit
            conn.send((False, f"feed: {too_big}", False))
            return
        feed_name = request[2]
        try:
            answer = (True, _parse_request(request), True)
        except FeedParseError as exc:
            if isinstance(exc.__cause__, MemoryError):   # parse_feed wraps what feedparser raised
                answer = (False, f"feed {feed_name}: {too_big}", False)
            else:
                answer = (False, str(exc), True)
        except MemoryError:
            answer = (False, f"feed {feed_name}: {too_big}", False)
        except Exception as exc:  # a parser bug must stay this feed's error
            answer = (False, f"feed {feed_name}: parser crashed: {exc!r}", True)
        conn.send(answer)
        if not answer[2]:
            return


class ParseWorker:
    """One long-lived parsing process (started once, reused for many feeds, killed when
    a parse passes the time limit)."""

    def __init__(self, memory_bytes: int):
        ctx = _context()
        self.memory_bytes = memory_bytes
        self.conn, child_end = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=serve_parses, args=(child_end, memory_bytes),
                                   name="newsmon-feed-parser", daemon=True)
        self.process.start()
        child_end.close()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


_IDLE: list[ParseWorker] = []
MAX_IDLE_WORKERS = 4


def _take_worker(memory_bytes: int) -> ParseWorker:
    with _CONTEXT_LOCK:
        for worker in _IDLE:
            if worker.memory_bytes == memory_bytes:
                _IDLE.remove(worker)
                if worker.process.is_alive():
                    return worker
                worker.close()
                break
    return ParseWorker(memory_bytes)


def _give_back(worker: ParseWorker) -> None:
    with _CONTEXT_LOCK:
        if len(_IDLE) < MAX_IDLE_WORKERS:
            _IDLE.append(worker)
            return
    worker.close()


def _context() -> multiprocessing.context.BaseContext:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.fetch.feeds", "pipeline.fetch.feed_bounds"])
        _CONTEXT = ctx
    return _CONTEXT


def parse_feed_bounded(body: bytes, headers: Mapping[str, str], feed_name: str, base_url: str,
                       limits: FeedLimits = FeedLimits()) -> tuple[str | None, list[FeedItem]]:
    """parse_feed in a worker process within `limits`; raise FeedParseError on any breach."""
    request = (body, dict(headers), feed_name, base_url, limits.max_depth)
    if multiprocessing.current_process().daemon:
        return _parse_request(request)
    worker = _take_worker(limits.memory_bytes)
    try:
        worker.conn.send(request)
        if not worker.conn.poll(limits.timeout_s):
            worker.close()
            raise FeedParseError(f"feed {feed_name}: parsing took longer than {limits.timeout_s:g} s (stopped)")
        ok, payload, healthy = worker.conn.recv()
    except (EOFError, OSError):
        worker.close()
        raise FeedParseError(f"feed {feed_name}: parser process died (exit code {worker.process.exitcode})") from None
    _give_back(worker) if healthy else worker.close()
    if not ok:
        raise FeedParseError(payload)
    return payload
