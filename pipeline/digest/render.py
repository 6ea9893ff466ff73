"""Render a Digest with Jinja2 templates (autoescaped for HTML) as md, html or text."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.digest.gather import Digest

TEMPLATES = Path(__file__).parent / "templates"
BARS = "▁▂▃▄▅▆▇█"
ARROW = {"up": "▲", "down": "▼"}


def sparkline(series: tuple[int, ...] | list[int]) -> str:
    """Unicode block sparkline of a count series (empty series -> empty string)."""
    if not series:
        return ""
    top = max(series) or 1
    return "".join(BARS[min(len(BARS) - 1, round(v / top * (len(BARS) - 1)))] for v in series)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["sparkline"] = sparkline
    env.filters["arrow"] = lambda d: ARROW.get(d, d)
    env.filters["pct"] = lambda v: "" if v is None else f"{v:g}%"
    env.filters["md"] = lambda s: str(s).replace("[", "\\[").replace("]", "\\]")
    return env


def render_digest(digest: Digest, fmt: str = "md", title: str = "newsmon digest") -> str:
    """The digest as Markdown ("md"), email-safe HTML ("html") or plain text ("text")."""
    template = {"md": "digest.md.j2", "html": "digest.html.j2", "text": "digest.txt.j2"}[fmt]
    return _environment().get_template(template).render(d=digest, title=title, subject=digest.subject(title))
