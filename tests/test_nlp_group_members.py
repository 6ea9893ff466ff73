"""An unnamed investor group's stake takes as its parties the firms the story later names as the
group (pipeline/nlp/group_members.py). Sentences are our own, written in the form of 1987 wire
reports of stake filings."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def party_sets(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return [(e.type, {p.name: p.role for p in e.participants}) for e in out.events]


@pytest.mark.parametrize("text, kind, role, members, target", [
    ("A group of Boston investment firms told the Securities and Exchange Commission it has acquired "
     "412,000 shares of Harwell Instruments Inc, or 7.2 pct of the total outstanding common stock.\n\n"
     "The group, Tallis Partners Ltd and Marbury Capital Ltd, said it bought the stake for investment purposes.",
     "investment", "investor", {"Tallis Partners", "Marbury Capital"}, "Harwell Instruments"),
    ("A shareholder group led by Chicago investor Walter Pyne told the Securities and Exchange Commission "
     "it raised its stake in Corliss Foods Inc to 12.4 pct from 10.1 pct.\n\n"
     "Besides Pyne himself, the group includes Pyne Associates and Lakefront Equities, two investment firms.",
     "investment", "investor", {"Pyne Associates", "Lakefront Equities"}, "Corliss Foods"),
    ("A group of investment firms told the Securities and Exchange Commission it sold its remaining "
     "stake in Dorrance Mills Inc, a textile maker.\n\n"
     "Group members are Greyfield Partners, a Dallas investment partnership, Oakmont Capital Co, a Texas "
     "partnership, and Selway Realty Corp, a property developer.",
     "divestment", "seller", {"Greyfield Partners", "Oakmont Capital", "Selway Realty"}, "Dorrance Mills"),
])
def test_an_unnamed_group_takes_the_members_named_later(extractor, text, kind, role, members, target):
    events = party_sets(extractor, text)
    assert any(t == kind and roles.get(target) == "target" and {n for n, r in roles.items() if r == role} == members
               for t, roles in events), events


def test_a_group_described_in_passing_adds_no_party(extractor):
    events = party_sets(extractor, "Investor Walter Pyne told the Securities and Exchange Commission he raised "
                                   "his stake in Corliss Foods Inc to 8.4 pct.\n\nCorliss, a food group, "
                                   "said it includes Halverson Dairies among its units.")
    assert any(t == "investment" and set(roles) == {"Corliss Foods"} for t, roles in events), events


def test_a_named_buyer_keeps_its_own_party_set(extractor):
    events = party_sets(extractor, "Tarrant Corp said it raised its stake in Wexley Stores Ltd to 9.9 pct.\n\n"
                                   "The group, which includes Orland Holdings, said last week it had no "
                                   "plans to bid.")
    assert not any("Orland Holdings" in roles for _t, roles in events), events
