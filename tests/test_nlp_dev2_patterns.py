"""Error classes found on the blind dev set gold_dev2.jsonl, each pinned with fresh wording.

Statuses: 'gave up on', 'no longer', controlled 'approached ... to explore', 'an agreement to
explore', unsolicited bids, a collapse owned by another deal, reviving a scrapped deal.
Events: co-buyers ('together with'), product combinations, capital alliances, stake versus
asset purchases, 'such' deals, reshaped alliances, sponsorships, partnership members and
percentage sales.
"""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def events_of(extractor, text: str, title: str | None = None) -> dict[tuple[str, frozenset], str]:
    ex = extractor.extract(ExtractInput(doc_id="t", title=title, text=text))
    return {(e.type, frozenset(p.name for p in e.participants)): e.status for e in ex.events}


def roles_of(extractor, text: str, deal_type: str) -> dict[str, str]:
    ex = extractor.extract(ExtractInput(doc_id="t", text=text))
    found = [e for e in ex.events if e.type == deal_type]
    assert len(found) == 1, ex.events
    return {p.name: p.role for p in found[0].participants}


def test_giving_up_on_a_stake_plan_is_a_collapse(extractor):
    text = "Toyota has given up on plans to take a stake in Mazda Motor, its chairman said on Monday."
    evs = events_of(extractor, text)
    assert evs[("investment", frozenset({"Toyota", "Mazda Motor"}))] == "collapsed"


def test_no_longer_investing_is_a_collapse(extractor):
    text = "Under the new terms, Honda will no longer invest in Rapidus, the chip venture said on Friday."
    evs = events_of(extractor, text)
    assert evs[("investment", frozenset({"Honda", "Rapidus"}))] == "collapsed"


def test_an_approach_to_explore_a_purchase_is_only_proposed(extractor):
    evs = events_of(extractor, "KKR approached Toshiba last month to explore buying a controlling stake in the "
                               "conglomerate, people familiar with the matter said.")
    statuses = [st for (kind, names), st in evs.items() if "Toshiba" in names]
    assert statuses and set(statuses) == {"proposed"}


def test_a_preliminary_agreement_to_explore_a_partnership_is_talks(extractor):
    evs = events_of(extractor, "Nissan and Mitsubishi Motors have reached a preliminary agreement to explore a "
                               "partnership on battery technology, the two companies said.")
    assert evs[("partnership", frozenset({"Nissan", "Mitsubishi Motors"}))] == "talks"


def test_an_unsolicited_bid_is_proposed_not_agreed(extractor):
    evs = events_of(extractor, "Denso said on Monday it would launch an unsolicited tender offer for Makino Milling "
                               "Machine, valuing the machine-tool maker at about 260 billion yen.")
    assert evs[("acquisition", frozenset({"Denso", "Makino Milling Machine"}))] == "proposed"


def test_a_collapse_said_of_another_deal_does_not_end_this_one(extractor):
    text = ("A group of investors has drawn up a plan urging Tesla to take a stake in Nissan. "
            "The proposal would make Tesla a strategic investor in the carmaker weeks after its talks with "
            "Honda fell apart.")
    evs = events_of(extractor, text)
    assert evs[("investment", frozenset({"Tesla", "Nissan"}))] == "proposed"


def test_reviving_a_scrapped_deal_is_proposed(extractor):
    text = ("Honda would be willing to revisit a merger with Nissan, people familiar with the matter said. "
            "Honda's openness to reviving the scrapped deal reflects its view of the industry.")
    assert events_of(extractor, text)[("merger", frozenset({"Honda", "Nissan"}))] == "proposed"


def test_a_co_buyer_named_with_together_with_is_an_acquirer(extractor):
    roles = roles_of(extractor, "Bain Capital agreed on Monday to acquire Kioxia together with Toyota Motor "
                                "in a deal valued at 370 billion yen.", "acquisition")
    assert roles == {"Bain Capital": "acquirer", "Toyota": "acquirer", "Kioxia": "target"}


def test_combining_one_firms_software_with_anothers_cars_is_no_merger(extractor):
    text = ("Honda and Google said they would look at combining Google's mapping software with Honda vehicles "
            "sold in North America.")
    assert not any(kind == "merger" for kind, _names in events_of(extractor, text))


def test_a_capital_alliance_is_the_investment_not_a_second_partnership(extractor):
    text = ("Sony Group is in talks to buy a stake in Kadokawa. Kadokawa said the two sides were discussing a "
            "capital alliance.")
    kinds = {kind for kind, names in events_of(extractor, text) if names == frozenset({"Sony Group", "Kadokawa"})}
    assert kinds == {"investment"}


def test_a_stake_and_a_purchase_of_plants_are_two_deals(extractor):
    text = ("A group of investors has proposed that Tesla take a stake in Nissan. The plan also envisages Tesla "
            "buying Nissan's factories in the United States.")
    kinds = {kind for kind, names in events_of(extractor, text) if names == frozenset({"Tesla", "Nissan"})}
    assert kinds == {"investment", "acquisition"}


def test_such_an_investment_does_not_take_a_firm_named_in_its_sentence(extractor):
    text = ("Itochu denied a report that it planned to take a stake in Nissan. The trading house, a major "
            "shareholder in FamilyMart, said it had not considered any such investment.")
    pairs = {names for kind, names in events_of(extractor, text) if kind == "investment"}
    assert pairs == {frozenset({"Itochu", "Nissan"})}


