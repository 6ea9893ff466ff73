"""Firms named in the fixed slots of a Japanese deal sentence, where the tagger missed them.

GiNZA's tagger misses or mislabels many company names (a katakana retailer untagged, a
holding company tagged as a person, a listed firm as a theatre). A deal sentence names its
firms in a few fixed places, so a name-like run there is a firm:
- the topic that opens it: ピアラは…, 日本航空と双日は…, 三菱UFJ…グループが…;
- whose shares are bought: …ケーエム精工の全株式を取得;
- the object of the deal word: …五洋食品産業をTOBで子会社化;
- who receives a sale or a bid: …GREENINEに譲渡, JALUXに対してTOB.
A run is cut after a descriptor (戸建住宅会社Chesmar Homes -> Chesmar Homes) and dropped when it
is a known non-name (同社, 政府), ends like a business, a place or a description (事業, 工場,
米ソフト企業, 化学2社), or is a number.
Knowledge-base names keep their place; a tagger mention of another label over the same words
gives way to the firm.
"""
from __future__ import annotations

import re

from pipeline.nlp.ja.assets import JaNames
from pipeline.nlp.ja.names import DESCRIPTOR_HEADS, JaMention, trim_description
from pipeline.nlp.ja.text import Sentence

_RUN = r"[\u4e00-\u9fff々\u30a1-\u30faー・A-Za-z0-9&.]+(?: [A-Z][A-Za-z0-9&.]*)*"
_CODE = r"(?:\s?[<(（]\d{4}[>)）])?"
_LEAD = r"(?<![\u4e00-\u9fff々\u30a1-\u30faー・A-Za-z0-9&.])"
_DATE = r"(?:\d{1,2}日、?|\d{4}年\d{1,2}月\d{1,2}日、?)?"
SLOTS = (
    re.compile(rf"^{_DATE}(?P<a>{_RUN}){_CODE}(?:と(?P<b>{_RUN}){_CODE})?(?:は|が)"),
    re.compile(rf"{_LEAD}(?P<a>{_RUN}){_CODE}の(?:全|発行済み)?株式"),
    re.compile(rf"{_LEAD}(?P<a>{_RUN}){_CODE}を[^、。を]{{0,10}}?(?:買収|子会社化|完全子会社化|TOB|株式公開買い付け|取得)"),
    re.compile(rf"{_LEAD}(?P<a>{_RUN}){_CODE}(?:に対して|に)[^、。]{{0,8}}?(?:譲渡|売却|TOB|株式公開買い付け)"),
    re.compile(rf"{_LEAD}(?P<a>{_RUN}){_CODE}から[^、。]{{0,24}}?(?:取得|買収|買い取|譲り受)"),
)
GENERIC_ENDS = (*DESCRIPTOR_HEADS, "ファンド", "グループ各社")   # 米ソフト企業, 投資ファンド: a description


def _trim(name: str, names: JaNames) -> str:
    """The name after the last descriptor head inside it (戸建住宅会社Chesmar Homes -> Chesmar Homes,
    which names.trim_description also does for Latin and katakana names)."""
    for head in DESCRIPTOR_HEADS:
        at = name.rfind(head)
        if at != -1 and at + len(head) < len(name):
            name = name[at + len(head):]
    return trim_description(name, names).strip("・. ")


def _good(name: str, names: JaNames) -> bool:
    return (len(name) >= 2 and not name[0].isdigit() and name not in names.not_names
            and not name.endswith(names.not_name_suffixes) and not name.endswith(GENERIC_ENDS)
            and not re.search(r"[\d両各][社行]$", name) and not re.fullmatch(r"[A-Za-z]{1,2}", name)
            and not any(name.endswith(t) for t in names.titles))


def slot_firms(sent: Sentence, names: JaNames, deal_words: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """(start, end, name) of firm-like runs in this deal sentence's slots."""
    out = []
    for pattern in SLOTS:
        for m in pattern.finditer(sent.text):
            for group in ("a", "b"):
                if group not in pattern.groupindex or m.group(group) is None:
                    continue
                raw = m.group(group)
                name = _trim(raw, names)
                if _good(name, names) and not name.endswith(deal_words):
                    start = sent.start + m.end(group) - len(raw) + raw.rfind(name)
                    out.append((start, start + len(name), name))
    return out


def _place_inside(m: JaMention, start: int, end: int) -> bool:
    """A knowledge-base place opening a longer firm name in the slot (日本 in 日本航空は)."""
    return m.label == "GPE" and start <= m.start and m.end <= end and (m.end - m.start) < (end - start)


def add_slot_firms(mentions: list[JaMention], sentences: list[Sentence], names: JaNames,
                   is_deal_sentence, deal_words: tuple[str, ...] = ()) -> list[JaMention]:
    """The mentions plus firms found in deal sentences' slots (tagger mentions they cover give way);
    a run ending in a deal word (買収は…) is no name."""
    found: dict[tuple[int, int], str] = {}
    for sent in sentences:
        if is_deal_sentence(sent):
            for start, end, name in slot_firms(sent, names, deal_words):
                found.setdefault((start, end), name)
    if not found:
        return mentions
    kept = list(mentions)
    for (start, end), name in found.items():
        overlapping = [m for m in kept if m.start < end and start < m.end]
        if any((m.in_kb and not _place_inside(m, start, end)) or m.label == "ORG" or m.media for m in overlapping):
            continue
        kept = [m for m in kept if m not in overlapping]
        kept.append(JaMention(name, "ORG", None, start, end, False))
    return sorted(kept, key=lambda m: m.start)
