"""Helpers shared by the NLP tests (the `extractor` fixture itself lives in conftest.py)."""
from __future__ import annotations

from pipeline.records import Extraction, ExtractInput


def run(extractor, text: str, title: str | None = None) -> Extraction:
    """Extract one short text."""
    return extractor.extract(ExtractInput(doc_id="t", text=text, title=title))


def deals(ex: Extraction) -> set[tuple[str, frozenset]]:
    """Each event as (type, {(participant, role), ...})."""
    return {(e.type, frozenset((p.name, p.role) for p in e.participants)) for e in ex.events}


def only_event(ex: Extraction):
    assert len(ex.events) == 1, ex.events
    return ex.events[0]
