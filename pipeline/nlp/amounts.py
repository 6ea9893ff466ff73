"""Money amounts in text, normalised to a value and an ISO currency code.

Handles "$1.5bn", "US$2 billion", "¥100 billion", "100 billion yen", "NT$30 billion",
"€5bn", "5 billion euros", "10 billion yuan", and wire copy's "10.0 mln dlrs", "94.8 mln stg",
"196.2 mln Canadian dlrs". Prices per share or unit ("25 dlrs a share") are no deal amounts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "trillion": 1e12, "tn": 1e12, "tln": 1e12, "t": 1e12,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "thousand": 1e3, "k": 1e3,
}
PREFIX_CURRENCY = {
    "nt$": "TWD", "twd": "TWD", "us$": "USD", "usd": "USD", "$": "USD", "¥": "JPY", "jpy": "JPY",
    "€": "EUR", "eur": "EUR", "cny": "CNY", "rmb": "CNY", "hk$": "HKD", "£": "GBP", "gbp": "GBP",
}
SUFFIX_CURRENCY = {
    "new taiwan dollars": "TWD", "taiwan dollars": "TWD", "taiwanese dollars": "TWD",
    "u.s. dollars": "USD", "us dollars": "USD", "dollars": "USD", "yen": "JPY", "euros": "EUR",
    "euro": "EUR", "yuan": "CNY", "renminbi": "CNY", "pounds": "GBP",
    # wire copy ('10.0 mln dlrs', '94.8 mln stg'): plain dlrs are USD unless a country says otherwise
    "dlrs": "USD", "dlr": "USD", "u.s. dlrs": "USD", "canadian dlrs": "CAD", "canadian dollars": "CAD",
    "australian dlrs": "AUD", "australian dollars": "AUD", "n.z. dlrs": "NZD", "new zealand dlrs": "NZD",
    "h.k. dlrs": "HKD", "hong kong dlrs": "HKD", "singapore dlrs": "SGD", "stg": "GBP", "sterling": "GBP",
    "british pounds": "GBP", "lire": "ITL", "marks": "DEM", "swiss francs": "CHF", "french francs": "FRF",
    "francs": "FRF", "guilders": "NLG", "crowns": "SEK", "ringgit": "MYR", "won": "KRW", "rupees": "INR",
}
PER_UNIT = re.compile(r"\s*(?:a|per|an|each)\s+(?:share|unit|ton|tonne|ounce|barrel|pound)\b|-a-share|\s+each\b",
                      re.IGNORECASE)
_NUM = r"(\d+(?:[.,]\d+)*)"
_SCALE = r"(?:\s*-?\s*(trillion|billion|million|thousand|tln|bln|mln|tn|bn|mn|[tbmk])\b)?"
_PREFIX = "|".join(re.escape(k) for k in sorted(PREFIX_CURRENCY, key=len, reverse=True))
_SUFFIX = "|".join(re.escape(k) for k in sorted(SUFFIX_CURRENCY, key=len, reverse=True))
PREFIX_RE = re.compile(rf"(?<![A-Za-z])({_PREFIX})\s?{_NUM}{_SCALE}", re.IGNORECASE)
SUFFIX_RE = re.compile(rf"(?<![\w$¥€£]){_NUM}{_SCALE}\s+({_SUFFIX})\b", re.IGNORECASE)


@dataclass(frozen=True)
class MoneySpan:
    start_char: int
    end_char: int
    value: float
    currency: str


def parse_number(text: str) -> float | None:
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def find_amounts(text: str) -> list[MoneySpan]:
    """Every money amount in `text`, in order of appearance."""
    found: list[MoneySpan] = []
    for match in PREFIX_RE.finditer(text):
        number = parse_number(match.group(2))
        if number is None:
            continue
        scale = SCALES.get((match.group(3) or "").lower(), 1.0)
        currency = PREFIX_CURRENCY[match.group(1).lower()]
        found.append(MoneySpan(match.start(), match.end(), number * scale, currency))
    taken = [(m.start_char, m.end_char) for m in found]
    for match in SUFFIX_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        number = parse_number(match.group(1))
        if number is None:
            continue
        scale = SCALES.get((match.group(2) or "").lower(), 1.0)
        currency = SUFFIX_CURRENCY[match.group(3).lower()]
        found.append(MoneySpan(match.start(), match.end(), number * scale, currency))
    return sorted((m for m in found if not PER_UNIT.match(text, m.end_char)), key=lambda m: m.start_char)
