"""Canonical entity names: KB aliases, suffixes, possessives, surnames, ambiguous names.

`collect_mentions` turns `doc.ents` into `Mention`s with canonical names. Only the
entity spans are visited, never every token of the document.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.nlp.kb import AMBIGUOUS_PREFIX, KnowledgeBase
from pipeline.nlp.textcache import doc_lower_text, headline_end


@dataclass(frozen=True)
class Mention:
    """One entity mention: token span, canonical name, label, KB id and grouping key.

    `key` is the KB entry name for KB entities, else "free:" + surface form.
    """

    start: int
    end: int
    name: str
    label: str
    kb_id: str | None
    key: str

    @property
    def in_kb(self) -> bool:
        return not self.key.startswith("free:")


@dataclass(frozen=True)
class EntityFilters:
    stop_names: frozenset[str]
    keep_labels: frozenset[str]
    suffixes: frozenset[str]
    prefixes: frozenset[str]
    org_heads: frozenset[str] = frozenset()
    media: frozenset[str] = frozenset()
    not_firms: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    candidate_labels: frozenset[str] = frozenset()
    name_linkers: frozenset[str] = frozenset()
    name_joiners: frozenset[str] = frozenset()
    reporting_only: frozenset[str] = frozenset()
    reporting_lemmas: frozenset[str] = frozenset()
    agency_countries: frozenset[str] = frozenset()
    agency_words: frozenset[str] = frozenset()
    public_body_words: frozenset[str] = frozenset()
    rating_agencies: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    thing_heads: frozenset[str] = frozenset()
    unit_words: frozenset[str] = frozenset()
    town_named_heads: frozenset[str] = frozenset()
    building_heads: frozenset[str] = frozenset()
    and_pairs: frozenset[tuple[str, str]] = frozenset()
    determiners: frozenset[str] = frozenset()
    nationalities: frozenset[str] = frozenset()
    region_units: frozenset[str] = frozenset()
    unit_nouns: frozenset[str] = frozenset()


def make_filters(data: dict[str, Any]) -> EntityFilters:
    return EntityFilters(
        stop_names=frozenset(s.casefold() for s in (*data.get("stop_names", []), *data.get("product_and_place_names", []))),
        keep_labels=frozenset(data.get("keep_labels", [])),
        suffixes=frozenset(s.casefold() for s in data.get("corporate_suffixes", [])),
        prefixes=frozenset(s.casefold() for s in data.get("strip_prefixes", [])),
        org_heads=frozenset(s.casefold() for s in data.get("org_head_words", [])),
        media=frozenset(s.casefold() for s in data.get("media_outlets", [])),
        not_firms=frozenset(s.casefold() for s in (*data.get("not_firm_names", []), *data.get("stop_names", []),
                                                   *data.get("product_and_place_names", []),
                                                   *data.get("media_outlets", []), *data.get("non_party_bodies", []))),
        person_titles=frozenset(s.casefold() for s in data.get("person_titles", [])),
        candidate_labels=frozenset(data.get("org_candidate_labels", [])),
        name_linkers=frozenset(s.casefold() for s in data.get("subsidiary_name_linkers", [])),
        name_joiners=frozenset(s.casefold() for s in data.get("name_joiners", [])),
        reporting_only=frozenset(data.get("reporting_only_names", [])),
        reporting_lemmas=frozenset(data.get("reporting_lemmas", [])),
        agency_countries=frozenset(s.casefold() for s in data.get("agency_country_modifiers", [])),
        agency_words=frozenset(s.casefold() for s in data.get("agency_words", [])),
        public_body_words=frozenset(s.casefold() for s in data.get("public_body_words", [])),
        rating_agencies=frozenset(s.casefold() for s in data.get("rating_agencies", [])),
        places=frozenset(data.get("place_names", [])),
        given_names=frozenset(data.get("given_names", [])),
        thing_heads=frozenset(s.casefold() for s in data.get("not_name_heads", [])),
        unit_words=frozenset(s.casefold() for s in data.get("unit_words", [])),
        town_named_heads=frozenset(s.casefold() for s in data.get("town_named_heads", [])),
        building_heads=frozenset(s.casefold() for s in data.get("building_heads", [])),
        and_pairs=frozenset((a.casefold(), b.casefold()) for a, b in data.get("fixed_and_pairs", [])),
        determiners=frozenset(s.casefold() for s in data.get("opening_determiners", [])),
        nationalities=frozenset(s.casefold() for s in data.get("nationality_words", [])),
        region_units=frozenset(data.get("region_unit_words", [])),
        unit_nouns=frozenset(data.get("region_unit_nouns", [])),
    )


def _name_word(tok, filters: EntityFilters) -> bool:
    """A capitalised word that may continue a company name (not a person's title nor another KB name)."""
    return (tok.is_title or (tok.is_upper and len(tok) > 1)) and tok.is_alpha and not tok.ent_id_ \
        and tok.lower_ not in filters.person_titles


def _place_word(tok) -> bool:
    """A place the tagger read on its own ('Japan') inside 'International Telecom Japan Inc'."""
    return tok.ent_type_ == "GPE" and tok.is_title and tok.is_alpha


def extended_end(span: Span, filters: EntityFilters) -> int:
    """Where an ORG name really ends when the tagger stopped early.

    'Renault do Brasil' (a linker word then a name word), 'Toshiba Elevator and Building
    Systems' / 'Mitsubishi Tokyo Financial Group' (name words, joined by 'and'/'&', ending in an
    org head word), 'Garuda Play' (a free name whose last word is a compound of the next word).
    """
    doc, end = span.doc, span.end
    if span.label_ != "ORG":
        return end
    if end + 1 < len(doc) and doc[end].lower_ in filters.name_linkers and _name_word(doc[end + 1], filters):
        return end + 2
    best, k = end, end
    while k < len(doc) and k - end < 6:
        tok = doc[k]
        if tok.lower_ in filters.name_joiners and best == end and k > end and k + 1 < len(doc) \
                and _name_word(doc[k + 1], filters):
            k += 1
            continue
        if not _name_word(tok, filters):
            break
        if tok.lower_ in filters.org_heads and tok.lower_ not in filters.suffixes:
            best = k + 1
        elif best > end:
            break  # the name ended at its head word: 'X Financial Group' then another name
        k += 1
    if best > end:
        return best
    last = span[-1]
    if last.lower_ in filters.suffixes:
        return end  # 'Reed International Plc. Reed ...', 'Inc EFH': a suffix closes the name
    if end + 2 < len(doc) and doc[end].lower_ in filters.name_joiners and _name_word(doc[end + 1], filters) \
            and not doc[end + 1].ent_type_ and doc[end + 2].lower_ in filters.suffixes and not span.ent_id_:
        return end + 2  # 'Provident Life' + 'and Accident Co': one firm up to its suffix
    k = end
    while k < len(doc) and k - end < 2 and (_name_word(doc[k], filters) or _place_word(doc[k])) \
            and doc[k].lower_ not in filters.suffixes:
        k += 1
    if end < k < len(doc) and doc[k].lower_ in filters.suffixes and not span.ent_id_:
        return k  # 'International Telecom' + 'Japan Inc': the name runs to its suffix
    if span.text.casefold() in filters.media:
        return end  # 'told Reuters Skanska will ...': the outlet, then the next sentence's subject
    while not span.ent_id_ and end < len(doc) and last.dep_ == "compound" and last.head.i == end \
            and doc[end].pos_ == "PROPN" and _name_word(doc[end], filters) \
            and doc[end].text.casefold() not in filters.not_firms \
            and not (doc[end].text in filters.places and end < headline_end(doc)):  # 'SHELL HAWAII GAS STATIONS'
        last, end = doc[end], end + 1
    return end


def guess_label(span: Span, filters: EntityFilters) -> str:
    """spaCy's label, except that a name ending in a company word ('... Pharma', '... Mining') is an ORG."""
    last = span[-1].lower_.rstrip(".")
    if span.label_ in ("PERSON", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART") and len(span) > 1 \
            and last in filters.org_heads:
        return "ORG"
    return span.label_


def clean_surface(span: Span, filters: EntityFilters) -> str:
    """Surface form without leading 'the', trailing possessive, suffix or punctuation."""
    words = [t.text for t in span]
    while words and words[0].casefold() in filters.prefixes:
        words.pop(0)
    while words and (words[-1] in ("'s", "\u2019s", "'", ",", ".", "-", ">", "<") or
                     (len(words) > 1 and words[-1].casefold() in filters.suffixes | filters.name_joiners)):
        words.pop()  # 'Kidder, Peabody and Co', 'Bank of America NT and SA': suffix and joiner go
    while len(words) > 1 and words[-1] in ("of", "de", "and", "&", "the"):
        words.pop()  # 'Ajinomoto Co Inc of (Japan)': the name ended before the linker
        while len(words) > 1 and words[-1].casefold() in filters.suffixes:
            words.pop()
    while words and (words[0] in ("<", ">", "-", ",") or (len(words) > 1 and "," in words[0] and words[0].replace(",", "").isdigit())):
        words.pop(0)  # '31,781,461 Caesars World' (shares counted before the name)
    if words and words[0].casefold() in filters.agency_countries and len(words) > 1 and words[1][:1].islower() \
            and words[1].casefold() not in filters.name_joiners:  # 'British and Commonwealth Holdings' stays
        words = words[1:]  # 'U.S. group CPC International'
        while words and words[0][:1].islower():
            words.pop(0)
    cut = next((k for k in range(1, len(words)) if words[k].casefold() in filters.suffixes
                and all(not w[:1].isupper() for w in words[k + 1:])), None)
    if cut is not None and cut + 1 < len(words):
        words = words[:cut]  # 'Maxxam Group Inc 4th (qtr)': nothing of the name follows its suffix
    if len(words) > 2 and words[0].casefold() in filters.agency_countries \
            and any(w.casefold() in filters.agency_words for w in words[1:]):
        words.pop(0)  # 'U.S. Agriculture Department' -> 'Agriculture Department'
    if words and words[-1].endswith(("'s", "\u2019s")) and len(words[-1]) > 2:
        words[-1] = words[-1][:-2]
    text = " ".join(words)
    return text.replace(" - ", "-").replace(" ,", ",").replace(" . ", ". ").replace(" 's ", "'s ").replace("( ", "(").replace(" )", ")").strip()


def is_public_body(name: str, filters: EntityFilters) -> bool:
    """Regulators, courts, exchanges: named beside deals, never parties to them."""
    last = name.split()[-1].casefold() if name.split() else ""
    return last in filters.public_body_words or last in filters.agency_words


def is_junk(name: str, filters: EntityFilters) -> bool:
    folded = name.casefold()
    if len(name) < 2 or folded in filters.stop_names:
        return True
    words = folded.replace(".", " ").split()
    if len(words) == 1 and folded in filters.org_heads:
        return True  # 'Bank', 'Securities', 'Fund': a company word with no name
    if any(w in filters.unit_words for w in words):
        return True  # 'H.K. dlrs'
    if len(words) > 1 and words[-1] in filters.thing_heads and not any(w in ("of", "on", "for") for w in words):
        return True  # 'Summitville mine', 'U.S. government'; not 'Commission on Good Government'

    if not any(c.isalpha() for c in name) or name == folded:
        return True
    return "\n" in name


def resolve_context_alias(form: str, doc: Doc, earlier: list[Mention], kb: KnowledgeBase) -> str:
    """Resolve a bare ambiguous name ('Mitsubishi'): earlier explicit mention, then cue words, then default."""
    rule = kb.context_aliases[form]
    candidates: dict[str, list[str]] = rule.get("candidates", {})
    for mention in reversed(earlier):
        if mention.name in candidates:
            return mention.name
    lowered = doc_lower_text(doc)
    scores = {name: sum(lowered.count(cue) for cue in cues) for name, cues in candidates.items()}
    best = max(scores, key=lambda n: scores[n]) if scores else rule["default"]
    return best if scores.get(best, 0) > 0 else rule["default"]


def resolve_person(text: str, earlier: list[Mention], kb: KnowledgeBase) -> str:
    """A bare surname resolves to the fullest earlier person with that last name, or a KB short name."""
    if " " in text:
        return text
    for mention in reversed(earlier):
        if mention.label == "PERSON" and mention.name.split()[-1] == text and mention.name != text:
            return mention.name
    return kb.short_names.get(text, text)


def canonical_for_span(span: Span, doc: Doc, earlier: list[Mention], kb: KnowledgeBase,
                       filters: EntityFilters) -> Mention | None:
    """The Mention for one entity span, or None when the span is not reported."""
    if earlier and span.start < earlier[-1].end:
        return None  # inside a name already extended over it
    end = extended_end(span, filters)
    if end > span.end:
        longer = clean_surface(span.doc[span.start:end], filters)
        return Mention(span.start, end, longer, "ORG", None, "free:" + longer)
    ent_id = span.ent_id_
    if ent_id.startswith(AMBIGUOUS_PREFIX):
        ent_id = resolve_context_alias(ent_id[len(AMBIGUOUS_PREFIX):], doc, earlier, kb)
    entry = kb.get(ent_id) if ent_id else None
    if entry is None and span.label_ not in filters.keep_labels:
        return None
    surface = clean_surface(span, filters)
    if entry is None:
        if is_junk(surface, filters):
            return None
        if span.label_ in ("PERSON", "ORG"):
            resolved = resolve_person(surface, earlier, kb)
            entry = kb.get(resolved)
            entry = None if entry is not None and entry.source == "listed" else entry
            listed = kb.listed_entry(surface) if span.label_ == "ORG" and resolved == surface else None
            if listed is not None:  # a listed company the tagger found: its canonical name, still a free name
                return Mention(span.start, span.end, listed.name, "ORG", None, "free:" + listed.name)
            surface = resolved if resolved != surface else surface
    if entry is not None:
        name = entry.name if entry.fixed_name else (surface or entry.name)
        label = entry.label
        return Mention(span.start, span.end, name, label, entry.kb_id, entry.name)
    suffixed = span.label_ == "ORG" and span[-1].lower_.rstrip(".") in filters.suffixes  # 'Gordon Jewelry Corp'
    label = "PERSON" if not suffixed and any(m.name == surface and m.label == "PERSON" for m in earlier) \
        else guess_label(span, filters)
    if label != "ORG" and any(m.name == surface and m.label == "ORG" for m in earlier):
        label = "ORG"
    return Mention(span.start, span.end, surface, label, None, "free:" + surface)


def unify_names(mentions: list[Mention], headline_end: int = 0, suffixed: frozenset[str] = frozenset()) -> list[Mention]:
    """Give every mention of one entity its fullest surface form (KB entries and free names).

    A free short name takes a longer name that contains it when that name was seen before it,
    or anywhere when the short name is in the headline (tokens before `headline_end`). A
    headline name that runs on past a firm the body writes in full with its suffix (`suffixed`)
    is that firm: 'First Boston Swiss affiliate' over 'First Boston Inc', 'Standard Oil
    committee' over 'Standard Oil Co'."""
    mentions = _cut_headline_run_ons(mentions, headline_end, suffixed)
    groups: dict[str, str] = {}
    for m in mentions:
        if len(m.name) > len(groups.get(m.key, "")):
            groups[m.key] = m.name
    first: dict[str, int] = {}
    for m in mentions:
        if not m.in_kb:
            first.setdefault(m.name, m.start)
    free = sorted(first, key=len, reverse=True)
    # a headline's short form may stand for a knowledge-base firm the body names in full ('JFE' ... 'JFE Holdings')
    kb_first: dict[str, int] = {}  # knowledge-base firm name -> where the story first names it
    for m in mentions:
        if m.in_kb and m.label == "ORG":
            kb_first.setdefault(groups[m.key], m.start)
    # longest first; between names of one length the one the story gives first (a set's order
    # changes from run to run: 'Tallis' in a headline must not turn into a person on some runs)
    everywhere = sorted(set(free) | set(kb_first), key=lambda n: (-len(n), first.get(n, kb_first.get(n, 0))))
    out = []
    for m in mentions:
        name = groups[m.key]
        key = m.key
        if not m.in_kb and m.label in ("ORG", "PERSON"):
            # a short form stands for a longer name only once that name has been seen
            # ('Corvalis Therapeutics ... Corvalis'); 'Siemens ... Siemens Healthineers' are two firms
            in_headline = m.start < headline_end
            known = {n for n, start in kb_first.items()
                     if start < m.start and len(n) > len(name) and f" {name} " in f" {n} "}
            if len(known) == 1 and not in_headline:  # 'Nippon' after 'Nippon Steel' and 'Nippon Steel North America'
                name = known.pop()
            else:
                seen = everywhere if in_headline else [n for n in free if first[n] <= m.start]
                name = _longest_containing(name, seen, shortened=in_headline)
            key = "free:" + name
        out.append(Mention(m.start, m.end, name, m.label, m.kb_id, key))
    return out


def _cut_headline_run_ons(mentions: list[Mention], headline_end: int, suffixed: frozenset[str]) -> list[Mention]:
    body = {m.name for m in mentions if m.start >= headline_end}
    cut: dict[str, str] = {}
    for m in mentions:
        if m.start < headline_end and not m.in_kb and m.name not in body:
            firms = [s for s in suffixed if s in body and m.name.startswith(s + " ")]
            if firms:
                cut[m.name] = max(firms, key=len)
    if not cut:
        return mentions
    return [replace(m, name=cut[m.name], key="free:" + cut[m.name]) if m.name in cut else m for m in mentions]


def _longest_containing(name: str, names: list[str], shortened: bool = False) -> str:
    """The longest name that contains `name`; with `shortened` (a headline), also one that
    has its words in order with the same first word ('Nichols Bank' for Nichols National Bank)."""
    padded = f" {name} "
    for other in names:
        if len(other) > len(name) and padded in f" {other} ":
            return other
    if shortened and len(name.split()) > 1:
        for other in names:
            if len(other) > len(name) and _in_order(name.split(), other.split()):
                return other
    return name


def _in_order(short: list[str], long: list[str]) -> bool:
    if short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(word in rest for word in short[1:])
