"""Entity spans the small tagger cuts or glues, mended before names are canonicalised.

Measured on real wire copy (Reuters dev set), the statistical NER:
- glues a possessive onto the next name: "Cannon Group's Screen Entertainment" is two firms;
- splits a firm named "X and Y" when a corporate suffix follows ("Tate and Lyle PLC",
  "Clayton and Dubilier Inc") or the name repeats a word ("Johnson and Johnson");
- swallows a parenthesised abbreviation: "Banca Nazionale del Lavoro (BNL)";
- reads "Javier Espinosa" as a first name and a knowledge-base surname ("Espinosa");
- glues two names at 'and' or cuts one at its commas (pipeline.nlp.conjoined);
- takes a home town ('of Racine, Wis.'), a headline's place ('NESTLE CANADA CAN OPERATIONS') or
  a building ('the Sands Hotel') for part of a firm, and glues the outlet a source 'told'
  to the next subject.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.canon import EntityFilters
from pipeline.nlp.conjoined import join_comma_names, own_name, split_and_pair, split_given_pair
from pipeline.nlp.span_cuts import cut_at_inner_preposition, drop_leading_title
from pipeline.nlp.span_descriptions import description_only, drop_leading_nationality, extend_region_unit
from pipeline.nlp.textcache import headline_end

NAME_LABELS = ("ORG", "PERSON")
PLACE_PREPS = ("of", "in", "from", "at")


def respan_entities(doc: Doc, filters: EntityFilters) -> None:
    """Rewrite doc.ents in place with the mended spans."""
    ents = list(doc.ents)
    if not ents:
        return
    out: list[Span] = []
    for ent in ents:
        ent = drop_leading_title(_drop_leading_common_words(ent), filters.person_titles)
        for part in _split_told_outlet(_split_possessive(_drop_trailing_possessive(ent), filters), filters):
            out.extend(cut for piece in _split_after_suffix(part, filters) for cut in cut_at_inner_preposition(piece))
    out = [_drop_home_town(_drop_parenthetical(e), filters) for e in out]
    out = [_drop_headline_place(doc, e, filters) for e in out]
    firm_starts = {e[0].text for e in out if e is not None and e.label_ == "ORG" and len(e) > 1}
    out = [e for e in out if e is None or not (_common_noun_reading(doc, e) or _suffix_only(e, filters)
                                               or _place_reading(e, filters, firm_starts)
                                               or _building_reading(doc, e, filters))]
    out = _join_and_names(doc, out, filters)
    out = split_given_pair(doc, [part for e in out for part in split_and_pair(doc, e, out, filters)], filters)
    out = join_comma_names(doc, out, filters)
    out = [_take_initials(doc, _take_country_bracket(doc, _extend_left(doc, e, filters), filters), filters) for e in out]
    out = _join_first_names(doc, out, filters)
    out = [extend_region_unit(doc, drop_leading_nationality(doc, _drop_opening_determiner(
        doc, _free_longer_firm(doc, e, filters), filters), filters), filters) for e in out if e is None or not description_only(e)]
    out = _one_name_one_sense(doc, [e for e in out if e is not None and len(e) > 0], filters)
    doc.ents = filter_spans(out)


def _drop_leading_common_words(ent: Span) -> Span:
    """"(D)rugmakers Sumitomo Pharma" -> the name: a common word before a capitalised name is
    the writer's description, not part of the name ('eBay', 'de Benedetti' stay)."""
    start = ent.start
    while start < ent.end - 1 and _common_word(ent.doc[start]) and ent.doc[start + 1].text[:1].isupper():
        start += 1
    return ent if start == ent.start else Span(ent.doc, start, ent.end, label=ent.label_)


_COMMON_TAGS = {"NN", "NNS", "JJ", "VBG", "VBN", "IN"}  # IN: "concerning Dome Petroleum"


def _common_word(tok) -> bool:
    """Lower-case noun/adjective/preposition, or a plural noun, participle or preposition opening
    the sentence ('Drugmakers', 'Concerning')."""
    if tok.text.islower():
        return tok.tag_ in _COMMON_TAGS
    return tok.is_sent_start and tok.tag_ in ("NNS", "VBG", "IN") and tok.text[1:].islower()


