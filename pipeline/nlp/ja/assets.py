"""The Japanese rule files under models/, validated into frozen records."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset

JA_FILES = ("ja_entities.json", "ja_deal_rules.json", "ja_moves_rules.json")
STATUSES = ("proposed", "talks", "agreed", "completed", "collapsed", "denied")
TYPES = ("merger", "acquisition", "investment", "divestment", "partnership")


@dataclass(frozen=True)
class JaNames:
    aliases: dict[str, tuple[str, ...]]          # canonical name -> Japanese forms
    short_names: dict[str, tuple[str, ...]]      # canonical name -> surnames (need a title after)
    titles: tuple[str, ...]
    other_firms: tuple[str, ...]
    media: frozenset[str]
    ner_labels: dict[str, str]                   # GiNZA (ENE) label -> ORG / PERSON / GPE
    corporate_affixes: tuple[str, ...]
    not_names: frozenset[str]
    intro_words: tuple[str, ...] = ()
    firm_suffixes: tuple[str, ...] = ()
    not_name_suffixes: tuple[str, ...] = ()
    not_entities: tuple[str, ...] = ()
    media_suffixes: tuple[str, ...] = ()         # 中央通信社, 英紙: a news organisation, never a party
    place_prefixes: tuple[str, ...] = ()         # 台湾Minimum Studios: a place written before a name


@dataclass(frozen=True)
class JaDealRules:
    triggers: dict[str, tuple[str, ...]]
    trigger_not: tuple[str, ...]
    joiners: tuple[str, ...]
    neutral: tuple[str, ...]
    status_rules: tuple[tuple[str, tuple[str, ...]], ...]
    default_after: tuple[tuple[str, tuple[str, ...]], ...]
    status_rank: tuple[str, ...]
    typeless: tuple[str, ...]
    trigger_less_status: frozenset[str]
    roles: dict[str, Any]
    confidence: dict[str, float]
    needs_shares: tuple[str, ...] = ()
    control_words: tuple[str, ...] = ()
    to_divestment: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    control_triggers: tuple[str, ...] = ()
    amount_words: tuple[str, ...] = ()
    done_announced: tuple[str, ...] = ()   # 子会社化したと発表: a deal done, then announced
    asset_words: tuple[str, ...] = ()      # 事業を…から取得: assets bought from a firm
    hostile_marks: tuple[str, ...] = ()    # 同意なきTOB: a hostile bid is proposed


@dataclass(frozen=True)
class JaMoveRules:
    stock_words: tuple[str, ...]
    up: tuple[str, ...]
    down: tuple[str, ...]
    pct_up_suffix: tuple[str, ...]
    pct_down_suffix: tuple[str, ...]
    not_moves: tuple[str, ...]


@dataclass(frozen=True)
class JaRules:
    names: JaNames
    deals: JaDealRules
    moves: JaMoveRules
    digest: str


def _words(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ModelAssetError(f"E160 {path}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _word_map(data: dict[str, Any], key: str, path: Path) -> dict[str, tuple[str, ...]]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ModelAssetError(f"E161 {path}: '{key}' must be an object of word lists")
    return {k: _words(value, k, path) for k in value}


def _status_list(data: dict[str, Any], key: str, path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for n, item in enumerate(data.get(key, [])):
        if not (isinstance(item, list) and len(item) == 2 and item[0] in STATUSES):
            raise ModelAssetError(f"E162 {path}: {key}[{n}] must be [status, [cue, ...]] with a contract status")
        out.append((item[0], _words({"cues": item[1]}, "cues", path)))
    return tuple(out)


def load_names(path: Path) -> JaNames:
    data = read_json_asset(path, required=("aliases", "titles", "ner_labels"))
    labels = {ene: ours for ours, enes in _word_map(data, "ner_labels", path).items() for ene in enes}
    return JaNames(aliases=_word_map(data, "aliases", path), short_names=_word_map(data, "short_names", path),
                   titles=_words(data, "titles", path), other_firms=_words(data, "other_firms", path),
                   media=frozenset(_words(data, "media", path)), ner_labels=labels,
                   corporate_affixes=_words(data, "corporate_affixes", path),
                   not_names=frozenset(_words(data, "not_names", path)),
                   intro_words=_words(data, "intro_words", path), firm_suffixes=_words(data, "firm_suffixes", path),
                   not_name_suffixes=_words(data, "not_name_suffixes", path),
                   not_entities=_words(data, "not_entities", path),
                   media_suffixes=_words(data, "media_suffixes", path),
                   place_prefixes=_words(data, "place_prefixes", path))


def load_deal_rules(path: Path) -> JaDealRules:
    data = read_json_asset(path, required=("triggers", "status_rules", "status_rank", "roles"))
    triggers = _word_map(data, "triggers", path)
    if bad := sorted(set(triggers) - set(TYPES)):
        raise ModelAssetError(f"E163 {path}: unknown event type(s) in triggers: {', '.join(bad)}")
    rank = _words(data, "status_rank", path)
    if sorted(rank) != sorted(STATUSES):
        raise ModelAssetError(f"E164 {path}: status_rank must list each contract status once")
    return JaDealRules(
        triggers=triggers, trigger_not=_words(data, "trigger_not", path), joiners=_words(data, "joiners", path),
        neutral=_words(data, "neutral", path), status_rules=_status_list(data, "status_rules", path),
        default_after=_status_list(data, "default_after", path), status_rank=rank,
        typeless=_words(data, "typeless", path),
        trigger_less_status=frozenset(_words(data, "trigger_less_status", path)),
        roles=data["roles"], confidence={k: float(v) for k, v in data.get("confidence", {}).items()},
        needs_shares=_words(data, "needs_shares", path), control_words=_words(data, "control_words", path),
        to_divestment=_words(data, "to_divestment", path), negations=_words(data, "negations", path),
        control_triggers=_words(data, "control_triggers", path), amount_words=_words(data, "amount_words", path),
        done_announced=_words(data, "done_announced", path), asset_words=_words(data, "asset_words", path),
        hostile_marks=_words(data, "hostile_marks", path))


def load_move_rules(path: Path) -> JaMoveRules:
    data = read_json_asset(path, required=("stock_words", "up", "down"))
    return JaMoveRules(*(_words(data, k, path) for k in (
        "stock_words", "up", "down", "pct_up_suffix", "pct_down_suffix", "not_moves")))


def hash_ja_models(root: Path) -> str:
    digest = hashlib.sha256()
    for name in JA_FILES:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=4)
def load_ja_rules(models_dir: str) -> JaRules:
    """Every Japanese rule file of `models_dir`, validated (ModelAssetError names the file)."""
    root = Path(models_dir)
    return JaRules(names=load_names(root / "ja_entities.json"), deals=load_deal_rules(root / "ja_deal_rules.json"),
                   moves=load_move_rules(root / "ja_moves_rules.json"), digest=hash_ja_models(root))
