"""Abbreviations that stand for a name the article spells out ('TWA' for Trans World Airlines).

Wire copy names a firm in full once and abbreviates it after: 'Banca Nazionale del
Lavoro (BNL)', 'Community Bank Systems Inc ... CBSI'. An all-capitals free name whose
letters are the initials of a fuller name in the same article takes that name. Short forms
that are not abbreviations take the firm the article names in full too (`fullest_firm_names`,
`story_firms_over_kb_names`).
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.nlp.canon import Mention

SUFFIX_LETTERS = ("", "C", "I", "L", "P", "SA", "CO")
MAX_LEN = 6


def initials(name: str) -> set[str]:
    """The abbreviations a name may go by: capitalised words' initials, all words' initials."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    caps = "".join(w[0] for w in words if w[0].isupper())
    every = "".join(w[0].upper() for w in words)
    return {base + tail for base in (caps, every) if len(base) >= 2 for tail in SUFFIX_LETTERS}


def resolve_acronyms(mentions: list[Mention]) -> list[Mention]:
    """All-capitals ORG mentions that abbreviate a longer name of the article take its name; a
    knowledge-base name that is itself an abbreviation too ('BP' beside British Petroleum Co)."""
    full = [m.name for m in mentions if m.label == "ORG" and " " in m.name]
    if not full:
        return mentions
    table: dict[str, str] = {}
    for name in full:
        for abbr in initials(name):
            table.setdefault(abbr, name)
    out = []
    for m in mentions:
        abbr = m.name.replace(".", "").replace("&", "")
        if m.name.isupper() and 2 <= len(abbr) <= MAX_LEN and abbr in table:
            name = table[abbr]
            m = replace(m, name=name, label="ORG", key="free:" + name)
        out.append(m)
    return out


PLACE_PREPS = {"in", "at", "from", "near", "across", "throughout", "outside", "inside"}


def fullest_firm_names(mentions: list[Mention], doc) -> list[Mention]:
    """A short free name that is the cut-off end of exactly one longer firm name of the article
    ('Courier' for Purolator Courier), or a place or person label on the first words of one
    ('Piedmont' for Piedmont Aviation), is that firm. A firm-labelled first word stays: 'Greyhound'
    and 'Greyhound Lines' are a parent and its unit.

    A place-labelled short name counts only where a firm can stand (not 'in Texas' beside
    Texas Instruments)."""
    longer = sorted({m.name for m in mentions if m.label == "ORG" and not m.in_kb and " " in m.name})
    if not longer:
        return mentions
    out = []
    for m in mentions:
        if m.in_kb or m.label not in ("ORG", "GPE", "NORP", "PERSON") or m.name in longer:
            out.append(m)
            continue
        if m.label == "ORG":  # 'Greyhound' and 'Greyhound Lines' are parent and unit: only a cut-off head joins
            hits = [n for n in longer if n.endswith(" " + m.name)]
        else:
            hits = [n for n in longer if n.startswith(m.name + " ")]
        root = doc[m.start:m.end].root
        place = root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS
        if len(hits) != 1 or (m.label != "ORG" and place):
            out.append(m)
            continue
        if m.label == "PERSON" and any(x.label == "PERSON" and x.name != m.name and x.name.endswith(" " + m.name)
                                       for x in mentions):
            out.append(m)
            continue
        out.append(replace(m, name=hits[0], label="ORG", key="free:" + hits[0]))
    return out


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def _country_arm(extension: list[str], places: frozenset[str]) -> bool:
    return not extension[0][:1].isupper() or any(w in places for w in extension)


def story_firms_over_kb_names(mentions: list[Mention], headline_end: int, places: frozenset[str]) -> list[Mention]:
    """A knowledge-base short name ('Adobe', 'Shell', 'Warburg Pincus') that the story's body
    introduces only in a fuller form outside the knowledge base ('Adobe Resources Corp', 'Shell Oil
    Co', 'Warburg, Pincus Capital Co L.P.') stands for that firm: wire copy writes the full name at
    the first body mention and shortens it after. Where the body names the bare short form first,
    the short form is its own firm ('Toyota ... Toyota Tsusho'), and so is a firm's arm in a
    country ('Renault do Brasil', 'Ford Motor Co of Canada')."""
    body_first: dict[str, int] = {}
    for m in mentions:
        if m.start >= headline_end:
            body_first.setdefault(m.name, m.start)
    free = [m.name for m in mentions if m.label == "ORG" and not m.in_kb]
    swap: dict[str, str] = {}
    for m in mentions:
        if not m.in_kb or m.label != "ORG" or m.name in swap:
            continue
        short = _words(m.name)
        hits = {n for n in free if _words(n)[:len(short)] == short and len(_words(n)) > len(short)
                and not _country_arm(_words(n)[len(short):], places)}
        if len(hits) == 1:
            full = hits.pop()
            if body_first.get(full, 1 << 30) < body_first.get(m.name, 1 << 30):
                swap[m.name] = full
    if not swap:
        return mentions
    return [replace(m, name=swap[m.name], kb_id=None, key="free:" + swap[m.name]) if m.in_kb and m.name in swap
            else m for m in mentions]
