"""Deal, status and market-move rules read from models/ into typed objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset

EVENT_TYPES = ("merger", "acquisition", "investment", "divestment", "partnership")
STATUSES = ("proposed", "talks", "agreed", "completed", "collapsed", "denied")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    patient_preps: tuple[str, ...]
    requires_patient: bool = False


@dataclass(frozen=True)
class FrameWords:
    """The word lists of the deal frames in pipeline/nlp/frames.py (deal_rules.json "frame_words")."""

    talk_words: frozenset[str] = frozenset()
    part_words: frozenset[str] = frozenset()
    joint_adverbs: frozenset[str] = frozenset()
    frame_verbs: frozenset[str] = frozenset()
    ongoing_verbs: frozenset[str] = frozenset()
    vague_modifiers: frozenset[str] = frozenset()
    odds_nouns: frozenset[str] = frozenset()
    chooser_verbs: frozenset[str] = frozenset()
    permission_verbs: frozenset[str] = frozenset()   # 'in talks to let/allow Y build': optional list
    member_heads: frozenset[str] = frozenset()   # 'X, a junior partner in the Y-Z alliance': optional list
    complement_triggers: dict[str, frozenset[str]] = field(default_factory=dict)


FRAME_WORD_LISTS = ("talk_words", "part_words", "joint_adverbs", "frame_verbs", "ongoing_verbs",
                    "vague_modifiers", "odds_nouns", "chooser_verbs")


def _frame_words(table: Any, where: str) -> FrameWords:
    if not isinstance(table, dict):
        raise ModelAssetError(f"E121 {where}: frame_words must be an object")
    missing = [k for k in FRAME_WORD_LISTS + ("complement_triggers",) if k not in table]
    if missing:
        raise ModelAssetError(f"E121 {where}: frame_words lacks {', '.join(missing)}")
    lists = {k: frozenset(str(w) for w in table[k]) for k in FRAME_WORD_LISTS}
    complements = {str(verb): frozenset(words) for verb, words in table["complement_triggers"].items()}
    permission = frozenset(str(w) for w in table.get("permission_verbs", []))
    members = frozenset(str(w) for w in table.get("member_heads", []))
    return FrameWords(**lists, permission_verbs=permission, member_heads=members, complement_triggers=complements)


@dataclass(frozen=True)
class DealRules:
    verbs: dict[str, Trigger]
    phrasal: dict[str, Trigger]
    nouns: dict[str, Trigger]
    typeless_verbs: frozenset[str]
    typeless_nouns: frozenset[str]
    stake_nouns: frozenset[str]
    control_mods: frozenset[str]
    asset_nouns: frozenset[str]
    sell_verbs: frozenset[str]
    partnership_mods: frozenset[str]
    agent_from_object: frozenset[str]
    patient_from_object: frozenset[str]
    non_firm_patients: frozenset[str]
    sports_context: frozenset[str]
    product_context: frozenset[str]
    min_participants: dict[str, int]
    frame_heads: frozenset[str] = frozenset()
    recipient_verbs: frozenset[str] = frozenset()
    from_agent_nouns: frozenset[str] = frozenset()
    response_nouns: frozenset[str] = frozenset()
    sale_nouns: frozenset[str] = frozenset()
    traded_stake_nouns: frozenset[str] = frozenset()
    buy_verbs: frozenset[str] = frozenset()
    holder_sale_verbs: frozenset[str] = frozenset()
    join_declined_heads: frozenset[str] = frozenset()
    proxy_verbs: frozenset[str] = frozenset()
    unit_nouns: frozenset[str] = frozenset()
    owned_unit_nouns: frozenset[str] = frozenset()
    organ_nouns: frozenset[str] = frozenset()
    organ_deal_words: frozenset[str] = frozenset()
    security_nouns: frozenset[str] = frozenset()
    join_verbs: frozenset[str] = frozenset()
    join_needs_also: frozenset[str] = frozenset()
    join_objects: frozenset[str] = frozenset()
    type_precedence: tuple[tuple[str, str], ...] = ()
    control_frames: dict = field(default_factory=dict)
    framed_nouns: frozenset[str] = frozenset()
    framed_cues: frozenset[str] = frozenset()
    framed_merger: dict[str, frozenset[str]] = field(default_factory=dict)
    generic_object_mods: frozenset[str] = frozenset()
    equity_alliance_mods: frozenset[str] = frozenset()
    equity_alliance_unless: frozenset[str] = frozenset()
    existing_deal_verbs: frozenset[str] = frozenset()
    member_verbs: frozenset[str] = frozenset()
    frame_words: FrameWords = field(default_factory=lambda: FrameWords())
    amount_price_before: tuple[str, ...] = ()
    amount_not_before: tuple[str, ...] = ()
    amount_deal_nouns: tuple[str, ...] = ()
    whole_company_marks: frozenset[str] = frozenset()
    group_agents: frozenset[str] = frozenset()
    opponent_verbs: frozenset[str] = frozenset()
    control_words: tuple[str, ...] = ()
    control_denials: tuple[str, ...] = ()
    merger_terms: dict = field(default_factory=dict)
    co_parties: dict = field(default_factory=dict)
    group_members: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StatusRules:
    rank: dict[str, int]
    lemmas: dict[str, str]
    phrases: tuple[tuple[str, str], ...]
    modal_words: frozenset[str]
    future_words: frozenset[str]
    negation_dets: frozenset[str]
    past_words: frozenset[str] = frozenset()
    hedges: tuple[tuple[str, str], ...] = ()
    end_objects: frozenset[str] = frozenset()
    neutral_negated: frozenset[str] = frozenset()
    unilateral_lemmas: frozenset[str] = frozenset()
    plan_nouns: frozenset[str] = frozenset()
    partyless_statuses: frozenset[str] = frozenset()
    particle_collapse: tuple[tuple[str, str], ...] = ()
    unagreed_marks: tuple[str, ...] = ()
    acceptance_lemmas: frozenset[str] = frozenset()
    cessation_adverbs: tuple[tuple[str, str], ...] = ()
    verb_only_lemmas: frozenset[str] = frozenset()
    talks_openers: frozenset[str] = frozenset()
    talk_nouns: frozenset[str] = frozenset()
    bid_nouns: frozenset[str] = frozenset()
    past_only_lemmas: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    restating_nouns: frozenset[str] = frozenset()
    claim_nouns: frozenset[str] = frozenset()
    bid_launch_verbs: frozenset[str] = frozenset()
    other_deal_modifiers: frozenset[str] = frozenset()
    done_passive_lemmas: frozenset[str] = frozenset()
    pending_heads: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    mou_lemmas: frozenset[str] = frozenset()
    signing_nouns: frozenset[str] = frozenset()
    signing_ahead_heads: frozenset[str] = frozenset()
    move_measures: frozenset[str] = frozenset()
    move_subjects: frozenset[str] = frozenset()
    party_talk_verbs: frozenset[str] = frozenset()
    denial_predicates: frozenset[str] = frozenset()
    intent_heads: frozenset[str] = frozenset()


def _triggers(table: dict[str, Any], where: str) -> dict[str, Trigger]:
    out = {}
    for lemma, spec in table.items():
        if lemma.startswith("_"):
            continue
        if not isinstance(spec, dict) or spec.get("type") not in EVENT_TYPES:
            raise ModelAssetError(f"E120 {where}: trigger {lemma!r} needs a type in {EVENT_TYPES}")
        out[lemma] = Trigger(lemma, spec["type"], tuple(spec.get("patient_preps", [])),
                             bool(spec.get("requires_patient", False)))
    return out


def load_deal_rules(models_dir: Path) -> DealRules:
    path = models_dir / "deal_rules.json"
    data = read_json_asset(path, ("verb_triggers", "noun_triggers", "phrasal_triggers", "frame_words"))
    where = str(path)
    typeless = data.get("typeless_triggers", {})
    friends = data.get("false_friends", {})
    sets = {k: frozenset(data.get(k, [])) for k in (
        "stake_nouns", "control_modifiers", "asset_nouns", "sell_verbs", "partnership_noun_modifiers",
        "agent_from_object_verbs", "patient_from_object_verbs")}
    return DealRules(
        verbs=_triggers(data["verb_triggers"], where), phrasal=_triggers(data["phrasal_triggers"], where),
        nouns=_triggers(data["noun_triggers"], where),
        typeless_verbs=frozenset(typeless.get("verbs", [])), typeless_nouns=frozenset(typeless.get("nouns", [])),
        stake_nouns=sets["stake_nouns"], control_mods=sets["control_modifiers"], asset_nouns=sets["asset_nouns"],
        sell_verbs=sets["sell_verbs"], partnership_mods=sets["partnership_noun_modifiers"],
        agent_from_object=sets["agent_from_object_verbs"], patient_from_object=sets["patient_from_object_verbs"],
        non_firm_patients=frozenset(friends.get("non_firm_patients", [])),
        sports_context=frozenset(friends.get("sports_context", [])),
        product_context=frozenset(friends.get("product_context", [])),
        min_participants={k: int(v) for k, v in data.get("min_participants", {}).items()},
        frame_heads=frozenset(data.get("frame_heads", [])), recipient_verbs=frozenset(data.get("recipient_verbs", [])),
        from_agent_nouns=frozenset(data.get("from_agent_nouns", [])),
        response_nouns=frozenset(data.get("response_nouns", [])),
        sale_nouns=frozenset(data.get("sale_nouns", [])), proxy_verbs=frozenset(data.get("proxy_verbs", [])),
        unit_nouns=frozenset(data.get("unit_nouns", [])), owned_unit_nouns=frozenset(data.get("owned_unit_nouns", [])),
        organ_nouns=frozenset(data.get("organ_nouns", [])),
        organ_deal_words=frozenset(data.get("organ_deal_words", [])),
        security_nouns=frozenset(data.get("security_nouns", [])),
        traded_stake_nouns=frozenset(data.get("traded_stake_nouns", [])),
        buy_verbs=frozenset(data.get("buy_verbs", [])),
        holder_sale_verbs=frozenset(data.get("holder_sale_verbs", [])),
        join_declined_heads=frozenset(data.get("join_declined_heads", [])),
        join_verbs=frozenset(data.get("join_verbs", [])), join_needs_also=frozenset(data.get("join_needs_also", [])),
        join_objects=frozenset(data.get("join_objects", [])),
        type_precedence=_precedence(data.get("type_precedence", {}), where),
        control_frames=dict(data.get("control_frames", {})),
        framed_nouns=frozenset(data.get("framed_partnership", {}).get("nouns", [])),
        framed_cues=frozenset(data.get("framed_partnership", {}).get("purpose_cues", [])),
        framed_merger={k: frozenset(v) for k, v in data.get("framed_merger", {}).items()},
        generic_object_mods=frozenset(data.get("generic_object_mods", [])),
        equity_alliance_mods=frozenset(data.get("equity_alliance_modifiers", [])),
        equity_alliance_unless=frozenset(data.get("equity_alliance_unless", [])),
        existing_deal_verbs=frozenset(data.get("existing_deal_verbs", [])),
        member_verbs=frozenset(data.get("member_verbs", [])),
        frame_words=_frame_words(data["frame_words"], where),
        amount_price_before=tuple(data.get("amounts", {}).get("price_before", [])),
        amount_not_before=tuple(data.get("amounts", {}).get("not_before", [])),
        amount_deal_nouns=tuple(data.get("amounts", {}).get("deal_nouns_after", [])),
        whole_company_marks=frozenset(data.get("whole_company_marks", [])),
        group_agents=frozenset(data.get("group_agents", [])),
        opponent_verbs=frozenset(data.get("opponent_verbs", [])),
        control_words=tuple(data.get("control_denial", {}).get("control_words", [])),
        control_denials=tuple(data.get("control_denial", {}).get("denial_words", [])),
        merger_terms=dict(data.get("merger_terms", {})),
        co_parties=dict(data.get("co_parties", {})),
        group_members=dict(data.get("group_members", {})),
    )


def _precedence(table: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    for lemma, kind in table.items():
        if kind not in ("merger", "partnership"):
            raise ModelAssetError(f"E120 {where}: type_precedence {lemma!r} must be merger or partnership")
    return tuple(table.items())


def load_status_rules(models_dir: Path) -> StatusRules:
    path = models_dir / "status_rules.json"
    data = read_json_asset(path, ("rank", "lemmas", "phrases"))
    if set(data["rank"]) != set(STATUSES):
        raise ModelAssetError(f"E121 {path}: 'rank' must rank exactly {STATUSES}")
    lemmas: dict[str, str] = {}
    for status in sorted(data["lemmas"], key=lambda s: -data["rank"].get(s, 0)):
        for lemma in data["lemmas"][status]:
            lemmas.setdefault(lemma, status)
    phrases = tuple((p, s) for s in STATUSES for p in data["phrases"].get(s, []))
    return StatusRules(
        rank=dict(data["rank"]), lemmas=lemmas, phrases=phrases,
        modal_words=frozenset(data.get("modal_words", [])), future_words=frozenset(data.get("future_words", [])),
        negation_dets=frozenset(data.get("negation_dets", [])),
        past_words=frozenset(data.get("past_context_words", [])),
        hedges=tuple((ph, st) for st in STATUSES for ph in data.get("hedges", {}).get(st, [])),
        end_objects=frozenset(data.get("end_objects", [])),
        neutral_negated=frozenset(data.get("neutral_negated", [])),
        unilateral_lemmas=frozenset(data.get("unilateral_lemmas", [])),
        plan_nouns=frozenset(data.get("plan_nouns", [])),
        partyless_statuses=frozenset(data.get("partyless_statuses", STATUSES)),
        particle_collapse=tuple((v, p) for v, ps in data.get("particle_collapse", {}).items() for p in ps),
        unagreed_marks=tuple(data.get("unagreed_marks", [])),
        acceptance_lemmas=frozenset(data.get("acceptance_lemmas", [])),
        cessation_adverbs=tuple((a, n) for a, ns in data.get("cessation_adverbs", {}).items() for n in ns),
        verb_only_lemmas=frozenset(data.get("verb_only_lemmas", [])),
        talks_openers=frozenset(data.get("talks_openers", [])),
        talk_nouns=frozenset(data.get("talk_nouns", [])),
        bid_nouns=frozenset(data.get("bid_nouns", [])),
        past_only_lemmas=frozenset(data.get("past_only_lemmas", [])),
        conditional_marks=frozenset(data.get("conditional_marks", [])),
        restating_nouns=frozenset(data.get("restating_nouns", [])),
        claim_nouns=frozenset(data.get("claim_nouns", [])),
        bid_launch_verbs=frozenset(data.get("bid_launch_verbs", [])),
        other_deal_modifiers=frozenset(data.get("other_deal_modifiers", [])),
        done_passive_lemmas=frozenset(data.get("done_passive_lemmas", [])),
        pending_heads=frozenset(data.get("pending_completion_heads", [])),
        reporting_verbs=frozenset(data.get("reporting_verbs", [])),
        mou_lemmas=frozenset(data.get("mou_lemmas", [])),
        signing_nouns=frozenset(data.get("signing_nouns", [])),
        signing_ahead_heads=frozenset(data.get("signing_ahead_heads", [])),
        move_measures=frozenset(data.get("move_measures", [])),
        move_subjects=frozenset(data.get("move_subjects", [])),
        party_talk_verbs=frozenset(data.get("party_talk_verbs", [])),
        denial_predicates=frozenset(data.get("denial_predicates", [])),
        intent_heads=frozenset(data.get("intent_heads", [])),
    )


def load_moves_rules(models_dir: Path) -> dict[str, frozenset[str]]:
    """Word lists as frozensets; 'qualified_share_nouns' ({noun: [modifiers]}) as 'noun modifier' pairs."""
    path = models_dir / "moves_rules.json"
    data = read_json_asset(path, ("up_verbs", "down_verbs", "share_nouns"))
    out: dict[str, frozenset[str]] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            if not all(isinstance(v, str) and v for v in value):
                raise ModelAssetError(f"E120 {path}: '{key}' must be a list of non-empty strings")
            out[key] = frozenset(v.lower() for v in value)
    qualified = data.get("qualified_share_nouns", {})
    if not isinstance(qualified, dict):
        raise ModelAssetError(f"E120 {path}: 'qualified_share_nouns' must be an object of lists")
    pairs = set()
    for noun, mods in qualified.items():
        if noun.startswith("_"):
            continue
        if not isinstance(mods, list) or not all(isinstance(m, str) and m for m in mods):
            raise ModelAssetError(f"E120 {path}: qualified_share_nouns[{noun!r}] must be a list of strings")
        pairs.update(f"{noun.lower()} {m.lower()}" for m in mods)
    out["qualified_share_nouns"] = frozenset(pairs)
    out["qualified_heads"] = frozenset(p.split(" ")[0] for p in pairs)
    return out
