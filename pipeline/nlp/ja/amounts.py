"""Money in Japanese text (1兆2000億円, 約5000億円, 30億ドル, 100万ユーロ) as value + ISO currency."""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d[\d,]*(?:\.\d+)?"
AMOUNT = re.compile(
    rf"(?:(?P<cho>{_NUM})兆)?(?:(?P<oku>{_NUM})億)?(?:(?P<man>{_NUM})万)?(?P<plain>{_NUM})?"
    r"(?P<cur>米ドル|台湾ドル|NTドル|香港ドル|ドル|円|ユーロ|人民元|元|ウォン|ポンド)")
CURRENCY = {"円": "JPY", "ドル": "USD", "米ドル": "USD", "台湾ドル": "TWD", "NTドル": "TWD", "香港ドル": "HKD",
            "ユーロ": "EUR", "人民元": "CNY", "元": "CNY", "ウォン": "KRW", "ポンド": "GBP"}
SCALE = {"cho": 1e12, "oku": 1e8, "man": 1e4, "plain": 1.0}


@dataclass(frozen=True)
class JaMoney:
    start: int
    end: int
    value: float
    currency: str


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find_ja_amounts(text: str, offset: int = 0) -> list[JaMoney]:
    """Every amount in `text`; offsets are shifted by `offset`."""
    found = []
    for m in AMOUNT.finditer(text):
        parts = {k: m.group(k) for k in SCALE if m.group(k)}
        if not parts:
            continue
        if m.group("cur") == "元" and not (parts.keys() - {"plain"}):
            continue   # a bare '3元' is more often a counter word than yuan
        value = sum(_number(v) * SCALE[k] for k, v in parts.items())
        if value <= 0:
            continue
        found.append(JaMoney(m.start() + offset, m.end() + offset, value, CURRENCY[m.group("cur")]))
    return found
