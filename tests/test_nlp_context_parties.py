"""Merger/partnership mentions whose sides are only partly named in their sentence, completed
from article context (pipeline/nlp/context_parties.py, context_status.py)."""
from __future__ import annotations

import pytest

from pipeline.records import Extraction
from tests.nlp_support import run


def events(ex: Extraction) -> dict[tuple[str, frozenset[str]], str]:
    """(type, participant names) -> status."""
    return {(e.type, frozenset(p.name for p in e.participants)): e.status for e in ex.events}


def test_executives_named_with_their_firms_are_the_partners(extractor):
    ex = run(extractor, "Subaru chief executive Atsushi Osaki and Mazda president Masahiro Moro met in "
                        "Hiroshima to review the partnership talks.")
    assert events(ex).get(("partnership", frozenset({"Subaru", "Mazda"}))) == "talks"


def test_kb_affiliation_of_the_subject_supplies_the_missing_partner(extractor):
    ex = run(extractor, "Honda shares slipped on Monday. Toshihiro Mibe had staked his reputation on the "
                        "merger talks with Nissan.")
    assert ("merger", frozenset({"Honda", "Nissan"})) in events(ex)


def test_affiliation_not_used_when_the_firm_is_absent_from_the_article(extractor):
    ex = run(extractor, "Investors grilled Toshihiro Mibe on Tuesday. Mibe had staked his reputation on the "
                        "merger talks with Nissan.")
    assert not any(kind == "merger" for kind, _names in events(ex))


def test_their_resolves_to_the_pair_named_together_before(extractor):
    ex = run(extractor, "Hino Motors is in talks with Isuzu Motors about sharing truck platforms, a "
                        "spokesman said, a year after their merger negotiations fell apart.")
    assert events(ex).get(("merger", frozenset({"Isuzu Motors", "Hino Motors"}))) == "collapsed"


def test_two_carmakers_said_they_resolves_when_only_two_firms_are_named(extractor):
    ex = run(extractor, "Volvo Cars signed a memorandum with Geely in January. The two carmakers said they "
                        "were studying combining their operations.")
    assert ("merger", frozenset({"Volvo Cars", "Geely"})) in events(ex)


def test_group_pronoun_left_open_when_three_firms_are_named(extractor):
    ex = run(extractor, "Nissan no longer has to invest in Ampere, the Renault unit, the companies said. "
                        "The alliance partners said they would keep cooperating on vans.")
    assert not any(kind == "partnership" for kind, _names in events(ex))


def test_urged_firm_replaces_the_activist_who_urged(extractor):
    ex = run(extractor, "Hedge fund Elliott Management urged Subaru's board to pursue a merger with Mazda.")
    found = events(ex)
    assert ("merger", frozenset({"Subaru", "Mazda"})) in found
    assert not any("Elliott Management" in names for _kind, names in found)


def test_merger_talks_take_the_parties_of_earlier_talks_not_of_the_clause_above(extractor):
    ex = run(extractor, "The Isuzu-Hino talks ended in March. Hino, which had courted Volvo before the "
                        "merger talks began, is now weighing its options.")
    found = events(ex)
    assert found.get(("merger", frozenset({"Isuzu", "Hino"}))) == "collapsed"
    assert ("merger", frozenset({"Hino", "Volvo"})) not in found


def test_joiner_found_through_a_relative_clause_and_planned_merger_is_talks(extractor):
    ex = run(extractor, "Isuzu Motors said it needed more time to decide whether to join the planned "
                        "integration of Hino Motors and Subaru.")
    assert events(ex).get(("merger", frozenset({"Isuzu Motors", "Hino Motors", "Subaru"}))) == "talks"


def test_failed_modifier_on_the_talks_noun_is_a_collapse(extractor):
    ex = run(extractor, "Shareholders pressed Honda on Friday about the failed merger talks with Nissan.")
    assert events(ex).get(("merger", frozenset({"Honda", "Nissan"}))) == "collapsed"
