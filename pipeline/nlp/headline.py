"""All-capitals headlines (wire copy: 'NIPPON KOKAN STEEL AFFILIATES CONSIDERING MERGER').

The statistical tagger reads a run of capitals as one long name, so a shouted headline
is recased before analysis: each word takes the case the body writes it in ('Nippon',
'Kokan'), a word the body never uses is lower-cased, and the first word is capitalised.
Tickers in angle brackets ('<CYL>') and short dotted abbreviations ('U.S.') keep their case.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

WORD = re.compile(r"[A-Za-z][A-Za-z'&.-]*")
TICKER = re.compile(r"<[A-Z0-9.]{1,10}>|\([A-Z]{2,6}\)")
MIN_LETTERS = 8


def is_shouted(title: str) -> bool:
    """Mostly capitals and long enough to tell: a wire headline, not 'IBM buys Red Hat'."""
    letters = [c for c in TICKER.sub("", title) if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.9


def body_casing(body: str, wanted: set[str] | None = None) -> dict[str, str]:
    """lower-case word -> the form the body writes it in most often, preferring mid-sentence forms
    (only for the `wanted` lower-case words when given: a headline's words). A word the body
    writes only at sentence starts counts when it has capitals of its own ('Hayes-Albion Corp
    said ...')."""
    seen: dict[str, Counter] = {}
    opening: dict[str, str] = {}
    for m in WORD.finditer(body):
        word = m.group().rstrip(".'-") or m.group()
        if wanted is not None and word.lower() not in wanted:
            continue
        before = body[max(m.start() - 2, 0):m.start()]
        sentence_start = m.start() == 0 or before.strip() in ("", ".", "\"", "!", "?") and "\n" in before \
            or before.endswith(". ")
        if sentence_start and word[0].isupper() and not word.isupper():
            if any(c.isupper() for c in word[1:]):
                opening.setdefault(word.lower(), word)  # 'Hayes-Albion', 'McLean': a name's own capitals
            continue  # 'The', 'Shares' at a sentence start say nothing of the word's case
        seen.setdefault(word.lower(), Counter())[word] += 1
    out = {low: forms.most_common(1)[0][0] for low, forms in seen.items()}
    return {**opening, **out}


def recase_headline(title: str, body: str) -> str:
    """The headline in the body's casing when it is all capitals; unchanged otherwise."""
    if not is_shouted(title):
        return title
    casing = body_casing(body, {(m.group().rstrip(".'-") or m.group()).lower() for m in WORD.finditer(title)})
    tickers = [(m.start(), m.end()) for m in TICKER.finditer(title)]

    def recase(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in tickers):
            return m.group()
        word = m.group()
        core = word.rstrip(".'-")
        tail = word[len(core):]
        if "." in core and len(core) <= 5:
            return word  # 'U.S.', 'U.K.'
        form = casing.get(core.lower())
        if form is None:
            return core.lower() + tail
        return form + tail

    out = WORD.sub(recase, title)
    first = WORD.search(out)
    if first and out[first.start()].islower():
        out = out[:first.start()] + out[first.start()].upper() + out[first.start() + 1:]
    return out


BRACKET_TICKER = re.compile(r"\s*<[A-Z0-9.\-/]{1,12}>")
BRACKET_NAME = re.compile(r"<([^<>\n]{2,80})>")


# a press release's dateline and distributor tag: 'CAMBRIDGE, Mass.--(BUSINESS WIRE)--', 'NEW YORK,
# March 10, 2025 /PRNewswire/ --'; the tagger glues the tag to the issuer's name ('WIRE)--2seventy bio')
RELEASE_DATELINE = re.compile(
    r"(?m)^[^\n]{0,90}?(?:--\s?\((?:BUSINESS WIRE|GLOBE NEWSWIRE|ACCESSWIRE|ACCESS Newswire|EQS-News|PRWEB)\)\s?--"
    r"|/\s?(?:PRNewswire(?:-[A-Za-z]+)?|GLOBE NEWSWIRE|CNW)\s?/\s*--)\s*")


# a news dateline opening a paragraph: 'LONDON - ', 'TOKYO :', 'NEW TAIPEI, Taiwan : ', 'PARIS (Reuters) -',
# 'FRANKFURT -- '. The tagger reads the capitals as a firm ('TOKYO') or glues them to the next name
# ('LONDON-Spectris'). Only an all-capitals place word of three letters or more followed by a dash or colon.
NEWS_DATELINE = re.compile(
    r"(?m)^(?:[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3})(?:, [A-Z][A-Za-z.]+(?: [A-Za-z0-9.]+){0,2})?"
    r"(?: \((?:Reuters|AP|AFP|Bloomberg|Kyodo|Jiji|IANS|PTI|ANI|Xinhua|Dow Jones|RTTNews)\))?"
    r"(?: ?:| (?:--?|\u2014|\u2013)) ?(?=[A-Z\u201c\"])")


# an agency dateline's tag glued to the first word: 'Nagoya (Jiji Press)\u2014Toyota Motor Corp. said', '(Jiji Press)--Nissan'
GLUED_TAG_DASH = re.compile(r"\)(?:--|\u2014|\u2013)(?=\S)")


# a headline's closing outlet tag: 'Foxconn proposes partnership with Honda: Nikkei', '... - Bloomberg'.
# The parser glued the tag to the body's first sentence ('Nikkei. Foxconn has proposed ...' read as
# one sentence whose subject is Nikkei), so the body's deal lost its party.
def outlet_tag(outlets: Iterable[str]) -> re.Pattern[str]:
    """The closing outlet tag of a headline for these outlet names (models/entity_filters.json
    media_outlets): an outlet only; '- sources' and ', sources say' hedge the report and stay."""
    names = "|".join(re.escape(n) for n in sorted(set(outlets), key=len, reverse=True))
    if not names:
        return re.compile(r"(?!)")  # no outlet known: nothing to strip
    return re.compile(rf"\s*(?:[:|\u2013\u2014]|\s-)\s*(?:{names})\s*$")


def strip_headline_source(title: str, tag: re.Pattern[str]) -> str:
    """A headline without its closing outlet tag (': Nikkei', '- Bloomberg')."""
    return tag.sub("", title) or title


def strip_dateline(body: str) -> str:
    """A news dateline at the start of a paragraph ('LONDON - Spectris PLC said ...') goes; an agency tag
    glued to the next word by a dash ('(Jiji Press)\u2014Toyota') is spaced apart, so the tagger reads two names."""
    return GLUED_TAG_DASH.sub(") \u2014 ", NEWS_DATELINE.sub("", body))


def strip_wire_markup(text: str) -> str:
    """Wire copy's angle brackets: a ticker ('Wichita <WRO>') goes, a private firm's name
    ('<Chatsworth Enterprises Inc>') keeps its words; a press release's dateline and distributor
    tag go. The tagger and parser misread them all."""
    if "--" in text:
        text = RELEASE_DATELINE.sub("", text)
    if "<" not in text:
        return text
    return BRACKET_NAME.sub(r"\1", BRACKET_TICKER.sub("", text))
