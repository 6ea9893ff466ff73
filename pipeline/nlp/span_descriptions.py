"""Words of a writer's description that the tagger takes into a firm's name.

- 'its stake in German Commerzbank': a nationality adjective (models/entity_filters.json
  nationality_words) before a one-word or knowledge-base name the story also writes alone is the
  writer's, not the name's ('Swiss National Bank' stays though the story says 'National Bank' later);
- a headline's 'Major bank wants to take over X': an adjective and a lower-case common noun with
  no proper noun in them describe a firm, they do not name one;
- 'Toyota Tsusho America, a subsidiary of ...': a knowledge-base name followed by a region word
  (models/entity_filters.json region_unit_words) and described as a unit (unit_nouns) names the
  firm's regional unit, not the parent.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.nlp.canon import EntityFilters


def drop_leading_nationality(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """The name without its opening nationality word, when the story writes that name alone."""
    if ent is None or ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 \
            or ent[0].text.casefold() not in filters.nationalities:
        return ent
    words = [t.text for t in ent[1:]]
    if any(e.start != ent.start and [t.text for t in e] == words and (len(words) == 1 or e.ent_id_) for e in doc.ents):
        return Span(doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def description_only(ent: Span) -> bool:
    """'Major bank', 'Leading lender': an adjective then lower-case common nouns, no proper noun."""
    if ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 or ent[0].tag_ != "JJ":
        return False
    rest = ent[1:]
    return all(t.text.islower() and t.tag_ in ("NN", "NNS") for t in rest)


def extend_region_unit(doc: Doc, ent: Span | None, filters: EntityFilters) -> Span | None:
    """A knowledge-base firm name with the region word right after it: the regional unit's name."""
    if ent is None or ent.label_ != "ORG" or not ent.ent_id_ or ent.end >= len(doc):
        return ent
    nxt = doc[ent.end]
    if nxt.text not in filters.region_units or nxt.ent_type_ not in ("", "GPE", "LOC", "NORP"):
        return ent
    if not described_as_unit(doc, nxt.i + 1, filters):
        return ent  # 'BP Australia said ...': may be the story's short form of a name given in full
    return Span(doc, ent.start, ent.end + 1, label="ORG")


def described_as_unit(doc: Doc, i: int, filters: EntityFilters) -> bool:
    """', a subsidiary of ...', ', the U.S. unit of ...' right after the name (models: unit_nouns)."""
    if i >= len(doc) or doc[i].text != ",":
        return False
    return any(t.lower_ in filters.unit_nouns for t in doc[i + 1:i + 5])
