"""Title Case headlines ('Boyd Gaming Sells FanDuel Stake for $1.76 Billion', 'Honda and Nissan
Terminate Merger Talks').

Business sites capitalise every word of a headline; the small tagger then reads the capitalised
verbs and nouns as parts of the names around them ('Boyd Gaming Sells FanDuel Stake',
'Dip Amid BAT'). A Title Case headline is recased word by word before analysis: a word the body
writes in lower case (or a form of it: 'Sells' for 'sell', 'Terminate' for 'termination'), or one
of the headline words in models/headline_words.json, is lower-cased; words the body capitalises
mid-sentence, names, acronyms and words
with capitals of their own ('FanDuel', 'PlayAI') keep their case, as do words the body never uses.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pipeline.nlp.headline import body_casing

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
WORDS_FILE = Path(__file__).resolve().parents[2] / "models" / "headline_words.json"
MIN_CAPITALISED = 3
TITLE_SHARE = 0.75


@lru_cache(maxsize=1)
def _headline_words() -> frozenset[str]:
    data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    return frozenset(data["function_words"]) | frozenset(data["headline_words"])


def is_title_case(title: str) -> bool:
    """Most content words (four letters or more) capitalised, and several of them."""
    long_words = [w for w in WORD.findall(title) if len(w) >= 4]
    capitalised = [w for w in long_words if w[0].isupper()]
    return len(capitalised) >= MIN_CAPITALISED and len(capitalised) >= TITLE_SHARE * len(long_words)


def _lower_forms(body: str) -> set[str]:
    return {w for w in WORD.findall(body) if w.islower()}


def _written_lower(word: str, lower_forms: set[str], stems: set[str]) -> bool:
    low = word.lower()
    if low in lower_forms or low in _headline_words():
        return True
    stem = low[:max(4, len(low) - 2)]
    return len(low) >= 5 and stem in stems


def recase_title_case(title: str, body: str) -> str:
    """The headline with its common words lower-cased when it is in Title Case; unchanged otherwise."""
    if not is_title_case(title):
        return title
    lower_forms = _lower_forms(body)
    casing = body_casing(body, {w.lower() for w in WORD.findall(title)})
    stems = {w[:n] for w in lower_forms for n in range(4, len(w) + 1)}
    first = WORD.search(title)

    def recase(m: re.Match) -> str:
        word = m.group()
        if first is not None and m.start() == first.start():
            return word
        if not word[0].isupper() or word.isupper() or any(c.isupper() for c in word[1:]):
            return word
        form = casing.get(word.lower())
        if form is not None and form[0].isupper():
            return word  # the body writes it capitalised mid-sentence: a name ('Hospitality Solutions')
        if "'" in word or not _written_lower(word, lower_forms, stems):
            return word
        return word.lower()

    return WORD.sub(recase, title)
