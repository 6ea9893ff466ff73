"""What `newsmon entities` shows: the knowledge base with where each entry comes from, a check of
one entity file against the built-in layers, and the resolution of a typed name."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.nlp.kb import KnowledgeBase, load_kb, read_user_file
from pipeline.nlp.kb_lookup import Resolution, resolve_text

SOURCES = ("user", "story", "common", "listed")


def story_kb(models_dir: Path, entity_files: tuple[Path, ...] = ()) -> KnowledgeBase:
    return load_kb(models_dir, tuple(entity_files))


def entities_table(kb: KnowledgeBase, source: str | None = None, label: str | None = None) -> pa.Table:
    """One row per entry: name, label, source layer, origin file:line, aliases, tickers, kb_id."""
    rows = [e for e in kb.entries.values() if (source is None or e.source == source)
            and (label is None or e.label == label)]
    rows.sort(key=lambda e: (SOURCES.index(e.source), e.name.casefold()))
    return pa.table({
        "name": [e.name for e in rows], "label": [e.label for e in rows], "source": [e.source for e in rows],
        "origin": [e.origin for e in rows], "aliases": [", ".join(e.aliases) for e in rows],
        "tickers": [", ".join(e.tickers) for e in rows], "kb_id": [e.kb_id for e in rows],
    })


@dataclass(frozen=True)
class FileCheck:
    path: Path
    entries: int
    overrides: tuple[str, ...]       # built-in entries this file replaces (same name)
    takes_forms: tuple[str, ...]     # "form (from X)": built-in aliases/tickers now folded into this file's entries
    risky: tuple[str, ...] = ()      # forms so short they will match ordinary text

    def lines(self) -> list[str]:
        out = [f"{self.path}: {self.entries} entries, valid"]
        if self.overrides:
            out.append(f"  replaces built-in entries: {', '.join(self.overrides)}")
        if self.takes_forms:
            out.append(f"  takes over built-in names/aliases: {', '.join(self.takes_forms)}")
        if self.risky:
            out.append(f"  warning: one or two letters match ordinary text: {', '.join(self.risky)}")
        return out


def check_entity_file(models_dir: Path, path: Path) -> FileCheck:
    """Validate one user entity file (StoryFileError naming file, line and field) and say what it changes."""
    entries = read_user_file(path)
    builtin = load_kb(models_dir)
    overrides = tuple(e.name for e in entries if e.name in builtin.entries)
    taken = []
    for entry in entries:
        for form in entry.forms:
            owner = builtin.forms.get(form)
            if owner is not None and owner != entry.name:
                taken.append(f"{form} (from {owner})")
    risky = tuple(f for e in entries for f in e.forms if len(f.strip(".&-")) <= 2)
    return FileCheck(Path(path), len(entries), overrides, tuple(taken), risky)


def explain(res: Resolution) -> list[str]:
    """Lines for `newsmon entities resolve`: the canonical name first, then why."""
    if res.name is None:
        near = f"; nearest: {', '.join(res.candidates)}" if res.candidates else ""
        return [f"{res.text}: not in the knowledge base{near}",
                "  (the extractor still reports an unknown ORG or PERSON under the fullest name written)"]
    entry = res.entry
    lines = [res.name, f"  why: {res.how}"]
    if entry is not None:
        lines.append(f"  label {entry.label}" + (f", kb_id {entry.kb_id}" if entry.kb_id else "")
                     + (f", tickers {', '.join(entry.tickers)}" if entry.tickers else ""))
        if entry.aliases:
            lines.append(f"  aliases: {', '.join(entry.aliases)}")
    return lines


def resolve_lines(kb: KnowledgeBase, text: str) -> tuple[bool, list[str]]:
    res = resolve_text(kb, text)
    return res.name is not None, explain(res)
