"""newsmon's registered spaCy components (added after the statistical NER).

    newsmon_canonicalise  doc.ents -> doc._.nm_mentions (canonical names) and doc._.nm_ctx
    newsmon_nominals      "the Taiwanese electronics maker" -> a firm name in doc._.nm_ctx
    newsmon_amounts       money amounts -> doc._.nm_amounts
    newsmon_deals         deal events -> doc._.nm_events (records.DealEvent)
    newsmon_moves         share-price moves -> doc._.nm_moves (records.MarketMove)
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import filter_spans
from spacy.tokens import Doc, Span

from pipeline.nlp.co_parties import add_co_parties
from pipeline.nlp.group_members import add_group_members
from pipeline.nlp.context_parties import complete_from_context
from pipeline.nlp.textcache import drop_text_cache, headline_end
from pipeline.nlp.context_status import settle_context_status
from pipeline.nlp.crosstype import fold_stake_readings
from pipeline.nlp.acronyms import fullest_firm_names, resolve_acronyms, story_firms_over_kb_names
from pipeline.nlp.amounts import find_amounts
from pipeline.nlp.canon import Mention, canonical_for_span, is_public_body, unify_names
from pipeline.nlp.conjoined import shared_surnames
from pipeline.nlp.confidence import event_features, load_confidence_model, score_events
from pipeline.nlp.merger_terms import mergers_as_takeovers
from pipeline.nlp.status_model import decide_status, load_status_model, status_features
from pipeline.nlp.control_denials import split_control_denials
from pipeline.nlp.deal_amounts import pick_amount
from pipeline.nlp.article_status import choose_status
from pipeline.nlp.deals import (
    build_trigger_matcher, complete_mentions, drop_false_friends, frame_partnerships, merge_mentions, read_mentions,
)
from pipeline.nlp.firm_filter import described_firms, keep_firm_parties
from pipeline.nlp.kb import common_forms
from pipeline.nlp.joiners import add_joiners, drop_headline_echoes, drop_quoted_echoes, joiner_tokens, unite_doubles
from pipeline.nlp.moves import build_move_matcher, find_moves
from pipeline.nlp.nominals import find_nominals
from pipeline.nlp.records_build import make_deal_event, make_move
from pipeline.nlp.resources import Resources, load_resources
from pipeline.nlp.respan import respan_entities
from pipeline.nlp.roles import PAIR_HEADS, DocContext, names_at

for _attr in ("nm_mentions", "nm_ctx", "nm_amounts", "nm_events", "nm_event_features", "nm_moves"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class Canonicaliser:
    def __init__(self, res: Resources):
        self.res = res

    def __call__(self, doc: Doc) -> Doc:
        respan_entities(doc, self.res.filters)
        mentions: list[Mention] = []
        for span in doc.ents:
            mention = canonical_for_span(span, doc, mentions, self.res.kb, self.res.filters)
            if mention is not None:
                mentions.append(mention)
        filters = self.res.filters
        mentions = shared_surnames(mentions, doc, filters)
        suffixed = frozenset(m.name for m in mentions if m.label == "ORG" and doc[m.end - 1].lower_ in filters.suffixes)
        mentions = fullest_firm_names(resolve_acronyms(unify_names(mentions, headline_end(doc), suffixed)), doc)
        mentions = story_firms_over_kb_names(mentions, headline_end(doc), filters.places)
        mentions = described_firms(doc, mentions, self.res.nominals.firm_heads, filters)
        tok2name = {i: m.name for m in mentions if m.label == "ORG" and m.name.casefold() not in filters.media
                    and m.name.casefold() not in filters.not_firms and not is_public_body(m.name, filters)
                    for i in range(m.start, m.end)}
        ctx = DocContext(tok2name, reject=filters.not_firms, proxy_verbs=self.res.deals.proxy_verbs,
                         reporting_verbs=filters.reporting_lemmas,
                         thing_heads=filters.building_heads | filters.thing_heads,
                         unit_nouns=self.res.deals.unit_nouns, organ_nouns=self.res.deals.organ_nouns,
                         organ_deal_words=self.res.deals.organ_deal_words, group_agents=self.res.deals.group_agents,
                         group_heads=self.res.nominals.group_heads or frozenset(PAIR_HEADS),
                         pair_nouns=self.res.nominals.pair_nouns)
        ctx.cand2name = org_like_candidates(doc, mentions, filters)
        ctx.full_names = tuple(m.name for m in mentions if m.label in ("ORG", *filters.candidate_labels))
        for m in mentions:
            root = doc[m.start:m.end].root
            if m.label == "ORG" and root.dep_ in ("nsubj", "nsubjpass"):
                ctx.subjects.append((root.i, names_at(root, ctx)))
        doc._.nm_mentions = mentions
        doc._.nm_ctx = ctx
        return doc


def org_like_candidates(doc: Doc, mentions: list[Mention], filters) -> dict[int, str]:
    """Token -> name for non-ORG free mentions that may be firms the NER mislabelled.

    Places, nationalities, titled people and reporters are excluded; the names count as firms
    only where they fill a deal or share-move slot (roles.org_candidate).
    """
    out: dict[int, str] = {}
    for m in mentions:
        if m.in_kb or m.label not in filters.candidate_labels or m.name.casefold() in filters.not_firms \
                or m.name in filters.places:
            continue
        if m.label == "NORP" and m.end - m.start < 2:
            continue
        if m.label == "PERSON" and _titled(doc, m, filters):
            continue
        for i in range(m.start, m.end):
            out[i] = m.name
    return out


def _titled(doc: Doc, m: Mention, filters) -> bool:
    """'chief executive X', 'X, the CEO', 'Mr X': a person, not a firm."""
    window = doc[max(m.start - 3, 0):min(m.end + 3, len(doc))]
    return any(t.lower_.rstrip(".") in filters.person_titles for t in window)


class Gazetteer:
    """Widely covered companies (models/companies_common.jsonl) as ORG, after the statistical NER.

    Lower priority than the story KB (its ruler spans are kept) and than a longer ORG the NER
    found around the name ('Nomura Securities', 'Kyowa Kirin'); replaces a mislabel of the same
    name ('Rivian' NORP, 'Itochu' GPE) and adds names the NER missed. A name that is also an index
    ('the Nikkei', models/entity_filters.json reporting_only_names) counts only where it reports."""

    def __init__(self, nlp: Language, res: Resources):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms = common_forms(res.kb)
        by_name: dict[str, list[str]] = {}
        for form, name in forms.items():
            by_name.setdefault(name, []).append(form)
        for name, fs in by_name.items():
            self.matcher.add(name, list(nlp.tokenizer.pipe(fs)))
        self.filters = res.filters

    def __call__(self, doc: Doc) -> Doc:
        found = self.matcher(doc, as_spans=True)
        matches = [sp for sp in found
                   if sp.label_ not in self.filters.reporting_only or reports(sp, self.filters.reporting_lemmas)]
        drop_index_readings(doc, [sp for sp in found if sp not in matches])
        if not matches:
            return doc
        ents = list(doc.ents)
        owner = {}
        for k, ent in enumerate(ents):
            for i in range(ent.start, ent.end):
                owner[i] = k
        drop: set[int] = set()
        new: list[Span] = []
        spans = filter_spans(matches)
        starts = [sp.start for sp in spans]
        for span in spans:
            hit = {owner[i] for i in range(span.start, span.end) if i in owner}
            if any(self._keeps(ents[k], span, starts) for k in hit):
                continue
            drop |= hit
            new.append(Span(doc, span.start, span.end, label="ORG", span_id=span.label_))
        if new:
            doc.ents = filter_spans([e for k, e in enumerate(ents) if k not in drop] + new)
        return doc


    @staticmethod
    def _keeps(ent: Span, span: Span, starts: list[int]) -> bool:
        """Does an existing entity win over a gazetteer match it overlaps?"""
        longer = ent.start < span.start or ent.end > span.end
        if ent.label_ == "PERSON" and ent.start < span.start and ent.end == span.end:
            return True  # 'Nigel Lawson', 'Michael Dell': a surname, not the company
        if ent.ent_id_:  # the story KB wins unless the gazetteer name contains it ('Toyota Industries')
            return not (span.start <= ent.start and ent.end <= span.end and (ent.end - ent.start) < len(span))
        if ent.label_ != "ORG" or not longer:
            return False
        # a longer ORG the NER found ('Nomura Securities', 'Kyowa Kirin') wins, unless it glues two
        # known names ('Tapestry-Capri', 'Inpex and TotalEnergies') or trails a lowercase word
        others = sum(1 for s in starts if ent.start <= s < ent.end)
        edges_ok = ent[0].text[:1].isupper() and ent[-1].text[:1].isupper()
        return others == 1 and edges_ok


def drop_index_readings(doc: Doc, indexes: list[Span]) -> None:
    """'the benchmark Nikkei share average': the tagger's ORG on a name that is here the index,
    not the newspaper, is no entity."""
    spots = {(sp.start, sp.end) for sp in indexes}
    if spots and any((e.start, e.end) in spots and e.label_ == "ORG" and not e.ent_id_ for e in doc.ents):
        doc.ents = [e for e in doc.ents if not ((e.start, e.end) in spots and e.label_ == "ORG" and not e.ent_id_)]


def reports(span: Span, lemmas: frozenset[str]) -> bool:
    """'the Nikkei reported', 'first reported by the Nikkei', 'according to the Nikkei': a news source."""
    root = span.root
    for _ in range(3):  # 'the Nikkei business daily reported'
        root = root.head if root.dep_ in ("compound", "appos") else root
    head = root.head
    if root.dep_ == "nsubj":
        return head.lemma_.lower() in lemmas
    if root.dep_ == "pobj" and head.lower_ == "by":
        return head.head.lemma_.lower() in lemmas
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


class NominalResolver:
    def __init__(self, nlp: Language, res: Resources):
        self.res = res
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("NOMINAL", [[{"LOWER": {"IN": sorted(res.nominals.heads)}, "TAG": "NN"}]])

    def __call__(self, doc: Doc) -> Doc:
        ctx: DocContext = doc._.nm_ctx
        heads = [doc[start] for _m, start, _e in self.matcher(doc)]
        if heads and ctx is not None:
            ctx.tok2name.update(find_nominals(doc, heads, doc._.nm_mentions, self.res.kb, self.res.nominals))
        return doc


class DealReader:
    def __init__(self, nlp: Language, res: Resources, models_dir: str):
        self.res = res
        self.matcher = build_trigger_matcher(nlp.vocab, res.deals)
        self.confidence = load_confidence_model(Path(models_dir)) if models_dir else None
        self.status_model = load_status_model(Path(models_dir)) if models_dir else None
        self.keep_features = False

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        if not matches or doc._.nm_ctx is None:
            doc._.nm_events = []
            return doc
        mentions = read_mentions(doc, matches, doc._.nm_ctx, self.res.deals, self.res.status)
        frame_partnerships(doc, mentions, self.res.deals)
        complete_from_context(doc, mentions, doc._.nm_ctx, self.res.kb, self.res.context)
        settle_context_status(doc, mentions, self.res.status, self.res.context)
        complete_mentions(doc, mentions, doc._.nm_ctx, self.res.deals, self.res.filters)
        events = drop_false_friends(doc, merge_mentions(mentions, self.res.deals, self.res.status, doc), self.res.deals)
        events = add_joiners(doc, joiner_tokens(doc, matches, self.res.deals), events, doc._.nm_ctx, self.res.deals)
        events = drop_quoted_echoes(doc, drop_headline_echoes(doc, unite_doubles(doc, events, self.res.deals)))
        events = fold_stake_readings(doc, events, self.res.deals)
        events = keep_firm_parties(doc, events, doc._.nm_mentions or [], self.res.filters)
        events = add_group_members(doc, events, doc._.nm_ctx, self.res.deals, self.res.filters)
        events = add_co_parties(doc, events, doc._.nm_ctx, self.res.deals)
        events = split_control_denials(doc, events, self.res.deals)
        events = mergers_as_takeovers(doc, events, doc._.nm_ctx, self.res.deals)
        amounts = doc._.nm_amounts or []
        statuses = [choose_status(ev, self.res.status, doc) for ev in events]
        status_feats = ([status_features(doc, ev, st, self.res.status) for ev, st in zip(events, statuses)]
                        if self.status_model is not None or self.keep_features else [[] for _ in events])
        if self.status_model is not None:
            statuses = [decide_status(self.status_model, f, st, doc, ev, self.res.status)
                        for f, st, ev in zip(status_feats, statuses, events)]
        read = [make_deal_event(doc, ev, status, pick_amount(doc, ev, amounts, self.res.deals), conf)
                for ev, status, conf in zip(events, statuses, score_events(doc, events, statuses, self.confidence))]
        if self.keep_features:  # the training recipe reads every event with what it rested on
            doc._.nm_event_features = [(de, event_features(doc, ev, st, events), sf)
                                       for de, ev, st, sf in zip(read, events, statuses, status_feats)]
        floor = self.confidence.min_confidence if self.confidence is not None else 0.0
        doc._.nm_events = [de for de in read if de.confidence >= floor]
        promote_candidates(doc, {n for ev in events for n in ev.roles})
        return doc


def promote_candidates(doc: Doc, names: set[str]) -> None:
    """Org-like names that fill a deal or move slot are firms: report them as ORG entities."""
    ctx: DocContext = doc._.nm_ctx
    used = {n: span for n, span in ctx.used.items() if n in names}
    if not used:
        return
    mentions = list(doc._.nm_mentions or [])
    known = {m.name for m in mentions}
    mentions = [replace(m, label="ORG") if m.name in used and m.label != "ORG" else m for m in mentions]
    for name, (start, end) in used.items():
        if name not in known:
            mentions.append(Mention(start, end, name, "ORG", None, "free:" + name))
    doc._.nm_mentions = sorted(mentions, key=lambda m: m.start)


class MoveReader:
    def __init__(self, nlp: Language, res: Resources):
        self.res = res
        self.matcher = build_move_matcher(nlp.vocab, res.moves)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        ctx = doc._.nm_ctx
        hits = find_moves(doc, matches, ctx, self.res.moves, headline_end(doc)) if matches and ctx is not None else []
        doc._.nm_moves = [make_move(h) for h in hits]
        if hits:
            promote_candidates(doc, {h.entity for h in hits})
        drop_text_cache(doc)   # the last newsmon component: the cache must not travel with the Doc
        return doc


def _res(models_dir: str, entity_files: list[str]) -> Resources:
    return load_resources(Path(models_dir), tuple(entity_files))


@Language.factory("newsmon_canonicalise", default_config={"models_dir": "", "entity_files": []})
def make_canonicaliser(nlp: Language, name: str, models_dir: str, entity_files: list[str]) -> Canonicaliser:
    return Canonicaliser(_res(models_dir, entity_files))


@Language.factory("newsmon_gazetteer", default_config={"models_dir": "", "entity_files": []})
def make_gazetteer(nlp: Language, name: str, models_dir: str, entity_files: list[str]) -> Gazetteer:
    return Gazetteer(nlp, _res(models_dir, entity_files))


@Language.factory("newsmon_nominals", default_config={"models_dir": "", "entity_files": []})
def make_nominal_resolver(nlp: Language, name: str, models_dir: str, entity_files: list[str]) -> NominalResolver:
    return NominalResolver(nlp, _res(models_dir, entity_files))


@Language.component("newsmon_amounts")
def mark_amounts(doc: Doc) -> Doc:
    doc._.nm_amounts = find_amounts(doc.text)
    return doc


@Language.factory("newsmon_deals", default_config={"models_dir": "", "entity_files": []})
def make_deal_reader(nlp: Language, name: str, models_dir: str, entity_files: list[str]) -> DealReader:
    return DealReader(nlp, _res(models_dir, entity_files), models_dir)


@Language.factory("newsmon_moves", default_config={"models_dir": "", "entity_files": []})
def make_move_reader(nlp: Language, name: str, models_dir: str, entity_files: list[str]) -> MoveReader:
    return MoveReader(nlp, _res(models_dir, entity_files))
