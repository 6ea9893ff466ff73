"""Reading a response body under a size cap, decompressing it ourselves.

httpx would inflate a whole network chunk at once, so a 64 KiB gzip-bomb chunk
could become 64 MB before any check. We read the raw bytes and inflate with
`max_length`, so neither the raw nor the decoded body can exceed the cap by more
than one chunk's worth of raw bytes.
"""
from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from pipeline.errors import BodyTooLargeError, PermanentFetchError

SUPPORTED_ENCODINGS = ("identity", "gzip", "x-gzip", "deflate")


class BoundedInflater:
    """Incremental decoder for one Content-Encoding that refuses to exceed `max_bytes`."""

    def __init__(self, encoding: str, max_bytes: int, url: str):
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.url = url
        self.size = 0
        self._zlib: zlib._Decompress | None = None

    def feed(self, data: bytes) -> bytes:
        if self.encoding == "identity":
            return self._count(data)
        if self._zlib is None:
            self._zlib = self._make_decompressor(data)
        out = []
        while data:
            out.append(self._inflate_step(data))
            data = self._zlib.unconsumed_tail
            if self._zlib.eof and self._zlib.unused_data.strip(b"\x00"):
                data = self._zlib.unused_data  # concatenated gzip members
                self._zlib = self._make_decompressor(data)
        return b"".join(out)

    def flush(self) -> bytes:
        if self._zlib is None:
            return b""
        return self._count(self._zlib.flush())

    def _inflate_step(self, data: bytes) -> bytes:
        assert self._zlib is not None
        try:
            chunk = self._zlib.decompress(data, self.max_bytes - self.size + 1)
        except zlib.error as exc:
            raise PermanentFetchError(f"corrupt {self.encoding} body: {exc}", url=self.url) from exc
        return self._count(chunk)

    def _make_decompressor(self, first: bytes) -> "zlib._Decompress":
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(zlib.MAX_WBITS | 32)
        # "deflate" is zlib-wrapped by the spec, raw deflate in practice now and then
        is_zlib = len(first) >= 2 and (first[0] & 0x0F) == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if is_zlib else -zlib.MAX_WBITS)

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise BodyTooLargeError(
                f"decoded body exceeds the size cap of {self.max_bytes} bytes", url=self.url)
        return data


def parse_content_encoding(value: str | None, url: str) -> str:
    """Return the single supported coding named by a Content-Encoding header."""
    codings = [c.strip().lower() for c in (value or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"] or ["identity"]
    if len(codings) > 1 or codings[0] not in SUPPORTED_ENCODINGS:
        raise PermanentFetchError(f"unsupported Content-Encoding {value!r}", url=url)
    return codings[0]


async def read_capped_body(chunks: AsyncIterator[bytes], encoding: str, max_bytes: int,
                           url: str) -> bytes:
    """Collect a raw byte stream, enforcing `max_bytes` on both raw and decoded sizes."""
    inflater = BoundedInflater(encoding, max_bytes, url)
    raw_size = 0
    parts: list[bytes] = []
    async for chunk in chunks:
        raw_size += len(chunk)
        if raw_size > max_bytes:
            raise BodyTooLargeError(f"body exceeds the size cap of {max_bytes} bytes", url=url)
        parts.append(inflater.feed(chunk))
    parts.append(inflater.flush())
    return b"".join(parts)
