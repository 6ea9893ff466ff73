"""Forms today's business press uses that the wire-tuned rules missed, in sentences of our own,

- 'X and Y are in talks to cooperate on ...': the infinitive hangs on 'talks'; the firms
  holding the talks are the partners;
- a verbless headline 'X in talks with Y for EV production' is about X;
- 'proposed forming a partnership', 'is considering setting up a venture' is floated, not made;
- a headline's short name ('JFE') stands for the knowledge-base firm the body names in full.
"""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def read(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="m", text=text, title=title))
    return [(e.type, e.status, sorted(p.name for p in e.participants)) for e in out.events]


@pytest.mark.parametrize("text", [
    "Kestrel Motors and Arden Industries are in talks to cooperate on electric vehicles.",
    "Reports suggest that Kestrel Motors and Arden Industries are also in talks to collaborate on battery "
    "manufacturing.",
])
def test_firms_in_talks_to_cooperate_are_partners(extractor, text):
    assert read(extractor, text) == [("partnership", "talks", ["Arden Industries", "Kestrel Motors"])]


def test_an_infinitive_on_a_plain_noun_does_not_take_the_sentence_subject(extractor):
    text = ("The regulator said Kestrel Motors may buy up to 51 pct of Arden Industries; if it holds more, it "
            "will have one week to sell the excess shares.")
    assert [e for e in read(extractor, text) if e[0] == "divestment"] == []


def test_verbless_headline_in_talks_names_its_subject(extractor):
    title = "Kestrel Motors in talks with Arden Industries for EV production"
    text = "The two companies have been talking for six months, people familiar with the matter said."
    assert ("partnership", "talks", ["Arden Industries", "Kestrel Motors"]) in read(extractor, text, title)


@pytest.mark.parametrize("text", [
    "Kestrel Motors has proposed forming a partnership with Arden Industries, a newspaper reported.",
    "Kestrel Motors is considering setting up a joint venture with Arden Industries.",
])
def test_a_commitment_under_a_proposal_is_proposed(extractor, text):
    assert read(extractor, text) == [("partnership", "proposed", ["Arden Industries", "Kestrel Motors"])]


def test_headline_short_name_stands_for_the_knowledge_base_firm(extractor):
    title = "JFE, Kestrel Motors in talks to merge steel units"
    text = "JFE Holdings and Kestrel Motors are negotiating a combination of their steel operations, sources said."
    out = extractor.extract(ExtractInput(doc_id="m", text=text, title=title))
    assert {e.name for e in out.entities} == {"JFE Holdings", "Kestrel Motors"}
    assert read(extractor, text, title) == [("merger", "talks", ["JFE Holdings", "Kestrel Motors"])]


def test_a_headline_ending_in_one_letter_stays_its_own_sentence(extractor):
    from pipeline.nlp.extractor import compose_text
    text = compose_text(ExtractInput(doc_id="m", title="Kestrel Motors scraps bid for Arden & i",
                                     text="Kestrel Motors has withdrawn its offer for Arden & i Holdings."))
    words = [t.text for t in extractor.nlp.tokenizer(text)]
    assert "i." not in words and words[words.index("i") + 1] == "."


def test_a_described_firm_must_fit_the_description_words_not_only_its_head(extractor):
    text = ("Tesla and Foxconn have both been linked to Nissan in recent weeks. Analysts say the electric vehicle "
            "manufacturer wants to buy Nissan's plants in the United States.")
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    buyers = {p.name for e in out.events if e.type == "acquisition" for p in e.participants if p.role == "acquirer"}
    assert buyers == {"Tesla"}


