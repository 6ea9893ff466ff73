"""The PNG sparkline writer: a valid PNG whose pixels show the series."""
from __future__ import annotations

import struct
import zlib

from pipeline.digest.chart import (BACKGROUND, BAR, LATEST, SPIKE, ChartSpec, sparkline_png,
                                   sparkline_text)


def decode_palette_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of palette indices of an 8-bit palette PNG (filter 0)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind!r}"
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 3) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * (width + 1):(y + 1) * (width + 1)] for y in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [row[1:] for row in rows]


def column_height(rows: list[bytes], x: int) -> int:
    return sum(1 for row in rows[:-1] if row[x] != BACKGROUND)


def test_png_bars_are_proportional_and_spikes_are_red():
    series = [0] * 27 + [2, 8, 4]
    spikes = [False] * 28 + [True, False]
    width, height, rows = decode_palette_png(sparkline_png(series, spikes, ChartSpec(3, 1, 24)))
    assert (width, height) == (119, 24)
    assert column_height(rows, 0) == 0
    assert column_height(rows, 28 * 4) == 23                # the peak fills the chart
    assert column_height(rows, 27 * 4) == round(2 / 8 * 23)
    assert rows[-2][28 * 4] == SPIKE and rows[-2][29 * 4] == LATEST and rows[-2][27 * 4] == BAR


def test_empty_series_still_makes_a_valid_png():
    width, height, rows = decode_palette_png(sparkline_png([]))
    assert width >= 1 and height == 24


def test_unicode_sparkline_scales_to_the_peak():
    assert sparkline_text([0, 4, 8]) == "▁▅█"
    assert sparkline_text([]) == ""
