"""Render a Digest with Jinja2 templates as Markdown, email-safe HTML or plain text.

HTML is autoescaped (an article title with `<script>` shows as text); Markdown
escapes what a Markdown viewer would otherwise turn into markup or raw HTML. Links
that are not http(s) are dropped in every format. HTML charts are PNG sparklines,
embedded as data URIs in files and as inline (CID) attachments in email.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.digest.chart import sparkline_png, sparkline_text
from pipeline.digest.model import Digest
from pipeline.textclean import strip_controls

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_FOR = {"md": "digest.md.j2", "html": "digest.html.j2", "text": "digest.txt.j2"}
ARROW = {"up": "▲", "down": "▼"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class InlineImage:
    cid: str                           # Content-ID without angle brackets
    data: bytes
    filename: str


@dataclass(frozen=True)
class EmailContent:
    """What an email carries: plain-text and HTML alternatives plus inline charts."""

    subject: str
    text: str
    html: str
    images: tuple[InlineImage, ...] = field(default_factory=tuple)


def safe_url(url: str | None) -> str:
    """Only http(s) links survive; anything else (javascript:, data:) becomes empty."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def escape_md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(strip_controls(str(text)).split()))


def md_url(url: str | None) -> str:
    return safe_url(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def clip(text: object, size: int = 320) -> str:
    text = " ".join(strip_controls(str(text or "")).split())
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def format_pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


@lru_cache(maxsize=1)
def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sparkline=sparkline_text, arrow=lambda d: ARROW.get(d, d), pct=format_pct,
                       md=escape_md, mdurl=md_url, url=safe_url, clip=clip)
    return env


def build_charts(digest: Digest) -> list[bytes]:
    """One PNG sparkline per entity trend row, in the digest's order."""
    return [sparkline_png(r.series, r.spike_days) for r in digest.rises]


def render_digest(digest: Digest, fmt: str = "md", title: str = "newsmon digest",
                  chart_srcs: list[str] | None = None) -> str:
    """The digest as Markdown ("md"), email-safe HTML ("html") or plain text ("text").

    HTML charts are data URIs unless `chart_srcs` gives their sources (e.g. cid: links).
    """
    if fmt not in TEMPLATE_FOR:
        raise ValueError(f"unknown digest format {fmt!r}")
    if fmt == "html" and chart_srcs is None:
        chart_srcs = ["data:image/png;base64," + base64.b64encode(png).decode("ascii")
                      for png in build_charts(digest)]
    template = build_environment().get_template(TEMPLATE_FOR[fmt])
    # stored text predating ingestion's cleaning may hold terminal escapes: none reach a reader
    return strip_controls(template.render(d=digest, title=title, subject=digest.subject(title),
                                          charts=chart_srcs or []))


def render_email(digest: Digest, title: str = "newsmon digest") -> EmailContent:
    """Text and HTML alternatives; the HTML's charts point at inline attachments."""
    images = tuple(InlineImage(f"spark-{i}@newsmon", png, f"trend-{i}.png")
                   for i, png in enumerate(build_charts(digest), start=1))
    html = render_digest(digest, "html", title, chart_srcs=[f"cid:{img.cid}" for img in images])
    subject = " ".join(strip_controls(digest.subject(title)).split())
    return EmailContent(subject=subject, text=render_digest(digest, "text", title), html=html, images=images)
