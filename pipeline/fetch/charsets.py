"""Charset repair for feeds: when the declared encoding cannot decode the bytes, detect one.

feedparser already honours BOMs, the HTTP charset and the XML declaration, and
falls back to windows-1252 when those fail, which turns Japanese or Chinese into
mojibake. chardet (feedparser's optional detector) is not installed, so when the
declared (or default UTF-8) encoding fails to decode, we ask charset_normalizer
and pass its answer to feedparser as the HTTP charset.
"""
from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

XML_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
MIN_NON_ASCII_FOR_DETECTION = 24
ISO2022_JP_ESCAPES = re.compile(rb"\x1b\$[@B]|\x1b\([BJ]")
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
        codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def charset_from_content_type(content_type: str | None) -> str | None:
    match = CHARSET_RE.search(content_type or "")
    return match.group(1).lower() if match else None


def declared_charset(body: bytes, headers: dict[str, str]) -> str | None:
    """The HTTP charset, else the XML declaration's encoding, else None."""
    http = charset_from_content_type(headers.get("content-type"))
    if http:
        return http
    match = XML_DECL_RE.match(body[:512])
    return match.group(1).decode("ascii").lower() if match else None


def decodes_as(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def repair_feed_document(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """Return (body, headers) that decode cleanly, repairing only when the declared charset fails.

    UTF-8 with a few broken bytes stays UTF-8 (broken bytes become U+FFFD);
    otherwise a detected charset is passed on when there is enough text to detect from,
    else feedparser's own windows-1252 fallback applies.
    """
    if not body or body.startswith(BOMS) or looks_like_utf16(body):
        return body, headers
    declared = declared_charset(body, headers) or "utf-8"
    if declared in ("utf-8", "us-ascii", "ascii") and ISO2022_JP_ESCAPES.search(body[:100_000]):
        if decodes_as(body, "iso2022_jp"):  # 7-bit Japanese that also "decodes" as ASCII
            return body, with_charset(headers, "iso-2022-jp")
    if decodes_as(body, declared):
        return body, headers
    if is_mostly_utf8(body):
        repaired = body.decode("utf-8", errors="replace").encode("utf-8")
        return repaired, with_charset(headers, "utf-8")
    if count_non_ascii(body) < MIN_NON_ASCII_FOR_DETECTION:
        return body, headers
    guess = from_bytes(body[:200_000]).best()
    if guess is None or not decodes_as(body, guess.encoding):
        return body, headers
    logger.info("declared charset %s does not decode; detected %s", declared, guess.encoding)
    return body, with_charset(headers, guess.encoding)


def with_charset(headers: dict[str, str], charset: str) -> dict[str, str]:
    mime = (headers.get("content-type") or "application/xml").split(";", 1)[0].strip()
    return {**headers, "content-type": f"{mime}; charset={charset}"}


def is_mostly_utf8(body: bytes) -> bool:
    """True when valid multi-byte UTF-8 characters are at least as many as broken bytes.

    Valid multi-byte sequences hardly ever arise by chance in other encodings, so even a
    few of them outweigh an equal number of stray bytes."""
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - broken
    return valid > 0 and valid >= broken


def count_non_ascii(body: bytes) -> int:
    return len(body) - len(body.decode("ascii", errors="ignore"))


def looks_like_utf16(body: bytes) -> bool:
    """UTF-16/32 without BOM: many NUL bytes in the first characters ('<\\0?\\0x\\0')."""
    head = body[:64]
    return head.count(b"\x00") >= len(head) // 4 and len(head) >= 4
