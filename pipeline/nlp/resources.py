"""Everything the components read from models/, loaded once per process and directory."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.nlp.assets import hash_models, read_json_asset
from pipeline.nlp.canon import EntityFilters, make_filters
from pipeline.nlp.context_parties import ContextRules, load_context_rules
from pipeline.nlp.kb import KnowledgeBase, load_kb
from pipeline.nlp.nominals import NominalRules, make_nominal_rules
from pipeline.nlp.rules import DealRules, StatusRules, load_deal_rules, load_moves_rules, load_status_rules


@dataclass(frozen=True)
class Resources:
    kb: KnowledgeBase
    filters: EntityFilters
    nominals: NominalRules
    deals: DealRules
    status: StatusRules
    moves: dict[str, frozenset[str]]
    digest: str
    context: ContextRules = ContextRules()


def load_resources(models_dir: Path, entity_files: tuple[Path, ...] | list[str] = ()) -> Resources:
    """Load and validate every models/ asset and the story's entity files (errors name file and line).

    Cached per directory, entity files and their content, so an edited story file is read again."""
    files = tuple(str(Path(p).resolve()) for p in entity_files)
    return _cached_resources(str(Path(models_dir).resolve()), files, _files_digest(files))


def _files_digest(files: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(b"<missing>")   # load_kb reports it, naming the file
    return digest.hexdigest()[:12]


@lru_cache(maxsize=8)
def _cached_resources(models_dir: str, entity_files: tuple[str, ...], files_digest: str) -> Resources:
    root = Path(models_dir)
    digest = hash_models(root)
    return Resources(
        kb=load_kb(root, tuple(Path(p) for p in entity_files)),
        filters=make_filters({**read_json_asset(root / "entity_filters.json"),
                              "place_names": read_places(root),
                              "given_names": read_name_list(root / "given_names.json")}),
        nominals=make_nominal_rules(read_json_asset(root / "nominals.json")),
        deals=load_deal_rules(root),
        status=load_status_rules(root),
        moves=load_moves_rules(root),
        digest=digest if not entity_files else hashlib.sha256(f"{digest}{files_digest}".encode()).hexdigest()[:12],
        context=load_context_rules(root),
    )


def read_places(root: Path) -> list[str]:
    """models/places.json (pipeline.nlp.build_places); a models folder without it has none."""
    return read_name_list(root / "places.json")


def read_name_list(path: Path) -> list[str]:
    """A built {"names": [...]} list (places, given names); a models folder without it has none."""
    return read_json_asset(path, ("names",))["names"] if path.exists() else []


def write_name_list(path: Path, names: list[str], about: str) -> None:
    """Write a {"_doc", "names"} list that read_name_list reads (the build_* recipes)."""
    doc = {"_doc": about, "names": names}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def clear_resource_cache() -> None:
    _cached_resources.cache_clear()
