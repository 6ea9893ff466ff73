"""Entities in Japanese text: KB names folded into canonical names, GiNZA's NER for the rest.

KB names are found on the text itself (longest form first), so 日産自動車, 日産 and 日産株 all
read as Nissan whatever GiNZA's tokens; a surname (内田, 三部) counts only with a title after
it (内田社長). Longer names of other firms (日産化学) are read first and keep their own name.
Everything else GiNZA tags as an organisation, person or place keeps its name as written,
without 株式会社.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.nlp.ja.assets import JaNames
from pipeline.nlp.kb import KnowledgeBase

KATAKANA = re.compile(r"[\u30a0-\u30ffー]")
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
PARTY_LABELS = ("ORG",)


@dataclass(frozen=True)
class JaMention:
    name: str
    label: str
    kb_id: str | None
    start: int
    end: int
    in_kb: bool
    media: bool = False


@dataclass(frozen=True)
class _Form:
    canonical: str | None     # None: a firm that keeps its own name
    short: bool
    skip: bool = False        # a longer form that is no entity (日経平均)


_MATCHERS: dict[int, tuple[JaNames, re.Pattern[str], dict[str, "_Form"]]] = {}


def _matcher(names: JaNames) -> tuple[re.Pattern[str], dict[str, _Form]]:
    """One alternation of every Japanese form, longest first (built once per rule set)."""
    cached = _MATCHERS.get(id(names))
    if cached is not None and cached[0] is names:
        return cached[1], cached[2]
    forms: dict[str, _Form] = {form: _Form(None, False, skip=True) for form in names.not_entities}
    for firm in (*names.other_firms, *names.media):
        forms[firm] = _Form(None, False)
    for canonical, aliases in names.aliases.items():
        for alias in aliases:
            forms.setdefault(alias, _Form(canonical, False))
    for canonical, shorts in names.short_names.items():
        for short in shorts:
            forms.setdefault(short, _Form(canonical, True))
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(f) for f in ordered))
    _MATCHERS[id(names)] = (names, pattern, forms)
    return pattern, forms


def _clean_edges(text: str, start: int, end: int) -> bool:
    """A katakana or Latin name must not be the inside of a longer katakana or Latin word."""
    form = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    for pattern in (KATAKANA, ASCII_ALNUM):
        if pattern.match(form[0]) and before and pattern.match(before) and before != "・":
            return False
        if pattern.match(form[-1]) and after and pattern.match(after) and after != "・":
            return False
    return True


def _has_title(text: str, end: int, titles: tuple[str, ...]) -> bool:
    return text.startswith(titles, end)


def find_kb_mentions(text: str, names: JaNames, kb: KnowledgeBase) -> list[JaMention]:
    """KB names (canonical), other firms and media named in the KB file, in text order."""
    pattern, forms = _matcher(names)
    found = []
    for m in pattern.finditer(text):
        form = forms[m.group(0)]
        if not _clean_edges(text, m.start(), m.end()):
            continue
        if form.short and not _has_title(text, m.end(), names.titles):
            continue
        if form.skip:
            found.append(JaMention(m.group(0), "SKIP", None, m.start(), m.end(), False))
            continue
        if form.canonical is None:
            found.append(JaMention(m.group(0), "ORG", None, m.start(), m.end(), False,
                                   media=m.group(0) in names.media))
            continue
        entry = kb.get(form.canonical)
        label = entry.label if entry else "ORG"
        found.append(JaMention(form.canonical, label, entry.kb_id if entry else None, m.start(), m.end(), True))
    return found


def clean_name(name: str, names: JaNames) -> str:
    """A free name as written, without 株式会社 / (株) at either end, a title or 氏."""
    changed = True
    while changed:
        changed = False
        for affix in names.corporate_affixes:
            if name.startswith(affix) and len(name) > len(affix):
                name, changed = name[len(affix):], True
            if name.endswith(affix) and len(name) > len(affix):
                name, changed = name[:-len(affix)], True
    for title in names.titles:
        if name.endswith(title) and len(name) > len(title) + 1:
            name = name[:-len(title)]
    if name.endswith("株") and len(name) > 2:   # マツダ株: the firm's shares
        name = name[:-1]
    name = trim_description(name, names)
    return name.strip(" ・「」『』（）()")


DESCRIPTOR_HEADS = ("会社", "大手", "企業", "メーカー", "業者", "法人")
_FOREIGN_START = re.compile(r"[\u30a1-\u30faA-Za-z]")


def trim_description(name: str, names: JaNames) -> str:
    """A Latin or katakana name without the description or place written before it
    (住宅会社Redwood Homes -> Redwood Homes, 台湾Minimum Studios -> Minimum Studios)."""
    for head in DESCRIPTOR_HEADS:
        at = name.rfind(head)
        if at != -1 and _FOREIGN_START.match(name[at + len(head):at + len(head) + 1]):
            name = name[at + len(head):]
    for place in names.place_prefixes:
        if name.startswith(place) and _FOREIGN_START.match(name[len(place):len(place) + 1]):
            return name[len(place):]
    return name


def ner_mentions(ents, names: JaNames, taken: list[JaMention]) -> list[JaMention]:
    """GiNZA's entities that no KB name covers, with our labels."""
    spans = [(m.start, m.end) for m in taken]
    out = []
    for ent in ents:
        label = names.ner_labels.get(ent.label_)
        if label is None or any(s < ent.end_char and ent.start_char < e for s, e in spans):
            continue
        name = clean_name(ent.text, names)
        if len(name) < 2 or name in names.not_names or name.isdigit() or name.endswith(names.not_name_suffixes):
            continue
        at = ent.text.find(name)   # the span of the name itself (マツダ株 -> マツダ), so particles read right
        start = ent.start_char + max(at, 0)
        end = start + len(name) if at >= 0 else ent.end_char
        out.append(JaMention(name, label, None, start, end, False,
                             media=name in names.media or ent.label_ == "Newspaper"
                             or (label == "ORG" and name.endswith(names.media_suffixes))))
    return out


