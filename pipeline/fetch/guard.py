"""SSRF guard: resolve a host once, refuse non-public addresses, connect to what we checked.

The address we validate is the address we connect to (the client rewrites the
request to the IP and keeps the Host header / TLS SNI), so a DNS answer cannot
change between the check and the connection.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from pipeline.errors import BlockedAddressError, PermanentFetchError, TransientFetchError

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def resolve_host(host: str, port: int) -> list[str]:
    """Default resolver: the event loop's getaddrinfo, TCP only."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_public_address(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped IPv6 unwrapped)."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
        if ip.teredo is not None:
            return False
    if ip.is_multicast or ip.is_loopback or ip.is_link_local or ip.is_private:
        return False
    if ip.is_reserved or ip.is_unspecified:
        return False
    return ip.is_global


@dataclass
class AddressGuard:
    """Decides which resolved addresses may be contacted.

    `allow_private` disables the guard (``fetch.allow_private_networks``);
    `allowed_networks` lets chosen networks through while the guard stays on
    (tests allow 127.0.0.1 and still see 10.x refused); `resolver` replaces DNS.
    """

    allow_private: bool = False
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    resolver: Resolver = resolve_host

    @classmethod
    def build(cls, allow_private: bool, allowed_networks: Iterable[str] = (),
              resolver: Resolver | None = None) -> "AddressGuard":
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)
        return cls(allow_private, networks, resolver or resolve_host)

    def is_allowed(self, ip: IPAddress) -> bool:
        if self.allow_private or is_public_address(ip):
            return True
        return any(ip in net for net in self.allowed_networks if net.version == ip.version)

    async def vetted_addresses(self, host: str, port: int, url: str) -> list[str]:
        """Resolve `host`; every address must pass, else BlockedAddressError (no partial trust)."""
        addresses = await self.resolve(host, port, url)
        parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses]
        blocked = [str(ip) for ip in parsed if not self.is_allowed(ip)]
        if blocked:
            raise BlockedAddressError(
                f"refused non-public address {blocked[0]} for host {host}", url=url)
        return list(dict.fromkeys(str(ip) for ip in parsed))

    async def resolve(self, host: str, port: int, url: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        try:
            addresses = await self.resolver(host, port)
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
                raise PermanentFetchError(f"no such host {host}", url=url) from exc
            raise TransientFetchError(f"DNS lookup failed for {host}: {exc}", url=url) from exc
        except (OSError, UnicodeError) as exc:
            raise TransientFetchError(f"DNS lookup failed for {host}: {exc}", url=url) from exc
        if not addresses:
            raise TransientFetchError(f"DNS lookup returned nothing for {host}", url=url)
        return addresses