def test_reworking_an_existing_alliance_is_no_new_partnership(extractor):
    text = "Renault and Nissan reworked their alliance in 2023, the two companies said."
    assert not any(kind == "partnership" for kind, _names in events_of(extractor, text))


def test_a_sponsorship_partnership_is_no_deal_even_from_a_plain_headline(extractor):
    title = "Toyota extends IOC partnership"
    text = ("Toyota Motor has extended its sponsorship agreement with the IOC through 2032, "
            "keeping the carmaker as a worldwide Olympic partner.")
    assert not any(kind == "partnership" for kind, _names in events_of(extractor, text, title))


def test_a_partnership_bringing_together_firms_names_them_all(extractor):
    text = ("Foxconn has proposed a battery partnership bringing together Nissan, Honda and Mitsubishi Motors, "
            "people familiar with the matter said.")
    parties = {names for kind, names in events_of(extractor, text) if kind == "partnership"}
    assert frozenset({"Foxconn", "Nissan", "Honda", "Mitsubishi Motors"}) in parties


def test_selling_a_percentage_of_a_firms_capital_is_a_divestment(extractor):
    roles = roles_of(extractor, "Renault has completed the sale of about 3% of Nissan's share capital through "
                                "an accelerated bookbuild, the French carmaker said.", "divestment")
    assert roles == {"Renault": "seller", "Nissan": "target"}


def test_resuming_talks_that_collapsed_is_talks_again(extractor):
    text = "Honda and Nissan agreed to resume merger talks that collapsed in February."
    assert events_of(extractor, text)[("merger", frozenset({"Honda", "Nissan"}))] == "talks"


def test_an_unsolicited_bid_the_board_backs_stays_agreed(extractor):
    text = "Kioxia's board agreed to back the unsolicited offer for Kioxia from Bain Capital on Monday."
    statuses = {st for (kind, _names), st in events_of(extractor, text).items() if kind == "acquisition"}
    assert statuses == {"agreed"}


def test_a_hyphenated_tie_up_is_read_whatever_its_parse(extractor):
    evs = events_of(extractor, "Foxconn floats tie-up with Nissan, people familiar with the matter said.")
    assert evs[("partnership", frozenset({"Foxconn", "Nissan"}))] == "proposed"


def test_a_capital_tie_up_with_a_named_firm_is_an_investment(extractor):
    evs = events_of(extractor, "Toyota has not discussed any capital tie-up with Nissan, its chairman said.")
    assert set(evs) == {("investment", frozenset({"Toyota", "Nissan"}))}


def test_not_currently_in_discussions_is_a_denial(extractor):
    text = ("Nissan said on Friday it was not currently in discussions with Foxconn about a capital tie-up "
            "with the Taiwanese group.")
    statuses = set(events_of(extractor, text).values())
    assert statuses == {"denied"}


def test_the_tie_up_after_a_merger_of_the_same_firms_is_that_merger(extractor):
    text = ("A merger between Honda and Nissan would create the world's third-largest automaker. "
            "Honda and Nissan have said they will decide by June whether to go ahead with the tie-up.")
    kinds = {kind for kind, names in events_of(extractor, text) if names == frozenset({"Honda", "Nissan"})}
    assert kinds == {"merger"}


def test_a_headline_tie_up_over_a_body_stake_sale_is_that_sale(extractor):
    title = "Nissan, Dongfeng seal China tie-up"
    text = ("Nissan agreed to sell a 20% stake in its Chinese unit Nissan China Investment to Dongfeng Motor, "
            "the companies said on Monday.")
    assert not any(kind == "partnership" for kind, _names in events_of(extractor, text, title))


def test_a_typed_deal_in_another_clause_does_not_block_a_cooperation_frame(extractor):
    text = ("Foxconn's talks with Nissan about contract production of electric vehicles are at an early stage, "
            "Young Liu said, adding that no decision had been taken on whether to buy into Nissan.")
    assert events_of(extractor, text).get(("partnership", frozenset({"Foxconn", "Nissan"}))) == "talks"


def test_agreeing_with_a_firm_to_build_together_is_a_partnership(extractor):
    text = "Mitsubishi Motors said it had agreed with Foxconn to build electric vehicles in Taiwan."
    assert events_of(extractor, text) == {("partnership", frozenset({"Mitsubishi Motors", "Foxconn"})): "agreed"}


def test_a_company_name_that_ends_a_persons_name_stays_a_person(extractor):
    ex = extractor.extract(ExtractInput(doc_id="t", text="Former finance minister Nigel Lawson said KDDI raised "
                                                         "its stake in Lawson to 50%."))
    names = {(e.name, e.label) for e in ex.entities}
    assert ("Nigel Lawson", "PERSON") in names and ("Lawson", "ORG") in names


def test_the_nikkei_is_an_organisation_where_it_reports_not_where_it_is_the_index(extractor):
    def orgs(text):
        return {e.name for e in extractor.extract(ExtractInput(doc_id="t", text=text)).entities if e.label == "ORG"}
    assert "Nikkei" in orgs("Honda and Nissan are in merger talks, the Nikkei business daily reported on Monday.")
    assert "Nikkei" in orgs("The talks, first reported by the Nikkei, began in November.")
    assert "Nikkei" not in orgs("Nissan shares rose 3%, while the benchmark Nikkei share average fell 1%.")