NAME_CHARS = r"[\u4e00-\u9fff々\u30a1-\u30faー・A-Za-z0-9&]"
PARTICLE_NEXT = r"(?=[はがのをにとへもや、。」）)]|から|より|による|$)"


@lru_cache(maxsize=8)
def _firm_patterns(intro: tuple[str, ...], suffixes: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    by_intro = re.compile(rf"(?:{'|'.join(map(re.escape, intro))})({NAME_CHARS}{{2,16}}?){PARTICLE_NEXT}")
    by_suffix = re.compile(rf"(?<!{NAME_CHARS})({NAME_CHARS}{{1,12}}?(?:{'|'.join(map(re.escape, suffixes))})){PARTICLE_NEXT}")
    return by_intro, by_suffix


def pattern_firms(text: str, names: JaNames, taken: list[JaMention]) -> list[JaMention]:
    """Firms the press introduces by a descriptor (部品メーカーの北斗精機) or a corporate ending
    (東洋電機), and names joined to them by と/や (関西電池と北斗精機)."""
    if not names.intro_words or not names.firm_suffixes:
        return []
    by_intro, by_suffix = _firm_patterns(names.intro_words, names.firm_suffixes)
    spans = [(m.start, m.end) for m in taken]
    found: dict[tuple[int, int], str] = {}
    for pattern in (by_intro, by_suffix):
        for m in pattern.finditer(text):
            name = m.group(1).lstrip("・")
            start = m.end(1) - len(name)
            if _good_firm(name, names) and not any(s < m.end(1) and start < e for s, e in spans):
                found[(start, m.end(1))] = name
    for (start, end), _name in list(found.items()):
        found.update(_coordinated(text, start, end, names, spans))
    return [JaMention(name, "ORG", None, s, e, False) for (s, e), name in found.items()]


def _good_firm(name: str, names: JaNames) -> bool:
    return (len(name) >= 2 and name not in names.not_names and not name.isdigit()
            and not name.endswith(names.not_name_suffixes) and not re.fullmatch(r"[0-9A-Za-z]{1,2}", name))


def _coordinated(text: str, start: int, end: int, names: JaNames, spans) -> dict[tuple[int, int], str]:
    """A name written right before 'と'/'や' + this firm, or right after this firm + 'と'/'や'."""
    out = {}
    before = re.search(rf"(?<!{NAME_CHARS})({NAME_CHARS}{{2,12}})[とや]$", text[max(0, start - 14):start])
    if before:
        s = start - len(before.group(0))
        out[(s, s + len(before.group(1)))] = before.group(1)
    after = re.match(rf"[とや]({NAME_CHARS}{{2,12}}?){PARTICLE_NEXT}", text[end:end + 16])
    if after:
        s = end + 1
        out[(s, s + len(after.group(1)))] = after.group(1)
    return {k: v for k, v in out.items() if _good_firm(v, names) and not any(a < k[1] and k[0] < b for a, b in spans)}


def inside_firm_names(found: list[JaMention], ents, names: JaNames) -> list[JaMention]:
    """A place named at the start of a longer firm name the tagger found (日本製鉄, 中国電力) is
    part of that name, not the place."""
    firms = [(e.start_char, e.end_char) for e in ents if names.ner_labels.get(e.label_) == "ORG"]
    return [m for m in found if not (m.label == "GPE" and any(
        s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in firms))]


def find_mentions(text: str, ents, names: JaNames, kb: KnowledgeBase) -> list[JaMention]:
    """Every entity mention in text order (spans of 'not_entities' block the tagger, then go)."""
    kb_found = inside_firm_names(find_kb_mentions(text, names, kb), ents, names)
    ner = ner_mentions(ents, names, kb_found)
    firms = pattern_firms(text, names, kb_found)
    firm_spans = [(m.start, m.end) for m in firms]
    ner = [m for m in ner if not any(s < m.end and m.start < e for s, e in firm_spans)]
    return sorted([m for m in kb_found if m.label != "SKIP"] + ner + firms, key=lambda m: m.start)
