"""Publication dates: feed struct_time, free-text dates and CJK page dates, all to UTC."""
from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timedelta, timezone

logger = logging.getLogger(__name__)

EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)
# dateparser loads every locale (~12 s) unless told which; these cover most news feeds
DATE_LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "ja", "zh", "ko", "ru", "ar", "id",
                  "tr", "pl", "sv")
CJK_DATE_RE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"(?:\D{0,12}?(\d{1,2})\s*[:時]\s*(\d{1,2}))?"
)


def datetime_from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's *_parsed values are UTC struct_times."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def to_utc(value: datetime) -> datetime:
    """Aware -> UTC; naive is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def is_plausible(value: datetime | None, now: datetime) -> bool:
    return value is not None and EARLIEST_PLAUSIBLE <= value <= now + FUTURE_SLACK


def parse_free_date(text: str | None) -> datetime | None:
    """Parse a date string in any common format or language (dateparser), else None.

    Japanese/Chinese 'YYYY年M月D日' dates are read directly; a date without a time
    becomes midnight UTC of that day, so day-level trends keep the printed day.
    """
    if not text or len(text) > 200:
        return None
    cjk = parse_cjk_date(text)
    if cjk is not None:
        return cjk
    import dateparser  # slow import; only needed for dates feedparser could not read

    try:
        parsed = dateparser.parse(text, languages=list(DATE_LANGUAGES), settings={"RETURN_AS_TIMEZONE_AWARE": True,
                                                  "TO_TIMEZONE": "UTC",
                                                  "PREFER_DAY_OF_MONTH": "first"})
    except (ValueError, OverflowError, TypeError, AttributeError):
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    return to_utc(parsed) if parsed else None


def parse_cjk_date(text: str) -> datetime | None:
    """'2025年2月13日' (optionally followed by a time like '10:30' or '10時30') -> UTC datetime."""
    match = CJK_DATE_RE.search(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        tzinfo=timezone.utc)
    except ValueError:
        return None


def parse_page_date(value: str | None) -> datetime | None:
    """A date from page metadata (ISO from trafilatura/htmldate, or free text)."""
    if not value:
        return None
    try:
        return to_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return parse_free_date(value)
