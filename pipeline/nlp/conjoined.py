"""Names written with 'and' or commas that the tagger glues or cuts (used by pipeline.nlp.respan).

- one span over two names: 'Tokai International and Daiwa Europe Ltd', 'the Baker and Camco
  boards', 'vice chairman Dudley Taft and Narragansett Capital Inc';
- two people of one family: 'Alfred and David Billes' (or only 'David Billes' tagged);
- one name cut at every comma: 'Welsh, Carson, Anderson and Stowe', 'Warburg, Pincus Capital
  Co L.P.'.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from dataclasses import replace

from pipeline.nlp.canon import EntityFilters, Mention

NAME_LABELS = ("ORG", "PERSON")


def split_and_pair(doc: Doc, ent: Span | None, ents: list[Span | None], filters: EntityFilters) -> list[Span | None]:
    """'Tokai International and Daiwa Europe Ltd', 'the Baker and Camco boards': one span the tagger
    glued over two names. It is split at its one 'and' when the left side is a firm name of two
    words or more ending in a company word ('International', 'Securities') and the right side has
    two words or more and a corporate suffix, or the right side is such a name and the left one is
    written alone elsewhere ('USAir and Piedmont Aviation Inc' beside 'USAir said'); when the article
    writes both sides apart elsewhere
    ('Baker' of Baker International, 'Camco Inc'); or when the left side is a titled person ('vice
    chairman Dudley Taft and Narragansett Capital Inc'). 'Tate and Lyle', 'Aetna Life and
    Casualty', 'Home Savings and Loan Association' stay whole."""
    if ent is None or ent.label_ != "ORG" or ent.ent_id_ or any(t.text == "," for t in ent):
        return [ent]
    joins = [k for k, t in enumerate(ent) if t.lower_ in ("and", "&")]
    if len(joins) != 1 or not 0 < joins[0] < len(ent) - 1:
        return [ent]
    k = joins[0]
    right_end = len(ent)
    while right_end > k + 2 and ent[right_end - 1].lower_ in filters.suffixes:
        right_end -= 1
    left, right = ent[:k], ent[k + 1:right_end]
    if not all(t.is_title or t.is_upper for t in (*left, *right)) or ent[k + 1].lower_ in filters.suffixes:
        return [ent]
    headed = len(left) >= 2 and len(right) >= 2 and left[-1].lower_ in filters.org_heads \
        and right_end < len(ent) \
        and (left[-1].lower_, right[0].lower_) not in filters.and_pairs
    apart = left.text != right.text and _written_apart(left, ent, ents) and _written_apart(right, ent, ents)
    titled = len(left) >= 2 and ent.start > 0 and doc[ent.start - 1].lower_ in filters.person_titles
    alone = len(right) >= 2 and right_end < len(ent) and own_name(left, right, ents)
    if headed or apart or titled or alone:
        return [Span(doc, ent.start, ent.start + k, label="PERSON" if titled else "ORG"),
                Span(doc, ent.start + k + 1, ent.end, label="ORG")]
    return [ent]


_PAIRING = ("and", "&", "/")  # 'Horn/Hardart' in a headline is the same firm cut


def _written_apart(side: Span, whole: Span, ents: list[Span | None], pairing: tuple[str, ...] = _PAIRING) -> bool:
    """Another ORG span that is `side` or starts with it, away from any 'and' (not the tagger's
    other cut of the same 'X and Y' or 'X/Y')."""
    doc, words = whole.doc, tuple(t.text for t in side)
    return any(e is not None and e.label_ == "ORG" and e.start != whole.start
               and tuple(t.text for t in e[:len(words)]) == words
               and (e.end >= len(doc) or doc[e.end].lower_ not in pairing)
               and (e.start == 0 or doc[e.start - 1].lower_ not in pairing) for e in ents)


def own_name(left: Span, right: Span, ents: list[Span | None]) -> bool:
    """'Dudley Taft and Narragansett Capital Inc', 'USAir and Piedmont Aviation Inc': the left side is
    written alone elsewhere ('USAir said') and the right side (without its suffix) is a long name
    or starts with a name the article writes alone too ('Piedmont'); one word each around a company
    word is a founders' firm ('Harper and Row Publishers' beside 'Harper')."""
    if not _written_alone(left[:], ents):
        return False
    return len(left) >= 2 or len(right) >= 3 or _written_alone(right[:1], ents)


def _written_alone(side: Span, ents: list[Span | None]) -> bool:
    doc, words = side.doc, tuple(t.text for t in side)
    return any(e is not None and e.label_ in NAME_LABELS and e.start != side.start
               and tuple(t.text for t in e) == words
               and (e.end >= len(doc) or doc[e.end].lower_ not in _PAIRING)
               and (e.start == 0 or doc[e.start - 1].lower_ not in _PAIRING) for e in ents)


def join_comma_names(doc: Doc, ents: list[Span | None], filters: EntityFilters) -> list[Span | None]:
    """'Welsh, Carson, Anderson and Stowe', 'Salomon, Levin and Elstein Ltd', 'Warburg, Pincus
    Capital Co L.P.': partnerships named after their founders, written with commas, which the
    tagger cuts at every comma. See `_comma_name_end` for when the words are one name."""
    out: list[Span | None] = []
    covered = -1
    for e in ents:
        if e is not None and e.start < covered:
            continue  # a founder inside the name just joined
        end = None
        if e is not None and e.label_ in NAME_LABELS + ("GPE",) and not e.ent_id_:
            end = _comma_name_end(doc, e, ents, filters)
        if end is None:
            out.append(e)
            continue
        start = e.start
        if start >= 2 and doc[start - 1].text == "," and _founder(doc[start - 2]) and not doc[start - 2].ent_type_ \
                and not doc[start - 2].is_sent_start and not doc[start - 3].is_title:
            start -= 2  # 'was Welsh, Carson, ...': the first founder the tagger left out
        out.append(Span(doc, start, end, label="ORG"))
        covered = end
    return out


def _comma_name_end(doc: Doc, first: Span, ents: list[Span | None], filters: EntityFilters) -> int | None:
    """End of a founders' name opening with `first` (one or two capitalised words): then
    ', Word' once or more, an optional 'and Word', optional company words and suffixes.
    It is one name when it closes with a corporate suffix, or has three founders or more;
    never when two founders are places, the last one runs on into another capitalised word, or
    a later founder is a knowledge-base firm or written apart elsewhere (lists of firms and
    places: 'Keihin, Showa and Nissin Kogyo', 'Bahrain, Oman and Qatar')."""
    if len(first) > 2 or not all(t.is_title or t.is_upper for t in first):
        return None
    i, parts = first.end, [first]
    while i + 1 < len(doc) and doc[i].text == "," and _founder(doc[i + 1]):
        parts.append(doc[i + 1:i + 2])
        i += 2
    if len(parts) < 2:
        return None
    if i + 1 < len(doc) and doc[i].lower_ in ("and", "&") and _founder(doc[i + 1]):
        parts.append(doc[i + 1:i + 2])
        i += 2
    while i < len(doc) and doc[i].is_title and doc[i].lower_ in filters.org_heads and doc[i].lower_ not in filters.suffixes:
        i += 1
    n_suffix = 0
    while i + n_suffix < len(doc) and doc[i + n_suffix].lower_ in filters.suffixes:
        n_suffix += 1
    if i + n_suffix < len(doc) and doc[i + n_suffix].is_title:
        return None  # 'Keihin, Showa and Nissin Kogyo': the last name runs on, a list of firms
    if not ((n_suffix and (len(parts) >= 3 or len(first) == 1)) or len(parts) >= 3):
        return None  # 'Banque Paribas, Bangkok Bank Ltd' is a list
    if sum(_place_part(p, filters) for p in parts) >= 2 or first.text.casefold() in filters.not_firms:
        return None  # 'Bahrain, Oman and Qatar'
    if any(doc[p.start].ent_id_ or _written_apart(p, first, ents, (",", "and", "&", "/")) for p in parts[1:]):
        return None
    return i + n_suffix


def _place_part(part: Span, filters: EntityFilters) -> bool:
    return part[0].ent_type_ in ("GPE", "LOC") or part.text in filters.places \
        or part.text.casefold() in filters.not_firms


def _founder(tok) -> bool:
    return tok.is_title and tok.is_alpha and not tok.ent_id_ and tok.ent_type_ in ("", "ORG", "PERSON", "GPE", "NORP")


def split_given_pair(doc: Doc, ents: list[Span | None], filters: EntityFilters) -> list[Span | None]:
    """'Alfred and David Billes', 'Jean and Charles Morel': two given names sharing a surname are
    two people. A glued span is cut at its 'and'; a bare given name left before 'and' and a
    tagged 'Given Surname' becomes a person too (`shared_surnames` gives both the surname)."""
    out: list[Span | None] = []
    taken = {i for e in ents if e is not None for i in range(e.start, e.end)}
    for e in ents:
        if e is not None and e.label_ in NAME_LABELS and not e.ent_id_ and len(e) >= 4 \
                and e[1].lower_ == "and" and _given(e[0], filters) and _given(e[2], filters):
            out += [Span(doc, e.start, e.start + 1, label="PERSON"), Span(doc, e.start + 2, e.end, label="PERSON")]
            continue
        if e is not None and e.label_ == "PERSON" and len(e) >= 2 and e.start >= 2 and _given(e[0], filters) \
                and doc[e.start - 1].lower_ == "and" and _given(doc[e.start - 2], filters) \
                and e.start - 2 not in taken:
            out.append(Span(doc, e.start - 2, e.start - 1, label="PERSON"))
        out.append(e)
    return out


def shared_surnames(mentions: list[Mention], doc: Doc, filters: EntityFilters) -> list[Mention]:
    """A lone given name right before 'and Given Surname' takes that surname."""
    out = list(mentions)
    for k, m in enumerate(mentions[:-1]):
        nxt = mentions[k + 1]
        if m.label == "PERSON" and m.end - m.start == 1 and _given(doc[m.start], filters) \
                and nxt.label == "PERSON" and nxt.start == m.end + 1 and doc[m.end].lower_ == "and" \
                and nxt.end - nxt.start >= 2 and _given(doc[nxt.start], filters):
            name = " ".join([m.name, *nxt.name.split()[1:]])
            out[k] = replace(m, name=name, key="free:" + name)
    return out


def _given(tok, filters: EntityFilters) -> bool:
    return tok.is_title and tok.text in filters.given_names
