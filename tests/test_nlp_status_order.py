"""The article-level status is the most advanced one reported, not the last sentence's:
news leads with the newest development and recounts the history after it."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput



def status_of(extractor, title: str, text: str, deal_type: str) -> str:
    ex = extractor.extract(ExtractInput(doc_id="t", title=title, text=text))
    found = [e.status for e in ex.events if e.type == deal_type]
    assert len(found) == 1, ex.events
    return found[0]


def test_a_headline_collapse_beats_the_history_told_after_it(extractor):
    title = "Subaru and Mazda scrap merger plan"
    text = ("Subaru and Mazda said on Monday they had abandoned plans to merge. "
            "The two carmakers agreed in March to start talks on a merger.")
    assert status_of(extractor, title, text, "merger") == "collapsed"


def test_a_lede_completion_beats_the_earlier_agreement_recounted_later(extractor):
    title = "Isuzu completes acquisition of UD Trucks"
    text = ("Isuzu Motors completed its acquisition of UD Trucks on Thursday. "
            "Isuzu agreed in March to buy UD Trucks from Volvo for 243 billion yen.")
    assert status_of(extractor, title, text, "acquisition") == "completed"
