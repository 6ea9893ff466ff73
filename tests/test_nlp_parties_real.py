"""Party sets and types of deals as wire copy tells them: one deal read twice, one deal told two
ways. Sentences are our own, written in the patterns of 1987 wire copy."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def party_sets(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return [(e.type, e.status, {p.name: p.role for p in e.participants}) for e in out.events]


@pytest.mark.parametrize("title, text, buyer, target", [
    ("MARLOWE MAKES BID FOR DUNSTAN",
     "Marlowe Systems Inc said it offered to acquire all outstanding shares of Dunstan Corp for 18 dlrs a share "
     "in cash. Marlowe said the cash tender offer would be followed by a merger with Dunstan at the same price.",
     "Marlowe Systems", "Dunstan"),
    ("KESTREL ENDS MERGER TALKS",
     "Kestrel Labs Inc said it ended merger talks with Brenton Chemical Co. Kestrel said it could not reach "
     "agreement with Brenton, which had been considering buying Kestrel.",
     "Brenton Chemical", "Kestrel Labs"),
])
def test_a_takeover_told_also_as_a_merger_is_one_acquisition(extractor, title, text, buyer, target):
    events = party_sets(extractor, text, title)
    assert not any(t == "merger" and set(roles) == {buyer, target} for t, _s, roles in events), events
    assert any(t == "acquisition" and roles.get(buyer) == "acquirer" and roles.get(target) == "target"
               for t, _s, roles in events), events


def test_a_merger_forming_a_new_company_stays_beside_a_stake_purchase(extractor):
    events = party_sets(extractor, "Tarrant Corp said it raised its stake in Wexley Stores Ltd to 52 pct from "
                                   "40 pct by buying shares in the market. Tarrant has proposed a merger with "
                                   "Wexley to form a new company, Orland Holdings Ltd.")
    assert any(t == "merger" and set(roles) == {"Tarrant", "Wexley Stores"} for t, _s, roles in events), events


def test_a_merger_beside_a_subsidiary_demand_stays_a_merger(extractor):
    events = party_sets(extractor, "Halsey Motor and Norcombe Motor called off talks on a merger after Halsey "
                                   "proposed turning Norcombe into a subsidiary, a plan Norcombe rejected.")
    assert any(t == "merger" and set(roles) == {"Halsey Motor", "Norcombe Motor"} for t, _s, roles in events), events


def entity_labels(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return {e.name: e.label for e in out.entities}


@pytest.mark.parametrize("title, text, full, short", [
    ("ADOBE TO BUY HARLAN DRILLING",
     "Adobe Minerals Corp said it agreed to acquire Harlan Drilling Co for 30 mln dlrs in stock. Adobe said the "
     "purchase would double its reserves. Adobe expects to close the deal in May.", "Adobe Minerals", "Adobe"),
    ("NESTLE UNIT BUYS CORDELL FOODS",
     "Nestle Enterprises Ltd said it bought Cordell Foods Inc, a maker of frozen pies, for an undisclosed sum. "
     "Nestle said Cordell would keep its plant.", "Nestle Enterprises", "Nestle"),
])
def test_a_known_short_name_stands_for_the_firm_the_story_names_in_full_first(extractor, title, text, full, short):
    events = party_sets(extractor, text, title)
    assert [(t, set(roles)) for t, _s, roles in events] == [("acquisition", {full, "Harlan Drilling" if "Harlan" in text
                                                                              else "Cordell Foods"})], events
    assert short not in entity_labels(extractor, text, title)


def test_a_known_firm_beside_its_country_arm_stays_itself(extractor):
    text = ("Geely Holding Group will buy a 20 pct stake in Renault do Brasil under an agreement signed with the "
            "French carmaker. Renault and Geely will also build cars together at Renault's plant near Curitiba.")
    assert {"Renault", "Renault do Brasil"} <= set(entity_labels(extractor, text, "GEELY TO BUY STAKE IN RENAULT ARM"))


def test_a_bare_short_name_in_a_slot_takes_the_full_name_the_story_gave(extractor):
    """'Dudley Taft and Narragansett said ...' after 'Narragansett Capital Inc': a bare word the
    tagger left unnamed fills the slot as the firm the story named in full, not as a second firm."""
    from pipeline.nlp.roles import DocContext, org_candidate
    doc = extractor.nlp("Ames and Kerwin said they would explore other ways to buy Dorset.")
    doc.ents = []  # the tagger missed the bare names, as it does in wire copy
    ctx = DocContext(tok2name={}, full_names=("Kerwin Capital", "Dorset Mills"))
    assert [org_candidate(doc[i], ctx) for i in (0, 2, 11)] == ["Ames", "Kerwin Capital", "Dorset Mills"]
    assert set(ctx.used) == {"Ames", "Kerwin Capital", "Dorset Mills"}


UNIFY_SCRIPT = """
from pipeline.nlp.canon import Mention, unify_names
def m(start, name, label="ORG"):
    return Mention(start, start + len(name.split()), name, label, None, "free:" + name)