def _drop_opening_determiner(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'"All Rainbow has done is ...' tagged as one name: a capitalised determiner ('All', 'Both',
    'Each': models/entity_filters.json opening_determiners) before a name the story writes alone
    elsewhere is not part of it ('All Nippon Airways' stays: no 'Nippon Airways' alone)."""
    if ent is None or ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 or ent[0].lower_ not in filters.determiners:
        return ent
    words = [t.text for t in ent[1:]]
    if any(e.start != ent.start and [t.text for t in e] == words for e in doc.ents):
        return Span(doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def _common_noun_reading(doc: Doc, ent: Span) -> bool:
    """'Sight deposits fell', 'Price includes ...', a recased headline's 'Report': one word the
    tagger reads as a common noun (NN/NNS) wherever the article writes it is not a firm."""
    if ent.label_ != "ORG" or len(ent) != 1 or ent.ent_id_ or ent[0].tag_ not in ("NN", "NNS"):
        return False
    return not any(t.text == ent[0].text and t.tag_ in ("NNP", "NNPS") for t in doc)


def _place_reading(ent: Span, filters: EntityFilters, firm_starts: set[str]) -> bool:
    """'Sterling Group of Houston': a span that is just a place name (models/places.json),
    unless it is the short form of a firm the article names ('Wichita' for Wichita Industries)."""
    return ent.label_ == "ORG" and not ent.ent_id_ and ent.text in filters.places \
        and not (len(ent) == 1 and ent.text in firm_starts)


def _building_reading(doc: Doc, ent: Span, filters: EntityFilters) -> bool:
    """'the Sands Hotel', 'Golden Nugget Casino Hotel': a name ending in a building word
    (entity_filters building_heads) is a building unless the article writes it with a corporate
    suffix somewhere ('Pratt Hotel Corp' is a firm)."""
    if ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 or ent[-1].lower_ not in filters.building_heads:
        return False
    words = [t.text for t in ent]
    for i in range(len(doc) - len(words)):
        if [t.text for t in doc[i:i + len(words)]] == words and doc[i + len(words)].lower_ in filters.suffixes:
            return False
    return True


def _suffix_only(ent: Span, filters: EntityFilters) -> bool:
    """', S.A. said': a company suffix cut off its name is not a name."""
    return ent.label_ == "ORG" and all(t.lower_ in filters.suffixes or t.is_punct for t in ent)


def _drop_trailing_possessive(ent: Span) -> Span:
    """"Washington National Corp's" -> the name; the possessive must not glue it to the next name."""
    if len(ent) > 1 and ent[-1].text in ("'s", "\u2019s", "'"):
        return Span(ent.doc, ent.start, ent.end - 1, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
    return ent


def _free_longer_firm(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'Ampere Computing' is not the knowledge base's Ampere: a KB name followed by a company
    word ('Computing', 'Technologies', 'Systems') names another firm."""
    if ent is None or not ent.ent_id_ or ent.label_ != "ORG" or ent.end >= len(doc):
        return ent
    end = ent.end
    while end < len(doc) and doc[end].is_title and doc[end].lower_ in filters.org_heads \
            and doc[end].lower_ not in filters.suffixes and not doc[end].ent_id_:
        end += 1
    return Span(doc, ent.start, end, label="ORG") if end > ent.end else ent


def _one_name_one_sense(doc: Doc, ents: list[Span], filters: EntityFilters) -> list[Span]:
    """A name the tagger read as a firm once is a firm wherever the article writes it.

    The small model misses 'Waste Management Inc' at the start of one sentence and finds it
    in the next, or reads 'Mark IV Industries' as a person once and a firm once; every
    untagged occurrence of an ORG name (same words, same case) becomes an ORG span, and
    an occurrence tagged with another label takes ORG."""
    org_texts = {tuple(t.text for t in e) for e in ents if e.label_ == "ORG" and not e.ent_id_
                 and (len(e) > 1 or e.text.casefold() not in filters.not_firms) and e[0].text[:1].isupper()}
    if not org_texts:
        return ents
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in org_texts:
        by_first.setdefault(words[0], []).append(words)
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = [Span(doc, e.start, e.end, label="ORG") if e.label_ != "ORG" and not e.ent_id_
           and tuple(t.text for t in e) in org_texts else e for e in ents]
    texts = [t.text for t in doc]  # one pass over the tokens; the scan below works on strings
    for start, text in enumerate(texts):
        if text not in by_first:
            continue
        for words in sorted(by_first[text], key=len, reverse=True):
            end = start + len(words)
            if tuple(texts[start:end]) == words and not any(i in taken for i in range(start, end)):
                out.append(Span(doc, start, end, label="ORG"))
                taken.update(range(start, end))
                break
    return out


def _split_possessive(ent: Span, filters: EntityFilters) -> list[Span]:
    """'Cannon Group's Screen Entertainment' is two firms; 'Heinl's Nursery Inc', 'Fireman's Fund'
    (only company words, or one word and a corporate suffix, after a one-word possessive) are one
    firm's name."""
    if ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 3:
        return [ent]
    for k in range(1, len(ent) - 1):
        if ent[k].text in ("'s", "\u2019s") and ent[k + 1].text[:1].isupper():
            rest = [t for t in ent[k + 1:] if t.lower_ not in filters.suffixes]
            if all(t.lower_ in filters.org_heads for t in rest) or (k == 1 and len(rest) == 1 < len(ent) - k - 1):
                return [ent]  # 'Fireman's Fund', 'Heinl's Nursery Inc'
            doc = ent.doc
            return [Span(doc, ent.start, ent.start + k, label="ORG"),
                    Span(doc, ent.start + k + 1, ent.end, label="ORG")]
    return [ent]


def _split_told_outlet(parts: list[Span], filters: EntityFilters) -> list[Span]:
    """'a spokeswoman told Reuters Skanska will ...': the news outlet told, then the next
    clause's subject, which the tagger glued to it."""
    out: list[Span] = []
    for ent in parts:
        doc = ent.doc
        if len(ent) > 1 and ent.start > 0 and doc[ent.start - 1].lemma_ == "tell" and ent[0].lower_ in filters.media:
            out.extend([Span(doc, ent.start, ent.start + 1, label="ORG"), Span(doc, ent.start + 1, ent.end, label=ent.label_)])
        else:
            out.append(ent)
    return out


def _split_after_suffix(ent: Span, filters: EntityFilters) -> list[Span]:
    """'Toshin Steel Co Ltd and Azuma Steel Co': a suffix closes the first name."""
    if ent.ent_id_ or len(ent) < 4:
        return [ent]
    for k in range(1, len(ent) - 1):
        if ent[k].lower_ in ("and", "&") and ent[k - 1].lower_ in filters.suffixes and ent[k + 1].is_title:
            doc = ent.doc
            return [Span(doc, ent.start, ent.start + k, label=ent.label_),
                    Span(doc, ent.start + k + 1, ent.end, label=ent.label_)]
    return [ent]


def _drop_parenthetical(ent: Span) -> Span | None:
    """'Banca Nazionale del Lavoro ( BNL )' -> the name before the bracket."""
    for k, tok in enumerate(ent):
        if tok.text == "(" and k > 0:
            return Span(ent.doc, ent.start, ent.start + k, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
    return ent


def _drop_home_town(ent: Span | None, filters: EntityFilters) -> Span | None:
    """'Pioneer Savings of Racine, Wis.', 'Biopool AB of Umea, Sweden': the wire's 'of <town>,
    <state or country>' says where a firm is, it is not part of the name, nor is 'of <city>' after
    a company word ('Breslube Enterprises of Toronto') unless the story names that firm on its
    own too (a parent and its unit); ('Ford Motor Co of
    Canada', 'First Federal Savings and Loan Association of Fort Myers said', 'Liberty Bank of
    Pensacola, Fla.' stay)."""
    if ent is None or ent.label_ != "ORG" or ent.ent_id_:
        return ent
    doc = ent.doc
    k = next((i for i, t in enumerate(ent) if t.lower_ == "of"), 0)
    town = ent[k + 1:]
    if k < 1 or not len(town):
        return ent
    if town.text in filters.places and ent[k - 1].lower_ in filters.org_heads \
            and ent[k - 1].lower_ not in filters.suffixes | filters.town_named_heads \
            and not _written_elsewhere(ent[:k], doc, filters):
        return Span(doc, ent.start, ent.start + k, label=ent.label_)  # 'Breslube Enterprises of Toronto'
    if ent.end + 1 >= len(doc) or doc[ent.end].text != "," or not doc[ent.end + 1].text[:1].isupper():
        return ent
    if not all(t.is_title for t in town) or any(t.lower_ in filters.org_heads or t.lower_ in filters.suffixes for t in town):
        return ent
    last = ent[k - 1].lower_
    if last in filters.town_named_heads or last in filters.public_body_words or last in filters.agency_words:
        return ent  # 'Liberty Bank of Pensacola, Fla.', 'Department of Justice, ...'
    return Span(doc, ent.start, ent.start + k, label=ent.label_)


def _written_elsewhere(name: Span, doc: Doc, filters: EntityFilters) -> bool:
    """The parent 'Shamrock Holdings' beside its unit 'Shamrock Holdings of California'."""
    words = [t.text for t in name]
    return any(e.start != name.start and [t.text for t in e][:len(words)] == words
               and (len(e) == len(words) or e[len(words)].lower_ in filters.suffixes)
               for e in doc.ents)


def _drop_headline_place(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'NESTLE CANADA CAN OPERATIONS', 'SHELL HAWAII GAS STATIONS': a headline glues the place of
    the business to the firm's name. A headline name ending in a place, whose other words the
    body writes without that place, is the firm's name alone."""
    end = headline_end(doc)
    if ent is None or ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 or ent.end > end:
        return ent
    place = ent[-1].text
    if place.title() not in filters.places and place.casefold() not in filters.not_firms:  # recased headline
        return ent
    words = [t.text for t in ent[:-1]]
    body = doc[end:]
    for i in range(len(body) - len(words) + 1):
        if [t.text for t in body[i:i + len(words)]] == words:
            if i + len(words) < len(body) and body[i + len(words)].lower_ == place.casefold():
                return ent  # the body writes the whole name too: 'Popsicle Canada'
            return Span(doc, ent.start, ent.end - 1, label="ORG")
    return ent


def _join_and_names(doc: Doc, ents: list[Span | None], filters: EntityFilters) -> list[Span | None]:
    """'Tate' 'and' 'Lyle' + PLC, 'Johnson and Johnson': one firm."""
    out: list[Span | None] = []
    k = 0
    while k < len(ents):
        a = ents[k]
        b = ents[k + 1] if k + 1 < len(ents) else None
        if a is not None and b is not None and _and_joined(doc, a, b, filters):
            out.append(Span(doc, a.start, b.end + _suffix_len(doc, b.end, filters), label="ORG"))
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def _and_joined(doc: Doc, a: Span, b: Span, filters: EntityFilters) -> bool:
    """'Tate and Lyle PLC', 'Johnson and Johnson', 'Wagner and Brown', 'Fichtel und Sachs'.

    Two single names joined by 'and' are one firm when a corporate suffix follows, the name
    repeats, or both are bare surnames of no person the article names in full ('Landes and
    Schwartz' after 'Michael Landes' are two people)."""
    if a.ent_id_ or b.ent_id_ or b.start != a.end + 1 or doc[a.end].lower_ not in ("and", "&", "und"):
        return False
    if a.label_ not in NAME_LABELS + ("GPE", "NORP") or b.label_ not in NAME_LABELS + ("GPE", "NORP"):
        return False
    if a.text == b.text:
        return True
    if a[-1].lower_ in filters.suffixes:
        return False  # 'Chemlawn Corp and Ecolab Inc': the first name is complete
    if _two_names(doc, a, b, filters):
        return False
    if (_suffix_len(doc, b.end, filters) > 0 or (len(b) > 1 and b[-1].lower_ in filters.suffixes)) and len(a) <= 2:
        return True
    if len(a) != 1 or len(b) != 1 or a.label_ == "GPE" or b.label_ == "GPE":
        return False
    if a.label_ == "ORG" and b.label_ == "ORG" and doc[a.end].lower_ != "und":
        return False  # 'Mazda and Subaru': two firms the tagger saw as firms
    return not any(_surname_of_person(doc, x) for x in (a, b))


def _two_names(doc: Doc, a: Span, b: Span, filters: EntityFilters) -> bool:
    """'USAir and Piedmont Aviation Inc', 'of New York and Gleason Plant Security Inc': the right
    side is a firm name of two words or more and the left side a home town or a name of its own
    (`conjoined.own_name`); not 'Tate and Lyle PLC', 'British and Commonwealth Holdings'."""
    core = b[:len([t for t in b if t.lower_ not in filters.suffixes])]
    if len(core) < 2:
        return False
    if (a.label_ in ("GPE", "LOC") or a.text in filters.places) and a.start > 0 and doc[a.start - 1].lower_ in PLACE_PREPS:
        return True  # a home town, not 'the Hongkong and Shanghai Banking Corp'
    return own_name(a, core, list(doc.ents))


def _surname_of_person(doc: Doc, name: Span) -> bool:
    last = name.text
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == last and e.start != name.start
               for e in doc.ents)


def _extend_left(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'in Purolator Courier Corp' tagged from 'Courier': take the capitalised word before."""
    if ent is None or ent.label_ != "ORG" or ent.ent_id_ or ent.start == 0:
        return ent
    start = ent.start
    while start > 0 and start > ent.start - 2:
        prev = doc[start - 1]
        if not (prev.pos_ == "PROPN" and prev.is_title and prev.is_alpha and not prev.ent_type_
                and not prev.is_sent_start and prev.lower_ not in filters.person_titles
                and prev.text.casefold() not in filters.not_firms):
            break
        start -= 1
    if start == ent.start and start >= 2 and doc[start - 1].lower_ in ("and", "&") \
            and ent[-1].lower_ in filters.suffixes and doc[start - 2].is_title and not doc[start - 2].ent_type_ \
            and doc[start - 2].pos_ in ("PROPN", "NOUN"):
        start -= 2  # 'Cable and Wireless PLC' tagged from 'Wireless'
    if start == ent.start:
        return ent
    return Span(doc, start, ent.end, label="ORG")


_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_SHORT_GIVEN = re.compile(r"[A-Z][a-z]{1,4}")


def _take_initials(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'Chas. P. Young Co', 'H.W. Lichtenberger' tagged from the surname: the initials before it,
    and a shortened given name before those ('Chas.', 'Wm.'), are part of the name. Not a
    country's ('U.S. Steel' stays as tagged)."""
    if ent is None or ent.label_ not in NAME_LABELS or ent.ent_id_:
        return ent
    start = ent.start
    while start > 0 and _INITIALS.fullmatch(doc[start - 1].text) and not doc[start - 1].ent_type_ \
            and doc[start - 1].text.casefold() not in filters.agency_countries:
        start -= 1
    if start >= 2 and _INITIALS.fullmatch(doc[start].text) and doc[start - 1].text == "." \
            and _SHORT_GIVEN.fullmatch(doc[start - 2].text) and doc[start - 2].ent_type_ in ("", "PERSON", "ORG") \
            and doc[start - 2].lower_ not in filters.person_titles | filters.suffixes:
        start -= 2  # 'Chas' '.', not 'Corp' '.'
    if start == ent.start:
        return ent
    return Span(doc, start, ent.end, label=ent.label_)


def _take_country_bracket(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """'United Coal (Canada) Ltd' tagged as 'United Coal': a bracketed word or two that a corporate
    suffix closes belongs to the firm's name (a subsidiary's country or line)."""
    if ent is None or ent.label_ != "ORG":
        return ent
    i = ent.end
    if ent[-1].text == "(" or i >= len(doc) or doc[i].text != "(":
        return ent
    close = next((j for j in range(i + 2, min(i + 4, len(doc))) if doc[j].text == ")"), None)
    if close is None or not all(t.is_title and t.is_alpha for t in doc[i + 1:close]):
        return ent
    suffix = _suffix_len(doc, close + 1, filters)
    return Span(doc, ent.start, close + 1 + suffix, label="ORG") if suffix else ent


def _suffix_len(doc: Doc, i: int, filters: EntityFilters) -> int:
    n = 0
    while i + n < len(doc) and doc[i + n].lower_ in filters.suffixes and n < 2:
        n += 1
    return n


def _join_first_names(doc: Doc, ents: list[Span | None], filters: EntityFilters) -> list[Span | None]:
    """A knowledge-base person matched by surname alone, right after another first name, is someone else."""
    out: list[Span | None] = []
    for ent in ents:
        if ent is None or not ent.ent_id_ or ent.label_ != "PERSON" or len(ent) != 1 or ent.start == 0:
            out.append(ent)
            continue
        prev = doc[ent.start - 1]
        if prev.is_title and prev.is_alpha and prev.lower_ not in filters.person_titles and not prev.is_sent_start:
            start = ent.start - 1
            if out and out[-1] is not None and out[-1].end == ent.start:
                start = out.pop().start
            out.append(Span(doc, start, ent.end, label="PERSON"))
            continue
        out.append(ent)
    return out
