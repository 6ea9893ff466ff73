"""An httpx transport whose every TCP connection goes through the SSRF guard.

httpx has no public hook for the network backend, so we build the standard
AsyncHTTPTransport and swap its connection pool for an httpcore pool with a
guarded backend. The test `test_fetch_faults::test_redirect_to_private_address_is_refused`
fails loudly if a future httpx changes this.
"""
from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from pipeline.fetch.guard import AddressGuard


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, vets the address, then connects to that exact address."""

    def __init__(self, guard: AddressGuard):
        self.guard = guard
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable | None = None) -> httpcore.AsyncNetworkStream:
        """Connect to the first vetted address that answers (IPv6 then IPv4, as resolved)."""
        addresses = await self.guard.vetted_addresses(host, port, url=f"//{host}:{port}")
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout=timeout,
                                                    local_address=local_address,
                                                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable | None = None):
        raise httpcore.ConnectError("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def build_guarded_transport(guard: AddressGuard, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(limits=limits, retries=0, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True, http2=False, retries=0,
        network_backend=GuardedBackend(guard),
    )
    return transport
