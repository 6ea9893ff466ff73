"""Which canonical entity a name typed by a user stands for, and why (`newsmon entities resolve`,
entity parameters of saved queries). No spaCy: exact lookups in the knowledge base's forms."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from pipeline.nlp.kb import RULER_SUFFIXES, KbEntry, KnowledgeBase

SUFFIXES = sorted({s.rstrip(".").casefold() for s in RULER_SUFFIXES} | {"co., ltd", "company", "group"}, key=len,
                  reverse=True)


@dataclass(frozen=True)
class Resolution:
    """`name` is the canonical name (None: not in the knowledge base); `how` says why."""

    text: str
    name: str | None
    how: str
    entry: KbEntry | None = None
    candidates: tuple[str, ...] = ()


def _kind(entry: KbEntry, form: str) -> str:
    if form == entry.name:
        return "canonical name"
    return "ticker" if form in entry.tickers else "alias"


def _found(kb: KnowledgeBase, text: str, form: str, note: str = "") -> Resolution:
    entry = kb.entries[kb.forms[form]]
    how = f"{_kind(entry, form)} {form!r} of {entry.name!r}" if form != entry.name else "canonical name"
    return Resolution(text, entry.name, f"{how}{note} ({entry.source}: {entry.origin})", entry)


def _without_suffix(text: str) -> str | None:
    stripped = text.strip().rstrip(",")
    folded = stripped.casefold().rstrip(".")
    for suffix in SUFFIXES:
        if folded.endswith(" " + suffix):
            return stripped[: len(stripped.rstrip(".")) - len(suffix) - 1].rstrip(" ,")
    return None


def resolve_text(kb: KnowledgeBase, text: str) -> Resolution:
    """Exact name, alias or ticker; then without a legal suffix; then ignoring case; then an
    ambiguous short name or a person's surname; else not found, with the nearest names."""
    text = " ".join(text.split())
    if text in kb.forms:
        return _found(kb, text, text)
    bare = _without_suffix(text)
    if bare and bare in kb.forms:
        return _found(kb, text, bare, f", after dropping the legal suffix of {text!r}")
    folded = {}
    for form in kb.forms:
        folded.setdefault(form.casefold(), form)
    for probe in (text, bare):
        if probe and probe.casefold() in folded:
            return _found(kb, text, folded[probe.casefold()], ", ignoring case")
    for form, rule in kb.context_aliases.items():
        if form.casefold() == text.casefold():
            names = tuple(rule.get("candidates", {}))
            return Resolution(text, rule["default"], f"ambiguous short name: one of {', '.join(names)} by "
                              f"context in an article; {rule['default']!r} when nothing tells",
                              kb.get(rule["default"]), names)
    if text in kb.short_names:
        entry = kb.entries[kb.short_names[text]]
        return Resolution(text, entry.name, f"short name of {entry.name!r} ({entry.source}: {entry.origin})", entry)
    return Resolution(text, None, "not in the knowledge base", None, tuple(nearest_names(kb, text)))


def nearest_names(kb: KnowledgeBase, text: str, n: int = 5) -> list[str]:
    """Canonical names whose own spelling or one of whose forms is closest to `text`."""
    by_folded: dict[str, str] = {}
    for entry in kb.entries.values():
        for form in (entry.name, *entry.aliases):
            by_folded.setdefault(form.casefold(), entry.name)
    close = difflib.get_close_matches(text.casefold(), list(by_folded), n=n * 3, cutoff=0.75)
    return list(dict.fromkeys(by_folded[c] for c in close))[:n]
