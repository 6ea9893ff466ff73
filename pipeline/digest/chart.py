"""Sparkline charts for the digest: a tiny PNG writer (zlib + struct) and unicode bars.

The PNG is a palette image, one bar per day: grey-blue bars, red on spike days,
the newest day darker, on a white ground with a grey baseline. No imaging library
is needed; the standard library writes the few chunks a PNG requires.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

BARS = "▁▂▃▄▅▆▇█"
BACKGROUND, BAR, SPIKE, LATEST, BASELINE = range(5)
PALETTE = bytes([
    255, 255, 255,   # background
    122, 152, 196,   # bar
    200, 40, 40,     # spike day
    36, 76, 140,     # newest day
    190, 190, 190,   # baseline
])


@dataclass(frozen=True)
class ChartSpec:
    bar_width: int = 3
    gap: int = 1
    height: int = 24


def sparkline_text(series: Sequence[int]) -> str:
    """Unicode block sparkline of a count series (empty series -> empty string)."""
    if not series:
        return ""
    top = max(series) or 1
    return "".join(BARS[min(len(BARS) - 1, round(v / top * (len(BARS) - 1)))] for v in series)


def bar_heights(series: Sequence[int], room: int) -> list[int]:
    """Pixel height of each bar: proportional to the peak, at least 1 for any mention."""
    top = max(series, default=0) or 1
    return [0 if v <= 0 else max(1, round(v / top * room)) for v in series]


def chart_pixels(series: Sequence[int], spikes: Sequence[bool], spec: ChartSpec) -> list[bytearray]:
    """Rows of palette indices, top row first."""
    step = spec.bar_width + spec.gap
    width = max(1, len(series) * step - spec.gap)
    rows = [bytearray(width) for _ in range(spec.height)]
    rows[-1][:] = bytes([BASELINE]) * width
    heights = bar_heights(series, spec.height - 1)
    for i, h in enumerate(heights):
        colour = SPIKE if i < len(spikes) and spikes[i] else (LATEST if i == len(series) - 1 else BAR)
        for y in range(spec.height - 1 - h, spec.height - 1):
            start = i * step
            rows[y][start:start + spec.bar_width] = bytes([colour]) * spec.bar_width
    return rows


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rows: list[bytearray], palette: bytes = PALETTE) -> bytes:
    """An 8-bit palette PNG from rows of palette indices."""
    height, width = len(rows), len(rows[0])
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)   # filter type 0 on each row
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"PLTE", palette)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def sparkline_png(series: Sequence[int], spikes: Sequence[bool] = (),
                  spec: ChartSpec = ChartSpec()) -> bytes:
    """A small bar chart of `series` as PNG bytes (spike days in red)."""
    return encode_png(chart_pixels(series or [0], spikes, spec))
