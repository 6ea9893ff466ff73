"""Words of a writer's description that the tagger takes into a firm's name.

- 'its stake in German Commerzbank': a nationality adjective (models/entity_filters.json
  nationality_words) before a one-word or knowledge-base name the story also writes alone is the
  writer's, not the name's ('Swiss National Bank' stays though the story says 'National Bank' later);
- a headline's 'Major bank wants to take over X': an adjective and a lower-case common noun with
  no proper noun in them describe a firm, they do not name one.
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