@pytest.mark.parametrize("text", [
    "Arden Industries is weighing an investment from Kestrel Motors, people familiar with the matter said.",
    "Arden Industries is seeking a capital injection from Kestrel Motors.",
])
def test_an_investment_from_a_firm_names_the_investor(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert [(e.type, {p.name: p.role for p in e.participants}) for e in out.events] == [
        ("investment", {"Kestrel Motors": "investor", "Arden Industries": "target"})]


def test_a_prospect_is_proposed_and_a_habit_lends_no_status(extractor):
    text = ("Arden Industries shares rose as traders bet on the prospect of an investment from Kestrel Motors. "
            "Analysts noted that Kestrel Motors has rarely bought into other carmakers.")
    assert read(extractor, text) == [("investment", "proposed", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text,status", [
    ("Kestrel Motors and Arden Industries ended talks to create the world's third-largest carmaker.", "collapsed"),
    ("Kestrel Motors and Arden Industries signed a memorandum of understanding to set up a joint holding company.",
     "talks"),
])
def test_talks_to_create_one_firm_are_a_merger(extractor, text, status):
    assert read(extractor, text) == [("merger", status, ["Arden Industries", "Kestrel Motors"])]


def test_talks_to_form_a_joint_venture_company_stay_a_partnership(extractor):
    text = "Kestrel Motors and Arden Industries are in talks to form a joint venture company to build batteries."
    assert read(extractor, text) == [("partnership", "talks", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text,status", [
    ("Arden Industries agreed to be taken private by Kestrel Motors in a $3 billion deal.", "agreed"),
    ("Arden Industries was taken private by Kestrel Motors in 2019.", "completed"),
])
def test_taken_private_by_a_firm_is_its_takeover(extractor, text, status):
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert [(e.type, e.status, {p.name: p.role for p in e.participants}) for e in out.events] == [
        ("acquisition", status, {"Kestrel Motors": "acquirer", "Arden Industries": "target"})]


@pytest.mark.parametrize("text,pct", [
    ("Shares in Arden Industries surged 11 per cent on Friday after the report.", 11.0),
    ("Arden Industries shares rose 3 per share.", None),
])
def test_per_cent_in_two_words_is_the_move(extractor, text, pct):
    moves = extractor.extract(ExtractInput(doc_id="m", text=text)).market_moves
    assert [(m.entity, m.direction, m.pct) for m in moves] == [("Arden Industries", "up", pct)]


def test_the_three_firms_are_the_three_named_before(extractor):
    text = ("Kestrel Motors, Arden Industries and Birch Systems cancelled their merger agreement. Meanwhile, the "
            "three carmakers will continue to explore their cooperation on electric vehicles.")
    parts = [sorted(p.name for p in e.participants) for e in
             extractor.extract(ExtractInput(doc_id="m", text=text)).events if e.type == "partnership"]
    assert parts == [["Arden Industries", "Birch Systems", "Kestrel Motors"]]


@pytest.mark.parametrize("text,target", [
    ("Kestrel Motors has approached Arden Industries and Birch Systems about buying out Larch Holdings' stake in "
     "the latter company.", "Birch Systems"),
    ("Kestrel Motors has approached Arden Industries and Birch Systems about buying out Larch Holdings' stake in "
     "the former.", "Arden Industries"),
])
def test_the_latter_and_the_former_name_one_of_the_pair(extractor, text, target):
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert [{p.name: p.role for p in e.participants} for e in out.events] == [
        {"Larch Holdings": "seller", target: "target", "Kestrel Motors": "buyer"}]


def test_a_short_name_takes_the_one_knowledge_base_firm_it_shortens(extractor):
    text = ("Nippon Steel said its American unit will be renamed Nippon Steel North America. "
            "Analysts said Nippon paid a high price.")
    counts = {e.name: e.count for e in extractor.extract(ExtractInput(doc_id="m", text=text)).entities}
    assert counts.get("Nippon Steel") == 2 and counts.get("Nippon Steel North America") == 1


def test_the_seat_of_a_government_is_no_deal_party(extractor):
    text = ("Nippon Steel completed its buyout of U.S. Steel, renaming it Nippon Steel North America. Former "
            "President Joe Biden blocked the Nippon buyout in January before leaving the White House.")
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert not any("White House" in {p.name for p in e.participants} for e in out.events)


def test_a_quoted_partnership_of_a_takeovers_two_firms_is_that_takeover(extractor):
    text = ("Kestrel Motors said it had completed its acquisition of Arden Industries. \"The partnership between "
            "Kestrel Motors and Arden Industries is now a reality,\" its chief executive said.")
    assert read(extractor, text) == [("acquisition", "completed", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text,status", [
    ("Kestrel Motors is nearing a deal to acquire Arden Industries, sources said.", "talks"),
    ("Kestrel Motors is close to an agreement to buy Arden Industries.", "talks"),
    ("Kestrel Motors' acquisition of Arden Industries is expected to close in the second quarter.", "agreed"),
])
def test_near_a_deal_is_talks_and_expected_to_close_is_agreed(extractor, text, status):
    assert read(extractor, text) == [("acquisition", status, ["Arden Industries", "Kestrel Motors"])]


def test_a_completion_coordinated_under_expected_is_not_done(extractor):
    text = "Kestrel Motors and Arden Industries are expected to finalize the terms by June and complete the merger in 2026."
    events = read(extractor, text)
    assert [(t, parts) for t, _s, parts in events] == [("merger", ["Arden Industries", "Kestrel Motors"])]
    assert events[0][1] != "completed"


@pytest.mark.parametrize("text", [
    "Kestrel Motors said media reports that it planned to acquire Arden Industries were groundless.",
    "Kestrel Motors said reports of talks to acquire Arden Industries were unfounded.",
])
def test_groundless_or_unfounded_reports_are_a_denial(extractor, text):
    assert read(extractor, text) == [("acquisition", "denied", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text", [
    "Kestrel Motors has chosen Arden Industries to build electric vehicles at its plant.",
    "Kestrel Motors selected Arden Industries to supply batteries for its new model.",
])
def test_a_firm_chosen_to_make_for_another_is_its_partner(extractor, text):
    assert read(extractor, text) == [("partnership", "agreed", ["Arden Industries", "Kestrel Motors"])]


def test_a_corporate_suffix_after_a_comma_is_no_second_firm(extractor):
    text = ("Kestrel Motors Corp. and Arden Battery Technology Co., Limited or ABT reached a partnership agreement to "
            "supply and develop batteries.")
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert "Limited" not in {e.name for e in out.entities}
    assert [sorted(p.name for p in e.participants) for e in out.events] == [["Arden Battery Technology", "Kestrel Motors"]]


@pytest.mark.parametrize("title,body,words", [
    ("Kestrel Motors Sells Arden Stake for $2 Billion",
     "Kestrel Motors said it would sell its stake in Arden Industries for about $2 billion.",
     "Kestrel Motors sells Arden stake for $2 billion"),
    ("Arden Shares Dip Amid Kestrel's Stake Sale", "Arden Industries shares fell after Kestrel Motors sold shares.",
     "Arden shares dip amid Kestrel's stake Sale"),
    ("Kestrel Buys Birch Logistics Solutions", "Kestrel Motors bought Birch Logistics Solutions, a logistics firm.",
     "Kestrel buys Birch Logistics Solutions"),
])
def test_title_case_headline_words_the_body_writes_in_lower_case_are_lowered(title, body, words):
    from pipeline.nlp.title_case import recase_title_case
    assert recase_title_case(title, body) == words


def test_a_sentence_case_headline_is_left_alone():
    from pipeline.nlp.title_case import recase_title_case
    assert recase_title_case("Kestrel Motors sells stake in Arden", "Kestrel Motors sold it.") == \
        "Kestrel Motors sells stake in Arden"


def test_a_title_case_verb_is_not_glued_to_the_seller(extractor):
    out = extractor.extract(ExtractInput(
        doc_id="m", title="Kestrel Motors Sells Arden Industries Stake to Birch Capital for $2 Billion",
        text="Kestrel Motors has decided to sell its 10% stake in Arden Industries to Birch Capital. "
             "The deal is worth $2 billion."))
    assert {e.name for e in out.entities} == {"Kestrel Motors", "Arden Industries", "Birch Capital"}


@pytest.mark.parametrize("text", [
    "Kestrel Motors is open to buying Arden Industries' stake in Birch Systems.",
    "Kestrel Motors said it was open to buying French carmaker Arden Industries' stake in Birch Systems.",
    "Kestrel Motors plans to buy Arden Industries' 43% stake in Birch Systems.",
])
def test_buying_a_named_holders_stake_is_that_holders_sale(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert [(e.type, {p.name: p.role for p in e.participants}) for e in out.events] == [
        ("divestment", {"Arden Industries": "seller", "Birch Systems": "target", "Kestrel Motors": "buyer"})]


def test_raising_ones_own_stake_stays_an_investment(extractor):
    out = extractor.extract(ExtractInput(doc_id="m", text="Kestrel Motors raised its stake in Birch Systems to 20%."))
    assert [(e.type, {p.name: p.role for p in e.participants}) for e in out.events] == [
        ("investment", {"Kestrel Motors": "investor", "Birch Systems": "target"})]


@pytest.mark.parametrize("text", [
    "Kestrel Motors will sell its majority stake in Arden Industries to private equity firm Birch Capital for HK$9.5 billion.",
    "Kestrel Motors has agreed to sell its 5% stake in the betting company Arden Industries to Birch Capital.",
])
def test_a_buyer_after_to_and_a_price_after_for_are_not_glued_to_names(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="m", text=text))
    assert {e.name for e in out.entities} == {"Kestrel Motors", "Arden Industries", "Birch Capital"}
    assert [{p.name: p.role for p in e.participants} for e in out.events] == [
        {"Kestrel Motors": "seller", "Arden Industries": "target", "Birch Capital": "buyer"}]


def test_a_name_with_an_inner_for_keeps_it(extractor):
    out = extractor.extract(ExtractInput(doc_id="m", text="The Bank for International Settlements said Kestrel "
                                                          "Motors bought Arden Industries."))
    assert "Bank for International Settlements" in {e.name for e in out.entities}


@pytest.mark.parametrize("text", [
    "Birch Systems plans to stay out of the proposed merger between Kestrel Motors and Arden Industries.",
    "Birch Systems reportedly plans to sit out the proposed merger between Kestrel Motors and Arden Industries.",
])
def test_a_firm_outside_a_merger_between_two_others_is_no_partner(extractor, text):
    assert [(t, parts) for t, _s, parts in read(extractor, text)] == [("merger", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text", [
    "Birch Systems is finalizing its decision not to join the proposed merger between Kestrel Motors and Arden "
    "Industries.",
    "Kestrel Motors and Arden Industries are negotiating a merger. Birch Systems decided against joining the merger.",
])
def test_a_firm_that_declines_to_join_stays_out_and_denies_nothing(extractor, text):
    events = read(extractor, text)
    assert [(t, parts) for t, _s, parts in events] == [("merger", ["Arden Industries", "Kestrel Motors"])]
    assert events[0][1] != "denied"


def test_a_firm_considering_joining_is_a_partner(extractor):
    text = "Kestrel Motors and Arden Industries are negotiating a merger. Birch Systems is considering joining the merger."
    assert read(extractor, text) == [("merger", "talks", ["Arden Industries", "Birch Systems", "Kestrel Motors"])]


@pytest.mark.parametrize("text", [
    "Kestrel Motors rejected reports that it plans to sell its stake in Arden Industries.",
    "Kestrel Motors has rebuffed the reports that it will sell its stake in Arden Industries.",
])
def test_rejecting_reports_of_a_deal_is_a_denial(extractor, text):
    assert [s for _t, s, _p in read(extractor, text)] == ["denied"]


def test_refuting_reports_of_a_cancellation_leaves_the_deal_standing(extractor):
    text = "Arden Industries refuted media reports suggesting the cancellation of its merger with Kestrel Motors."
    assert [s for _t, s, _p in read(extractor, text)] not in (["collapsed"], ["denied"])


def test_a_collapse_beside_a_dismissed_speculation_stays_a_collapse(extractor):
    text = ("Birch Systems has no plans to invest in Arden Industries, dismissing speculation that it could step in "
            "after the collapse of Arden Industries' merger talks with Kestrel Motors.")
    assert ("merger", "collapsed", ["Arden Industries", "Kestrel Motors"]) in read(extractor, text)


def test_the_common_misspelling_motors_names_the_knowledge_base_carmaker(extractor):
    out = extractor.extract(ExtractInput(doc_id="m", text="Nissan and Honda Motors signed a memorandum of "
                                                          "understanding to discuss a business integration."))
    assert {e.name for e in out.entities} == {"Nissan", "Honda"}


@pytest.mark.parametrize("text", [
    "Kestrel Motors is keen to acquire Arden Industries.",
    "Kestrel Motors is ready to invest in Arden Industries.",
    "Kestrel Motors is willing to buy a stake in Arden Industries.",
])
def test_keen_ready_or_willing_to_deal_is_only_proposed(extractor, text):
    assert [s for _t, s, _p in read(extractor, text)] == ["proposed"]


def test_firms_moving_to_preempt_a_bid_are_not_its_bidder(extractor):
    found = read(extractor, "Kestrel Motors and Arden Industries will enter into merger talks in order to preempt a "
                            "possible bid for the latter from Tamworth Group, people familiar with the matter said.")
    assert ("merger", "talks", ["Arden Industries", "Kestrel Motors"]) in found
    assert [parts for t, _s, parts in found if t == "acquisition"] == [["Arden Industries", "Tamworth Group"]]


def test_a_merger_ruled_out_and_a_cooperation_agreed_in_one_sentence_are_two_deals(extractor):
    found = read(extractor, "Kestrel Motors and Arden Industries ruled out a merger but agreed to cooperate on batteries.")
    assert sorted(found) == [("merger", "denied", ["Arden Industries", "Kestrel Motors"]),
                             ("partnership", "agreed", ["Arden Industries", "Kestrel Motors"])]


def test_a_name_described_as_a_firm_is_one(extractor):
    found = read(extractor, "Mars, the family-owned conglomerate, said it had completed its acquisition of Kestrel Foods.")
    assert found == [("acquisition", "completed", ["Kestrel Foods", "Mars"])]


def test_a_brand_list_the_parser_hangs_on_the_target_is_not_coordinated_with_it():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.nlp.roles import own_conjuncts
    words = ["Kestrel", ",", "the", "maker", "of", "Crunchos", ",", "Snax", ",", "Nutbars", "and", "Loops"]
    heads = [0, 0, 3, 0, 3, 4, 5, 5, 0, 0, 11, 0]  # 'Nutbars' and 'Loops' hung on 'Kestrel', as the parser does
    deps = ["ROOT", "punct", "det", "appos", "prep", "pobj", "punct", "conj", "punct", "conj", "cc", "conj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert [t.text for t in doc[0].conjuncts] == ["Nutbars", "Loops"]
    assert own_conjuncts(doc[0]) == ()
    plain = Doc(Vocab(), words=["Kestrel", "and", "Arden"], heads=[0, 2, 0], deps=["ROOT", "cc", "conj"])
    assert [t.text for t in own_conjuncts(plain[0])] == ["Arden"]
    # 'Caisse, the pension fund manager, and Arden': an appositive without a list keeps the second firm
    words = ["Caisse", ",", "the", "fund", "manager", ",", "and", "Arden"]
    described = Doc(Vocab(), words=words, heads=[0, 0, 4, 4, 0, 0, 7, 0],
                    deps=["ROOT", "punct", "det", "compound", "appos", "punct", "cc", "conj"])
    assert [t.text for t in own_conjuncts(described[0])] == ["Arden"]


def test_an_investor_described_as_such_stays_a_person(extractor):
    found = read(extractor, "Donald Brampton Leigh, an investor from Mobile, Alabama, said he raised his stake in "
                            "Kestrel Shoe Co to 6.6 pct.")
    assert all("Donald Brampton Leigh" not in parts for _t, _s, parts in found)


def test_an_alliance_named_in_a_members_appositive_is_no_deal_of_the_sentence(extractor):
    found = read(extractor, "Last spring, Kestrel Motors, a member of the Arden and Brantley alliance, signed a "
                            "memorandum of understanding with a Tamworth unit to develop an electric car.")
    assert found == [("partnership", "talks", ["Kestrel Motors", "Tamworth"])]


@pytest.mark.parametrize("text", [
    "A group of investors has drawn up plans for Kestrel Motors to invest in Arden Industries following the collapse "
    "of its merger talks with Brantley Motor, a newspaper reported on Friday.",
    "Kestrel Motors is proposing to invest in Arden Industries after the failure of its merger talks with Brantley Motor.",
])
def test_its_in_a_following_phrase_recounts_the_story_of_the_firm_last_named(extractor, text):
    found = read(extractor, text)
    assert ("merger", "collapsed", ["Arden Industries", "Brantley Motor"]) in found
    assert not any(t == "merger" and "Kestrel Motors" in parts for t, _s, parts in found)


def test_a_merger_would_clause_is_no_agreement(extractor):
    # the deal noun as subject of a 'would' verb describes the deal, it does not report it agreed
    text = ("Kestrel Motors and Arden Industries are discussing a merger. Their merger would focus on sharing "
            "research and production.")
    assert read(extractor, text) == [("merger", "talks", ["Arden Industries", "Kestrel Motors"])]


def test_an_mou_to_explore_keeps_the_deal_in_talks_under_a_plans_headline(extractor):
    title = "Kestrel Motors and Arden Industries announce merger plans"
    text = ("Kestrel Motors and Arden Industries said on Monday they had signed a memorandum of understanding "
            "to explore combining their businesses under a joint holding company.")
    assert read(extractor, text, title) == [("merger", "talks", ["Arden Industries", "Kestrel Motors"])]


def test_a_scheduled_signing_of_the_definitive_agreement_is_not_yet_agreed(extractor):
    text = ("Kestrel Motors and Arden Industries have signed a memorandum of understanding to begin "
            "discussions toward a merger. Execution of a definitive agreement on the merger is scheduled "
            "for next spring.")
    assert read(extractor, text) == [("merger", "talks", ["Arden Industries", "Kestrel Motors"])]


@pytest.mark.parametrize("text", [
    "Arden Industries shares saw a sharp decline, dropping over 4%, in the wake of Kestrel Holdings' decision "
    "to reduce its holding by divesting a 3% stake.",
    "Arden Industries stock fell sharply on Monday, dropping 4 percent after Kestrel Holdings sold a 3% stake "
    "in the company.",
])
def test_a_share_price_drop_is_no_collapse_of_the_stake_sale(extractor, text):
    assert [e[1] for e in read(extractor, text)] != ["collapsed"]


def test_a_stake_sale_executed_through_a_block_deal_is_completed(extractor):
    text = ("Kestrel Holdings has decided to trim its holding in Arden Industries. The stake sale was executed "
            "through a block deal on Tuesday.")
    assert read(extractor, text) == [("divestment", "completed", ["Arden Industries", "Kestrel Holdings"])]


@pytest.mark.parametrize("title", [None, "Deals of the day"])
def test_a_deal_word_beside_a_partly_named_deal_does_not_update_another_deal(extractor, title):
    # a roundup: 'in a deal that would create ...' speaks of the merger in its own sentence, whose
    # peer is unnamed; it must not make the stake purchase of the sentence before agreed
    text = ("Kestrel Bank has notified the competition regulator of its planned acquisition of a 20% stake in "
            "Arden Bank. Separately, Lorimer Securities is set to merge with a smaller peer, in a deal that "
            "would create the third-largest broker in the country.")
    assert read(extractor, text, title) == [("investment", "proposed", ["Arden Bank", "Kestrel Bank"])]


def test_having_spoken_to_a_firm_about_cooperation_is_talks(extractor):
    # 'confirmed' (an agreed cue) only reports; the deal word hangs on 'spoken to <firm> about'
    text = ("Kestrel Electronics chairman Li Wen confirmed on Wednesday that Kestrel Electronics had spoken to "
            "Arden Motors about cooperation.")
    assert read(extractor, text) == [("partnership", "talks", ["Arden Motors", "Kestrel Electronics"])]


def test_a_nationality_word_before_a_one_word_name_is_the_writers(extractor):
    text = ("The Dutch lender Kestrel Bank has increased its ownership stake in German Ardenbank to 21 percent. "
            "Ardenbank declined to comment.")
    assert read(extractor, text) == [("investment", "completed", ["Ardenbank", "Kestrel Bank"])]


@pytest.mark.parametrize("title", ["Big bank wants to take over Ardenbank", "Major bank eyes takeover of Ardenbank"])
def test_an_adjective_and_a_common_noun_describe_a_firm_they_do_not_name_one(extractor, title):
    text = ("The Dutch lender Kestrel Bank has increased its ownership stake in Ardenbank to 21 percent. "
            "Ardenbank declined to comment.")
    out = extractor.extract(ExtractInput(doc_id="m", text=text, title=title))
    assert not any(e.name.lower().endswith(" bank") and e.name.split()[0] in ("Big", "Major") for e in out.entities)
    assert all(p.name in ("Ardenbank", "Kestrel Bank") for e in out.events for p in e.participants)


@pytest.mark.parametrize("text", [
    "Last week a newspaper report said Kestrel Media intended to abandon its merger with Arden Entertainment. "
    "Arden Entertainment on Tuesday said the speculation about the termination of the merger was baseless.",
    "A report on Monday indicated Kestrel Media's intention to abandon its merger with Arden Entertainment. "
    "Arden Entertainment refuted media reports suggesting the cancellation of the merger.",
])
def test_a_denied_report_of_a_deals_end_leaves_the_deal_agreed(extractor, text):
    # an intention to abandon is no collapse yet; calling the termination reports baseless (or refuting
    # them) says the deal, which only a signed deal can be cancelled, stands
    assert read(extractor, text) == [("merger", "agreed", ["Arden Entertainment", "Kestrel Media"])]


@pytest.mark.parametrize("text", [
    "A source said last week that Kestrel Motors was in the process of abandoning merger discussions with "
    "Arden Motors.",
    "Kestrel Motors is on the verge of scrapping its merger talks with Arden Motors, two people said.",
])
def test_talks_about_to_be_abandoned_are_still_talks(extractor, text):
    assert read(extractor, text) == [("merger", "talks", ["Arden Motors", "Kestrel Motors"])]


def test_a_regional_unit_described_as_such_is_the_buyer_not_its_parent(extractor):
    title = "Honda to buy Kestrel Metals"
    text = ("Honda America, a unit of Japan's Honda Motor, has agreed to acquire Kestrel Metals for $500 million "
            "in cash.")
    assert read(extractor, text, title) == [("acquisition", "agreed", ["Honda America", "Kestrel Metals"])]


@pytest.mark.parametrize("text", [
    "Kestrel Motors is finalizing its decision not to join the proposed integration between Arden Motor and "
    "Lorimer Motor. Instead, Kestrel will explore collaboration with the two automakers.",
    "Kestrel Motors decided not to join the merger of Arden Motor and Lorimer Motor. Instead, Kestrel Motors "
    "will seek a partnership with the two automakers.",
])
def test_collaboration_with_the_two_automakers_names_the_pair_told_before(extractor, text):
    assert ("partnership", "proposed", ["Arden Motor", "Kestrel Motors", "Lorimer Motor"]) in read(extractor, text)


def test_a_firm_named_before_investment_sought_by_an_unnamed_group_is_the_investor(extractor):
    events = extractor.extract(ExtractInput(doc_id="m", title="Nissan Climbs After Report Says Japanese Investors "
                                            "Seeking Tesla Investment", text="Nissan shares rose on Friday.")).events
    assert [sorted((p.name, p.role) for p in e.participants) for e in events if e.type == "investment"] == [
        [("Nissan", "target"), ("Tesla", "investor")]]


def test_a_firm_before_investment_closed_by_a_named_firm_is_the_target(extractor):
    events = extractor.extract(ExtractInput(doc_id="m", title="Kestrel closes first tranche of $500 million Arden investment",
                                            text="Kestrel has completed the first tranche of its planned investment "
                                                 "in Arden.")).events
    assert [sorted((p.name, p.role) for p in e.participants) for e in events] == [
        [("Arden", "target"), ("Kestrel", "investor")]]


def test_members_named_in_a_clause_on_a_tie_up_framework_join_the_partnership(extractor):
    found = read(extractor, "Tamworth Group has proposed forming a partnership with Kestrel Motors, aiming to set up a "
                            "tie-up framework that would also include rival carmakers Arden Motor and Brantley Motors, "
                            "a newspaper reported.")
    assert found == [("partnership", "proposed", ["Arden Motor", "Brantley Motors", "Kestrel Motors", "Tamworth Group"])]
