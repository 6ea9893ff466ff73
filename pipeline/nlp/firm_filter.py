"""Deal parties are firms: persons and public bodies are dropped from an event's roles.

The contract says persons are never deal participants; regulators, courts and exchanges
appear beside deals ('in a filing with the Securities and Exchange Commission') but are
not parties to them, nor are rating agencies that rate a firm's debt after its deal ('S and P
said it affirmed X's debt following its purchase of Y': 'its' is X's, not the agency's). An
event left without a party, or an agency's event left with one side only, is not reported. A
party that is the tail of another party's 'X and Y' name is a cut, not a firm. A name described
as a firm in apposition ('Mars, the family-owned conglomerate') is one, whatever its tag.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from pipeline.nlp.canon import EntityFilters, Mention, is_public_body
from pipeline.nlp.deals import ArticleEvent

def person_names(doc: Doc, mentions: list[Mention], filters: EntityFilters) -> set[str]:
    """Names the article shows to be persons: knowledge-base people, names with a middle
    initial ('Irwin L. Jacobs'), names next to a person's title ('spokesman David Annesley') and
    names that start with a given name (`given_name_first`, whatever the tagger's label).
    An untitled PERSON the tagger guessed ('Suzuki', 'Aston Martin') may still be a firm."""
    firms = {m.name for m in mentions if m.label == "ORG"}
    suffixed = {m.name for m in mentions if m.label == "ORG" and m.end > m.start
                and doc[m.end - 1].lower_.rstrip(".") in filters.suffixes}  # 'Gordon Jewelry Corp' is a firm
    out: set[str] = {m.name for m in mentions if given_name_first(m, filters) and m.name not in suffixed}
    for m in mentions:
        if m.label != "PERSON" or m.name in firms:
            continue
        words = m.name.split()
        initial = len(words) > 2 and any(len(w.rstrip(".")) == 1 for w in words[1:-1])
        window = doc[max(m.start - 3, 0):min(m.end + 3, len(doc))]
        titled = any(t.lower_.rstrip(".") in filters.person_titles for t in window)
        if m.in_kb or initial or titled:
            out.add(m.name)
    return out


def given_name_first(m: Mention, filters: EntityFilters) -> bool:
    """'George Soros', 'Ronald Perelman': a PERSON the tagger found, two or three words outside the
    knowledge base, the first a given name (models/given_names.json), the last not one, none a
    company word."""
    words = m.name.split()
    if m.label != "PERSON" or m.in_kb or not 2 <= len(words) <= 3 or words[0] not in filters.given_names \
            or words[-1] in filters.given_names:  # 'Aston Martin': two given names make a brand more often
        return False
    return all(w[:1].isupper() and w.casefold() not in filters.org_heads | filters.suffixes | filters.name_joiners
               for w in words)


def keep_firm_parties(doc: Doc, events: list[ArticleEvent], mentions: list[Mention],
                      filters: EntityFilters) -> list[ArticleEvent]:
    persons = person_names(doc, mentions, filters)
    out: list[ArticleEvent] = []
    for ev in events:
        rebind_rated_firm(doc, ev, mentions, filters)
        bodies = [n for n in ev.roles if is_public_body(n, filters) or n.casefold() in filters.rating_agencies]
        roles = {n: r for n, r in ev.roles.items() if n not in persons and n not in bodies
                 and not name_piece(n, ev.roles, filters)}
        if not roles or (bodies and len(roles) < 2):
            continue
        ev.roles = roles
        out.append(ev)
    return [ev for ev in out if not _folded(ev, out)]


def rebind_rated_firm(doc: Doc, ev: ArticleEvent, mentions: list[Mention], filters: EntityFilters) -> None:
    """'S and P said it affirmed X's debt following its purchase of Y': the reader took 'its' for
    the agency that speaks; the deal is that of the one other firm the deal's sentences name (X),
    which takes the agency's role. The agency itself is dropped with the public bodies."""
    agencies = [n for n, r in ev.roles.items() if n.casefold() in filters.rating_agencies and r != "target"]
    if len(agencies) != 1:
        return
    spans = [doc[m.trigger_i].sent for m in ev.mentions]
    others = {m.name for m in mentions if m.label == "ORG" and m.name not in ev.roles
              and m.name.casefold() not in filters.rating_agencies and not is_public_body(m.name, filters)
              and any(s.start <= m.start < s.end for s in spans)}
    if len(others) == 1:
        ev.roles[others.pop()] = ev.roles[agencies[0]]


def name_piece(name: str, names, filters: EntityFilters) -> bool:
    """'Accident Co' beside 'Provident Life and Accident': the tagger cut a firm named 'X and Y Co'
    at its 'and'; the tail it read as a second firm is part of another party's name."""
    words = [w for w in name.split() if w.casefold().rstrip(".") not in filters.suffixes]
    if not words:
        return False
    piece = " and " + " ".join(words)
    return any(other != name and (f"{other} ".find(piece + " ") >= 0) for other in names)


def _folded(ev: ArticleEvent, events: list[ArticleEvent]) -> bool:
    """A one-party event whose party a fuller event of the same type names is that event."""
    return len(ev.roles) == 1 and any(o is not ev and o.type == ev.type and len(o.roles) > 1
                                      and set(ev.roles) <= set(o.roles) for o in events)


def described_firms(doc: Doc, mentions: list[Mention], firm_heads: frozenset[str],
                    filters: EntityFilters) -> list[Mention]:
    """'Mars, the family-owned conglomerate', 'Kestrel, the maker of ...': a name the tagger labelled a
    place, product or person, in apposition with a firm-only noun (`NominalRules.firm_heads`), is a firm."""
    out = []
    for m in mentions:
        if m.label != "ORG" and m.label in filters.candidate_labels and not m.in_kb:
            root = doc[m.start:m.end].root
            if any(c.dep_ == "appos" and c.lemma_.lower() in firm_heads for c in root.children):
                m = replace(m, label="ORG")
        out.append(m)
    return out
