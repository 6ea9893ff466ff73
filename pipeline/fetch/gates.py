"""Per-host politeness: a concurrency limit and a minimum gap between request starts."""
from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit


def authority_of(url: str) -> str:
    """The politeness key of a URL: lower-case host plus explicit port (robots.txt is per origin)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


class HostGate:
    """One host's semaphore plus the earliest time the next request may start."""

    def __init__(self, concurrency: int, delay_s: float):
        self.semaphore = asyncio.Semaphore(concurrency)
        self.delay_s = delay_s
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self.lock:  # serialise the bookkeeping so starts are spaced by delay_s
            now = time.monotonic()
            wait = self.next_start - now
            self.next_start = max(now, self.next_start) + self.delay_s
        if wait > 0:
            await asyncio.sleep(wait)


class HostGates:
    """Lazily created HostGate per authority."""

    def __init__(self, concurrency: int, delay_s: float):
        self.concurrency = concurrency
        self.delay_s = delay_s
        self._gates: dict[str, HostGate] = {}

    def get(self, authority: str) -> HostGate:
        gate = self._gates.get(authority)
        if gate is None:
            gate = self._gates[authority] = HostGate(self.concurrency, self.delay_s)
        return gate

    def set_delay(self, authority: str, delay_s: float) -> None:
        gate = self.get(authority)
        gate.delay_s = max(gate.delay_s, delay_s)

    @asynccontextmanager
    async def slot(self, authority: str) -> AsyncIterator[None]:
        gate = self.get(authority)
        async with gate.semaphore:
            await gate.wait_turn()
            yield
