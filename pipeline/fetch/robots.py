"""robots.txt per origin, fetched once per run through PoliteClient and parsed by protego.

RFC 9309 rules: 4xx means no restrictions, an unreachable file (5xx, network
error) means full disallow for now. Crawl-delay raises the host's minimum delay.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from pipeline.errors import FetchError, PermanentFetchError, RobotsDisallowedError
from pipeline.fetch.client import PoliteClient

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512_000
MAX_CRAWL_DELAY_S = 60.0


@dataclass(frozen=True)
class RobotsRules:
    """One origin's verdict source: a parsed file, allow-all or disallow-all (with why)."""

    parser: Protego | None
    allow_all: bool
    reason: str = ""


class RobotsCache:
    """Fetches each origin's robots.txt at most once and answers can-fetch questions."""

    def __init__(self, client: PoliteClient, user_agent: str):
        self.client = client
        self.user_agent = user_agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> None:
        """Raise RobotsDisallowedError when robots.txt forbids `url` for our agent."""
        rules = await self.rules_for(url)
        if rules.parser is None:
            if rules.allow_all:
                return
            raise RobotsDisallowedError(f"robots.txt unavailable ({rules.reason})", url=url)
        if not rules.parser.can_fetch(url, self.user_agent):
            raise RobotsDisallowedError("disallowed by robots.txt", url=url)

    async def rules_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self.load_rules(origin)
            return self._rules[origin]

    async def load_rules(self, origin: str) -> RobotsRules:
        try:
            response = await self.client.fetch(f"{origin}/robots.txt", retries=0,
                                               max_bytes=ROBOTS_MAX_BYTES)
        except PermanentFetchError as exc:
            if exc.status_code is not None and 400 <= exc.status_code < 500:
                return RobotsRules(None, True)
            return RobotsRules(None, True, reason=str(exc))  # let the page fetch report it
        except FetchError as exc:
            logger.info("robots.txt of %s unreachable: %s", origin, exc)
            return RobotsRules(None, False, reason=str(exc))
        parser = Protego.parse(response.body.decode("utf-8", errors="replace"))
        self.apply_crawl_delay(origin, parser)
        return RobotsRules(parser, False)

    def apply_crawl_delay(self, origin: str, parser: Protego) -> None:
        delay = parser.crawl_delay(self.user_agent)
        rate = parser.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            rate_delay = rate.seconds / rate.requests
            delay = max(delay or 0.0, rate_delay)
        if delay:
            self.client.set_host_delay(origin, min(float(delay), MAX_CRAWL_DELAY_S))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"
