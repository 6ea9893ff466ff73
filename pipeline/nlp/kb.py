"""The entity knowledge base and the entity-ruler patterns built from it.

Layers, highest priority first (docs/entities.md describes the file format):

    user      the [story] entity files of newsmon.toml, in the order given (a later file wins)
    story     models/entities.jsonl, the built-in story's entities
    common    models/companies_common.jsonl, widely covered companies (curated)
    listed    models/companies_listed.jsonl, index constituents with tickers (generated)

A user entry replaces a built-in entry of the same name and takes over any surface form
(alias or ticker) a built-in entry had. Within the built-in layers a lower layer never takes
a name or form of a higher one. User and story entries are matched in text by the entity
ruler; common entries by the gazetteer; listed entries name ORG spans the tagger found
(and their exchange-qualified tickers such as ``7203.T`` are matched in text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ModelAssetError, StoryFileError
from pipeline.nlp.assets import read_json_asset, read_jsonl_asset

LABELS = {"ORG", "PERSON", "GPE", "NORP", "LOC", "FAC", "PRODUCT"}
KB_ID = re.compile(r"^Q[1-9][0-9]*$")
FIELDS = ("name", "label", "kb_id", "aliases", "short_names", "tickers", "nationality", "types",
          "affiliation", "fixed_name")
RULER_SUFFIXES = ("Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Co., Ltd.", "Co Ltd", "Corporation", "Limited", "plc", "SA", "AG", "NV")
AMBIGUOUS_PREFIX = "?"
BUILTIN_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
STORY_FILE = "entities.jsonl"
COMMON_FILE = "companies_common.jsonl"
LISTED_FILE = "companies_listed.jsonl"
RULER_SOURCES = ("user", "story")


@dataclass(frozen=True)
class KbEntry:
    """One entity of the knowledge base; `source` is its layer, `origin` the file:line it came from."""

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
    origin: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.tickers)


@dataclass
class KnowledgeBase:
    """Entries by canonical name, surface forms and context rules for ambiguous names."""

    entries: dict[str, KbEntry]
    context_aliases: dict[str, dict[str, Any]] = field(default_factory=dict)
    short_names: dict[str, str] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)   # every name, alias and ticker -> canonical name

    def get(self, name: str) -> KbEntry | None:
        return self.entries.get(name)

    def listed_entry(self, surface: str) -> KbEntry | None:
        """The listed company a tagger-found ORG name is (its exact name or full listed name; never a
        bare ticker, which other firms wrote as their own short name in other markets and years)."""
        entry = self.entries.get(self.forms.get(surface, ""))
        if entry is None or entry.source != "listed" or surface in entry.tickers:
            return None
        return entry


def _str_list(row: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ModelAssetError(f"E111 {where}: field '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_entry(row: dict[str, Any], where: str, fixed_default: bool = True) -> KbEntry:
    """Validate one entity row; `where` is 'file:line' for the error message (which names the field)."""
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise ModelAssetError(f"E117 {where}: unknown field '{unknown[0]}' (fields: {', '.join(FIELDS)})")
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ModelAssetError(f"E110 {where}: field 'name' must be a non-empty string")
    label = row.get("label")
    if label not in LABELS:
        raise ModelAssetError(f"E112 {where}: field 'label' must be one of {sorted(LABELS)}, got {label!r}")
    kb_id = row.get("kb_id")
    if kb_id is not None and (not isinstance(kb_id, str) or not KB_ID.match(kb_id)):
        raise ModelAssetError(f"E113 {where}: field 'kb_id' must be null or a Wikidata id like Q123, got {kb_id!r}")
    affiliation = row.get("affiliation")
    if affiliation is not None and not isinstance(affiliation, str):
        raise ModelAssetError(f"E111 {where}: field 'affiliation' must be a string")
    fixed = row.get("fixed_name", fixed_default)
    if not isinstance(fixed, bool):
        raise ModelAssetError(f"E111 {where}: field 'fixed_name' must be true or false")
    return KbEntry(
        name=name.strip(), label=label, kb_id=kb_id, fixed_name=fixed,
        aliases=_str_list(row, "aliases", where), short_names=_str_list(row, "short_names", where),
        tickers=_str_list(row, "tickers", where), nationality=_str_list(row, "nationality", where),
        types=tuple(t.lower() for t in _str_list(row, "types", where)), affiliation=affiliation, origin=where,
    )


def read_entity_file(path: Path, source: str, shown: str | None = None) -> list[KbEntry]:
    """Every entry of one entity file, checked row by row and for forms claimed twice in the file.

    Aliases fold into the canonical name (fixed_name true) except in the curated gazetteer, whose
    names are reported as written (its short forms are how the news names those firms)."""
    entries, owners = [], {}
    for line_no, row in read_jsonl_asset(Path(path)):
        where = f"{shown or path}:{line_no}"
        entry = replace(parse_entry(row, where, fixed_default=source != "common"), source=source)
        for key, forms in (("name", (entry.name,)), ("aliases", entry.aliases), ("tickers", entry.tickers)):
            for form in forms:
                owner = owners.get(form)
                if owner is not None and owner != entry.name:
                    raise ModelAssetError(f"E114 {where}: field '{key}': {form!r} already belongs to {owner!r}")
                owners[form] = entry.name
        entries.append(entry)
    return entries


def read_user_file(path: Path) -> list[KbEntry]:
    """A [story] entity file; a malformed one is a configuration error (exit 2)."""
    try:
        return read_entity_file(path, "user")
    except ModelAssetError as exc:
        raise StoryFileError(str(exc)) from None


def load_kb(models_dir: Path, user_files: tuple[Path, ...] = ()) -> KnowledgeBase:
    """All layers (see the module docstring) and aliases_context.json, checked."""
    entries: dict[str, KbEntry] = {}
    forms: dict[str, str] = {}
    for path in user_files:
        for entry in read_user_file(Path(path)):
            _add_user(entry, entries, forms)
    context = read_json_asset(models_dir / "aliases_context.json")
    context_aliases = {k: v for k, v in context.items() if not k.startswith("_") and k not in forms}
    reserved = {form: AMBIGUOUS_PREFIX for form in context_aliases}   # no built-in entry takes these
    forms.update(reserved)
    for entry in read_entity_file(models_dir / STORY_FILE, "story", f"models/{STORY_FILE}"):
        _add_lower(entry, entries, forms)
    for name in (COMMON_FILE, LISTED_FILE):
        if (models_dir / name).exists():
            for entry in read_entity_file(models_dir / name, name.split("_")[1].split(".")[0], f"models/{name}"):
                if entry.label != "ORG":
                    raise ModelAssetError(f"E116 {entry.origin}: company rows must be ORG, got {entry.label!r}")
                _add_lower(entry, entries, forms)
    for form in reserved:
        del forms[form]
    for form, rule in context_aliases.items():
        unknown = [c for c in rule.get("candidates", {}) if c not in entries]
        if rule.get("default") not in entries or unknown:
            raise ModelAssetError(f"E115 {models_dir / 'aliases_context.json'}: {form!r} names unknown entities")
    shorts = {s: e.name for e in entries.values() for s in e.short_names}
    return KnowledgeBase(entries=entries, context_aliases=context_aliases, short_names=shorts, forms=forms)


def _add_user(entry: KbEntry, entries: dict[str, KbEntry], forms: dict[str, str]) -> None:
    """A later user file wins over an earlier one: the earlier entry of that name and its forms go."""
    old = entries.pop(entry.name, None)
    if old is not None:
        for form in old.forms:
            forms.pop(form, None)
    for form in entry.forms:
        owner = forms.get(form)
        if owner is not None and owner != entry.name:
            entries[owner] = _without_form(entries[owner], form)
        forms[form] = entry.name
    entries[entry.name] = entry


def _without_form(entry: KbEntry, form: str) -> KbEntry:
    return replace(entry, aliases=tuple(a for a in entry.aliases if a != form),
                   tickers=tuple(t for t in entry.tickers if t != form))


def _add_lower(entry: KbEntry, entries: dict[str, KbEntry], forms: dict[str, str]) -> None:
    """A built-in entry under the layers read before it: their names and forms stay theirs."""
    if entry.name in entries or forms.get(entry.name, entry.name) != entry.name:
        return  # the name itself belongs to a higher layer (a user entry overrides it)
    if entry.source == "listed" and any(a in forms for a in entry.aliases):
        return  # a listed company whose full name a higher layer knows is that entry already
    kept = tuple(f for f in entry.forms if f not in forms)
    for form in kept:
        forms[form] = entry.name
    entries[entry.name] = replace(entry, aliases=tuple(f for f in entry.aliases if f in kept),
                                  tickers=tuple(f for f in entry.tickers if f in kept))


def build_ruler_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Phrase patterns for the entity ruler: every name, alias and ticker, ORGs also with suffixes."""
    patterns: list[dict[str, Any]] = []
    for entry in kb.entries.values():
        if entry.source not in RULER_SOURCES:
            continue
        forms = set(entry.forms)
        if entry.label == "ORG":
            forms |= {f"{f} {s}" for f in (entry.name, *entry.aliases) for s in RULER_SUFFIXES}
        patterns.extend({"label": entry.label, "pattern": f, "id": entry.name} for f in sorted(forms))
    for form, rule in kb.context_aliases.items():
        patterns.append({"label": rule.get("label", "ORG"), "pattern": form, "id": AMBIGUOUS_PREFIX + form})
    return patterns


def common_forms(kb: KnowledgeBase) -> dict[str, str]:
    """Surface form -> canonical name for the gazetteer: common entries' names, aliases, tickers and
    suffixed names, and listed entries' exchange-qualified tickers ('7203.T', 'ABN.AS')."""
    out: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry.source == "listed":
            out.update({t: entry.name for t in entry.tickers if "." in t})
        if entry.source != "common":
            continue
        for form in entry.forms:
            out[form] = entry.name
        for form in (entry.name, *entry.aliases):
            for suffix in RULER_SUFFIXES:
                out.setdefault(f"{form} {suffix}", entry.name)
    return out
