"""Text safe to store and to print: no terminal escapes, no control characters.

Feeds and pages are untrusted: a title holding `ESC ] 0 ; ... BEL` retitles the
terminal of whoever prints it, `ESC [ 31 m` recolours it, OSC 8 hides a link.
Everything newsmon stores from the web (titles, text, authors, site names) and
every table cell it prints goes through `strip_controls`.
"""
from __future__ import annotations

import re

WHITESPACE_RE = re.compile(r"\s+")
TITLE_MAX_CHARS = 1000    # a headline is never longer; a 9 MB "title" is an attack or a bug
AUTHOR_MAX_CHARS = 300    # authors and site names
# Terminal escape sequences whole: CSI `ESC [ params final`, string sequences (OSC
# `ESC ] ... BEL|ESC \\`, DCS, PM, APC, SOS; bounded, within one line) and two-byte
# ESC sequences; then every other C0/C1 control character, one by one.
ESCAPE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]P^_X][^\x07\x1b\x9c\n]{0,2048}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MARKUP_CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")


def strip_controls(text: str) -> str:
    """`text` without terminal escape sequences or C0/C1 control characters (tab and
    newline kept; a carriage return becomes a newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", ESCAPE_RE.sub("", text))


def clean_line(text: str | None, max_chars: int = AUTHOR_MAX_CHARS) -> str | None:
    """One line of display text (title, author, site name): controls stripped,
    whitespace collapsed, clipped to `max_chars` with an ellipsis; None when empty."""
    if not text:
        return None
    line = WHITESPACE_RE.sub(" ", strip_controls(text)).strip()
    if len(line) > max_chars:
        line = line[: max_chars - 1].rstrip() + "…"
    return line or None


def clean_markup(html: str) -> str:
    """Page HTML fit for lxml: terminal escape sequences and C0 controls (one of which
    makes lxml hand trafilatura a tree with no text at all) dropped, form feed made a space."""
    return MARKUP_CONTROL_RE.sub("", ESCAPE_RE.sub("", html).replace("\x0c", " "))
