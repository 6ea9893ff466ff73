"""Training examples for the wire-copy NER: our entity labels placed on the stories' tokens.

Our labels list each story's organisations and people by canonical name (suffixes such as
Inc or Corp dropped, fullest form). To train a tagger they must become token spans:

* every case-insensitive occurrence of a canonical name is an ORG/PERSON span, stretched over
  a corporate suffix that follows it ("Allegheny International Inc");
* a span the base model tagged ORG/PERSON that no label covers becomes "not an entity" when it
  shares no word with any labelled name (currency words, budgets, places read as firms), and
  "unknown" (spaCy's missing value, no gradient) when it does: short forms such as "Piedmont"
  for Piedmont Aviation or "TWA" are not placed by string match, so the labels say nothing
  about them;
* the base model's other labels (GPE, MONEY, DATE, ...) are kept as they are, so that the
  tuned tagger does not forget them (the labels only cover ORG and PERSON).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

LABELLED = ("ORG", "PERSON")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "of", "and", "co", "inc", "corp", "ltd", "group", "international", "national",
         "american", "first", "general", "united", "bank", "company", "corporation", "s"}


@dataclass(frozen=True)
class NerExample:
    """One story as a tagger example: its id, text and token-level tags (BILUO, '-' = unknown)."""
    doc_id: str
    text: str
    tags: tuple[str, ...]


def name_words(name: str) -> set[str]:
    return set(_WORD.findall(name.casefold())) - _STOP


def initials(name: str) -> str:
    return "".join(w[0] for w in _WORD.findall(name.casefold()) if w not in {"of", "and", "the"})


def find_name_spans(doc: Doc, names: list[tuple[str, str]], suffixes: set[str],
                    make_doc) -> list[tuple[int, int, str]]:
    """Token spans (start, end, label) of each name's occurrences, longest first, non-overlapping."""
    lowered = [t.lower_ for t in doc]
    found = []
    for name, label in names:
        pieces = [t.lower_ for t in make_doc(name)]
        for start in range(len(doc) - len(pieces) + 1):
            if pieces and lowered[start:start + len(pieces)] == pieces:
                end = start + len(pieces)
                while end < len(doc) and doc[end].lower_.rstrip(".") in suffixes:
                    end += 1
                found.append((start, end, label))
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: set[int] = set()
    spans = []
    for start, end, label in found:
        if taken.isdisjoint(range(start, end)):
            spans.append((start, end, label))
            taken.update(range(start, end))
    return sorted(spans)


def story_tags(nlp: Language, base_doc: Doc, labels: list[dict], suffixes: set[str]) -> list[str]:
    """BILUO tags for one story: labelled names, base-model other labels, unknown short forms."""
    names = [(e["name"], e["label"]) for e in labels if e.get("label") in LABELLED]
    spans = find_name_spans(base_doc, names, suffixes, nlp.make_doc)
    covered = {i for s, e, _ in spans for i in range(s, e)}
    spans += find_short_forms(base_doc, names, covered, nlp.make_doc)
    vocab = set().union(*(name_words(n) for n, _ in names)) if names else set()
    acronyms = {initials(n) for n, _ in names if len(initials(n)) >= 2}
    tags = ["O"] * len(base_doc)
    for ent in base_doc.ents:
        positions = range(ent.start, ent.end)
        if not covered.isdisjoint(positions):
            continue
        if ent.label_ not in LABELLED:
            _write_span(tags, ent.start, ent.end, ent.label_)
        elif name_words(ent.text) & vocab or ent.text.casefold().replace(".", "") in acronyms:
            for i in positions:
                tags[i] = "-"
    for i, token in enumerate(base_doc):
        if i not in covered and tags[i] == "O" and token.is_title and token.lower_ in vocab:
            tags[i] = "-"
    for start, end, label in spans:
        _write_span(tags, start, end, label)
    return tags


def find_short_forms(doc: Doc, names: list[tuple[str, str]], covered: set[int],
                     make_doc) -> list[tuple[int, int, str]]:
    """Standalone short references: the first words of a labelled firm ("Westinghouse" for
    Westinghouse Electric) or a labelled person's surname, written as a whole capitalised run."""
    forms: dict[tuple[str, ...], str] = {}
    for name, label in names:
        words = tuple(t.lower_ for t in make_doc(name))
        if len(words) < 2:
            continue
        shorts = [words[:n] for n in range(1, len(words))] if label == "ORG" else [words[-1:]]
        for short in shorts:
            if len(short) == 1 and (short[0] in _STOP or len(short[0]) < 3):
                continue
            forms.setdefault(short, label)
    found = []
    for start in range(len(doc)):
        if start in covered or not _capitalised(doc[start]) or (start and _capitalised(doc[start - 1])):
            continue
        for short, label in forms.items():
            end = start + len(short)
            if tuple(t.lower_ for t in doc[start:end]) == short and covered.isdisjoint(range(start, end)) \
                    and (end == len(doc) or not _capitalised(doc[end])):
                found.append((start, end, label))
                covered.update(range(start, end))
                break
    return found


def _capitalised(token) -> bool:
    return token.text[:1].isupper()


def _write_span(tags: list[str], start: int, end: int, label: str) -> None:
    if end - start == 1:
        tags[start] = f"U-{label}"
        return
    tags[start] = f"B-{label}"
    for i in range(start + 1, end - 1):
        tags[i] = f"I-{label}"
    tags[end - 1] = f"L-{label}"


def to_example(nlp: Language, item: NerExample) -> Example:
    doc = nlp.make_doc(item.text)
    return Example.from_dict(doc, {"entities": list(item.tags)})
