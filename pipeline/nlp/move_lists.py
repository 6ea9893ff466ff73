"""Share moves reported in a list after one verb, and a subject carried to a second verb.

Market reports often name one verb and list several firms after it, each with its own change and
no verb of its own: "Toyota shares rose 2%, Honda 1.5% and Nissan 3.1%", or in wire copy
"Exxon climbed one to 88-3/8, Mobil one to 50-1/4". Every listed firm moves the same way as the
verb's own firm. The parser tags such gapped lists every which way, so they are read on the
surface: after the verb, up to the next verb, a firm name that follows a comma, "and" or "while"
and is itself followed (after an optional ticker such as "<MOB>", an "'s" or "shares") by a
percentage ("1.5%", "up 4%", "2.9% higher") or a wire quote.

A second move verb without a subject of its own ("closed off 3/4 after rising 9-1/4 points
yesterday", "jumped 10% and closed up 6%") takes the firms of the move verb it hangs on.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.nlp.roles import DocContext

# a price change then the new price: 'climbed one to 88-3/8', 'rose 2p to 742', 'eight cents to 4.50'
WIRE_QUOTE = re.compile(r"\s*(?:\d+-\d+/\d+|\d+/\d+|one|two|three|four|five|six|seven|eight|nine|ten"
                        r"|\d+(?:\.\d+)?p?)\s+(?:(?:points?|pence|penny|cents?|cts|yen)\s+)?to\s+\$?\d")
LIST_JOINERS = {",", "and", ";", "while", "whereas"}
PERCENT_CHANGE = re.compile(r"\s*(?:(?P<dir>up|down)\s+)?(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|pct\b|per cent\b)"
                            r"(?:\s+(?P<after>higher|lower)\b)?")
DIRECTION_OF = {"up": "up", "higher": "up", "down": "down", "lower": "down"}
OWNER_TAIL = {"'s", "\u2019s", "shares", "stock"}
CARRY_DEPS = {"conj", "advcl"}


def _name_tail_end(doc, i: int, end: int) -> int:
    """Index after a '<MOB>' ticker and an "'s" or 'shares' after a listed name (i when none)."""
    if i < end and doc[i].text == "<":
        for j in range(i + 1, min(i + 5, end)):
            if doc[j].text == ">":
                i = j + 1
                break
    while i < end and doc[i].lower_ in OWNER_TAIL:
        i += 1
    return i


def listed_moves(verb: Token, direction: str, ctx: DocContext) -> list[tuple[str, str, float | None]]:
    """(firm, direction, pct) for each firm listed after the verb with a change and no verb of its own."""
    doc, sent = verb.doc, verb.sent
    out: list[tuple[str, str, float | None]] = []
    i = verb.i + 1
    while i < sent.end:
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and i not in ctx.tok2name:
            break
        name = ctx.tok2name.get(i)
        if name is None or doc[i - 1].lower_ not in LIST_JOINERS or ctx.tok2name.get(i - 1) == name:
            i += 1
            continue
        j = i
        while j + 1 < sent.end and ctx.tok2name.get(j + 1) == name:
            j += 1
        after = _name_tail_end(doc, j + 1, sent.end)
        pos = doc[after - 1].idx + len(doc[after - 1].text)
        pct_match = PERCENT_CHANGE.match(doc.text, pos)
        if pct_match:
            word = pct_match.group("dir") or pct_match.group("after")
            moved = DIRECTION_OF[word] if word else direction
            out.append((name, moved, float(pct_match.group("num"))))
        elif WIRE_QUOTE.match(doc.text, pos):
            out.append((name, direction, None))
        i = j + 1
    return out


def carried_subject_head(verb: Token, move_lemmas: frozenset[str]) -> Token | None:
    """The move verb whose subject this subjectless coordinated or adverbial move verb shares."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":  # 'closed off 3/4 after rising 9-1/4 points'
        head = head.head
    elif verb.dep_ not in CARRY_DEPS:
        return None
    if head == verb or head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() not in move_lemmas:
        return None
    return head
