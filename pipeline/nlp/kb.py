"""The entity knowledge base (models/entities.jsonl) and the entity-ruler patterns built from it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset, read_jsonl_asset

LABELS = {"ORG", "PERSON", "GPE", "NORP", "LOC", "FAC", "PRODUCT"}
KB_ID = re.compile(r"^Q[1-9][0-9]*$")
RULER_SUFFIXES = ("Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Co., Ltd.", "Co Ltd", "Corporation", "Limited", "plc", "SA", "AG", "NV")
AMBIGUOUS_PREFIX = "?"
COMMON_FILE = "companies_common.jsonl"


@dataclass(frozen=True)
class KbEntry:
    """One entity of the knowledge base."""

    name: str
    label: str
    kb_id: str | None
    fixed_name: bool
    aliases: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    nationality: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    affiliation: str | None = None
    source: str = "story"


@dataclass
class KnowledgeBase:
    """Entries by canonical name, surface forms and context rules for ambiguous names."""

    entries: dict[str, KbEntry]
    context_aliases: dict[str, dict[str, Any]] = field(default_factory=dict)
    short_names: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> KbEntry | None:
        return self.entries.get(name)


def _str_list(row: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ModelAssetError(f"E111 {where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def parse_entry(row: dict[str, Any], where: str) -> KbEntry:
    """Validate one entities.jsonl row; `where` is 'file:line' for the error message."""
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ModelAssetError(f"E110 {where}: 'name' must be a non-empty string")
    label = row.get("label")
    if label not in LABELS:
        raise ModelAssetError(f"E112 {where}: 'label' must be one of {sorted(LABELS)}, got {label!r}")
    kb_id = row.get("kb_id")
    if kb_id is not None and (not isinstance(kb_id, str) or not KB_ID.match(kb_id)):
        raise ModelAssetError(f"E113 {where}: 'kb_id' must be null or a Wikidata id like Q123, got {kb_id!r}")
    affiliation = row.get("affiliation")
    if affiliation is not None and not isinstance(affiliation, str):
        raise ModelAssetError(f"E111 {where}: 'affiliation' must be a string")
    return KbEntry(
        name=name.strip(), label=label, kb_id=kb_id, fixed_name=bool(row.get("fixed_name", False)),
        aliases=_str_list(row, "aliases", where), short_names=_str_list(row, "short_names", where),
        tickers=_str_list(row, "tickers", where), nationality=_str_list(row, "nationality", where),
        types=tuple(t.lower() for t in _str_list(row, "types", where)), affiliation=affiliation,
    )


def load_kb(models_dir: Path) -> KnowledgeBase:
    """Read entities.jsonl and aliases_context.json; duplicate names or aliases are errors."""
    path = models_dir / "entities.jsonl"
    entries: dict[str, KbEntry] = {}
    seen_forms: dict[str, str] = {}
    for line_no, row in read_jsonl_asset(path):
        where = f"{path}:{line_no}"
        entry = parse_entry(row, where)
        for form in (entry.name, *entry.aliases, *entry.tickers):
            owner = seen_forms.get(form)
            if owner is not None and owner != entry.name:
                raise ModelAssetError(f"E114 {where}: surface form {form!r} already belongs to {owner!r}")
            seen_forms[form] = entry.name
        entries[entry.name] = entry
    _add_common(models_dir / COMMON_FILE, entries, seen_forms)
    context = read_json_asset(models_dir / "aliases_context.json")
    context_aliases = {k: v for k, v in context.items() if not k.startswith("_")}
    for form, rule in context_aliases.items():
        unknown = [c for c in rule.get("candidates", {}) if c not in entries]
        if rule.get("default") not in entries or unknown:
            raise ModelAssetError(f"E115 {models_dir / 'aliases_context.json'}: {form!r} names unknown entities")
    shorts = {s: e.name for e in entries.values() for s in e.short_names}
    return KnowledgeBase(entries=entries, context_aliases=context_aliases, short_names=shorts)


def _add_common(path: Path, entries: dict[str, KbEntry], seen_forms: dict[str, str]) -> None:
    """The curated gazetteer of widely covered companies (optional file, same row format).

    Lower priority than the story KB: an entry whose name the story KB already has is skipped,
    and so is any alias the story KB owns. Rows must be ORG; a form claimed twice inside the
    gazetteer is an error naming the line."""
    if not path.exists():
        return
    story_forms = dict(seen_forms)
    for line_no, row in read_jsonl_asset(path):
        where = f"{path}:{line_no}"
        entry = parse_entry(row, where)
        if entry.label != "ORG":
            raise ModelAssetError(f"E116 {where}: gazetteer rows must be ORG, got {entry.label!r}")
        if entry.name in entries and entry.name in story_forms.values():
            continue
        kept = []
        for form in (entry.name, *entry.aliases, *entry.tickers):
            if form in story_forms:
                continue
            owner = seen_forms.get(form)
            if owner is not None and owner != entry.name:
                raise ModelAssetError(f"E114 {where}: surface form {form!r} already belongs to {owner!r}")
            seen_forms[form] = entry.name
            kept.append(form)
        if entry.name not in kept:
            continue  # the canonical name itself belongs to a story entity
        entries[entry.name] = replace(entry, aliases=tuple(f for f in entry.aliases if f in kept),
                                      tickers=tuple(f for f in entry.tickers if f in kept), source="common")


def build_ruler_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Phrase patterns for the entity ruler: every name, alias and ticker, ORGs also with suffixes."""
    patterns: list[dict[str, Any]] = []
    for entry in kb.entries.values():
        if entry.source != "story":
            continue
        forms = {entry.name, *entry.aliases, *entry.tickers}
        if entry.label == "ORG":
            forms |= {f"{f} {s}" for f in (entry.name, *entry.aliases) for s in RULER_SUFFIXES}
        patterns.extend({"label": entry.label, "pattern": f, "id": entry.name} for f in sorted(forms))
    for form, rule in kb.context_aliases.items():
        patterns.append({"label": rule.get("label", "ORG"), "pattern": form, "id": AMBIGUOUS_PREFIX + form})
    return patterns


def common_forms(kb: KnowledgeBase) -> dict[str, str]:
    """Surface form -> canonical name for the gazetteer entries (names, aliases, tickers, suffixed names)."""
    out: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry.source != "common":
            continue
        for form in (entry.name, *entry.aliases, *entry.tickers):
            out[form] = entry.name
        for form in (entry.name, *entry.aliases):
            for suffix in RULER_SUFFIXES:
                out.setdefault(f"{form} {suffix}", entry.name)
    return out