out = unify_names([m(3, "Tallis"), m(8, "Tallis Foods"), m(13, "Oswin Tallis", "PERSON")], headline_end=6)
print(out[0].name)
"""


def test_a_headline_short_name_takes_the_same_longer_name_on_every_run():
    """Two longer names of one length contain the headline's short name: the story's first one wins,
    whatever order Python's string hashing gives a set on this run."""
    import os
    import subprocess
    import sys
    seen = set()
    for seed in range(8):
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        run = subprocess.run([sys.executable, "-c", UNIFY_SCRIPT], env=env, capture_output=True, text=True,
                             check=True)
        seen.add(run.stdout.strip())
    assert seen == {"Tallis Foods"}


def test_a_venture_to_pursue_a_takeover_is_no_partnership_with_the_target(extractor):
    events = party_sets(extractor, "Brant Acquisition Corp said it held talks with two companies on forming a joint "
                                   "venture to pursue the acquisition of Ormsby Resorts Inc, after Ormsby rejected "
                                   "Brant's 30 dlr a share tender offer.", "BRANT SEEKS VENTURE TO BUY ORMSBY")
    assert [t for t, _s, _r in events] == ["acquisition"], events


@pytest.mark.parametrize("title, text, buyer, target", [
    ("TARLOW, MESA FLATS TO MERGE",
     "Tarlow Energy Corp and Mesa Flats Oil Corp said they reached an agreement in principle under which Mesa Flats "
     "will be merged into a unit of Tarlow.", "Tarlow Energy", "Mesa Flats Oil"),
    ("CORWIN, BEXLEY SET TERMS",
     "Corwin Steel Inc and Bexley Industries Inc agreed to the merger of Corwin Steel into Bexley Industries, "
     "the companies said.", "Bexley Industries", "Corwin Steel"),
])
def test_a_merger_into_one_side_is_that_side_buying_the_other(extractor, title, text, buyer, target):
    events = party_sets(extractor, text, title)
    assert [(t, roles) for t, _s, roles in events] == [("acquisition", {buyer: "acquirer", target: "target"})], events


def test_a_merger_under_a_joint_holding_company_stays_beside_a_takeover_proposal(extractor):
    events = party_sets(extractor, "Kanto Motor's chief executive told Orbis Motor's chief that Kanto could not accept "
                                   "a proposal to become Orbis's subsidiary, people briefed on the meeting said. The two "
                                   "automakers signed a memorandum in December to pursue a merger under a joint holding "
                                   "company. Orbis's proposal would have seen it acquire Kanto through a share swap, "
                                   "according to people familiar with the matter.", "KANTO'S CHIEF REJECTS ORBIS PLAN")
    assert {t for t, _s, _r in events} == {"merger", "acquisition"}, events


def test_an_offer_to_cooperate_stays_beside_a_denied_takeover(extractor):
    events = party_sets(extractor, "Veltron Industrial Chairman Marcus Lee said on Wednesday the company was open to "
                                   "cooperating with Kanto Motor and did not need to own shares to do so. 'If Kanto "
                                   "needs help, we are willing to talk. Our goal is not to acquire Kanto,' Lee told "
                                   "reporters.", "VELTRON OPEN TO KANTO COOPERATION")
    assert {(t, s) for t, s, _r in events} >= {("partnership", "talks"), ("acquisition", "denied")}, events
