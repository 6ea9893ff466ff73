"""Error classes found on real published news (issue 18), pinned in sentences of our own.

Status: an MOU or a basic agreement to begin talks is talks; 'nearing collapse' is still
talks; a blocked or expired deal is collapsed; an unsolicited, hostile, made or started bid
is proposed; 'did not deny' is no denial; a question headline is no fact; a cue from another
deal of the sentence (a coordinated, contrastive or relative clause) is not this deal's.
Also the names, amounts and share moves of wire copy ('Ampere Computing', '94.8 mln stg',
'Exxon climbed one to 88-3/8') and the denied takeover beside a stake filing.
"""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput

CASES = [
    ("Kestrel Motors saw its shares drop 6.8% on Wednesday after Arden Industries said it was pursuing a "
     "partnership with Kestrel Motors, not ownership.", ("partnership", "proposed")),
    ("Shares of Kestrel Motors fell 5 percent after it said it was exploring a partnership with Arden Industries.",
     ("partnership", "proposed")),
    ("Kestrel Motors dropped its plan for a partnership with Arden Industries.", ("partnership", "collapsed")),
    ("Kestrel Motors and Arden Industries signed a memorandum of understanding to explore a merger of their businesses.",
     ("merger", "talks")),
    ("Kestrel Motors and Arden Industries reached a basic agreement to begin talks on a possible merger.",
     ("merger", "talks")),
    ("Kestrel Motors and Arden Industries signed a pact to start formal merger talks on Monday.", ("merger", "talks")),
    ("The planned merger of Kestrel Motors and Arden Industries is on the verge of collapse.", ("merger", "talks")),
    ("Merger talks between Kestrel Motors and Arden Industries are nearing collapse, people familiar with the matter said.",
     ("merger", "talks")),
    ("Regulators blocked Kestrel Motors' acquisition of Arden Industries on Tuesday.", ("acquisition", "collapsed")),
    ("Kestrel Motors' offer for Arden Industries expired on Friday without enough shares tendered.",
     ("acquisition", "collapsed")),
    ("Kestrel Motors made an unsolicited bid for Arden Industries on Monday.", ("acquisition", "proposed")),
    ("Kestrel Motors launched a hostile takeover offer for Arden Industries.", ("acquisition", "proposed")),
    ("Kestrel Motors did not outright deny a report that it was in talks to buy Arden Industries.",
     ("acquisition", "talks")),
    ("Kestrel Motors did not deny that it is considering an investment in Arden Industries.", ("investment", "proposed")),
    ("Arden Industries denied a media report on its talks with Birch Systems, but Kestrel Motors said its acquisition "
     "of Arden Industries was completed.", ("acquisition", "completed")),
    ("Kestrel Motors said it would not pursue its offer for Arden Industries if the Arden board rejected it.",
     ("acquisition", "proposed")),
    ("Kestrel Motors started its tender offer for Arden Industries; the offer expires April 20 unless extended.",
     ("acquisition", "proposed")),
    ("Kestrel Motors' sales did not include those of Arden Industries, which recently agreed to merge with it.",
     ("merger", "agreed")),
    ("Arden Industries was recently acquired by Kestrel Motors.", ("acquisition", "completed")),
    ("Kestrel Motors proposed making Arden Industries a wholly owned subsidiary, a plan that Arden's directors "
     "rejected at a meeting on Tuesday.", ("acquisition", "collapsed")),
    ("The proposed acquisition of Arden Industries by Kestrel Motors won approval from competition regulators.",
     ("acquisition", "agreed")),
    ("Kestrel Motors said it received early termination of the antitrust waiting period for its takeover bid for "
     "Arden Industries.", ("acquisition", "proposed")),
    ("Kestrel Motors said it has started the 25 dlr per share tender offer for all shares of Arden Industries.",
     ("acquisition", "proposed")),
    ("Kestrel Motors said costs rose because of the January 1986 acquisition of Arden Industries.",
     ("acquisition", "completed")),
    ("Kestrel Motors said it signed a letter of intent to enter into negotiations on a joint venture with Arden "
     "Industries.", ("partnership", "talks")),
    ("Kestrel Corp said it signed a joint venture agreement with Arden Industries, a Yugoslav maker of power "
     "equipment, to build a 12 mln dlr plant in Split, Yugoslavia. Under the agreement, Arden will own 60 pct of "
     "the venture and Kestrel will own 40 pct, Kestrel said. It said it cancelled a previous pact with a "
     "Yugoslav firm because the firm could not raise enough capital.", ("partnership", "agreed")),
    ("Kestrel Motors agreed to buy Arden Industries for 40 mln dlrs. Kestrel said it ended talks with another "
     "company last month.", ("acquisition", "agreed")),
    ("Kestrel Corp said it signed a letter of intent to enter into further negotiations on a joint venture "
     "exploration agreement with Arden AG regarding several mining properties.", ("partnership", "talks")),
    ("Kestrel Corp said it has made an all cash merger proposal to Arden Inc at 46 dlrs per share. Kestrel said "
     "it is delivering a letter to the Arden board setting out the terms of the proposal that would be made by "
     "tender offer, pursuant to a mutually acceptable merger agreement to be approved by the Arden board.",
     ("acquisition", "proposed")),
    ("The film library was purchased in May 1986 as part of Kestrel's acquisition of Arden Entertainment Ltd "
     "from Birch Holdings Ltd.", ("acquisition", "completed")),
    # a completion noun over the deal reports a closing still to come unless a past verb says it happened
    ("Kestrel Corp said it is in talks to buy Arden Inc. Completion of the deal would depend on financing.",
     ("acquisition", "talks")),
    ("Kestrel Corp said it signed a letter of intent to enter into further negotiations on a joint venture with "
     "Arden AG. Conclusion of the agreement is subject to approval by both boards.", ("partnership", "talks")),
    # 'may' counts as a modal only as one: the month in 'In May 1985, X sold Y' dates a done deal
    ("In May 1985, Kestrel Motors sold its bottling unit, Arden Industries, to Birch Foods for 16 mln dlrs.",
     ("acquisition", "completed")),
    # wire copy denies a report by calling it incorrect or without foundation
    ("A Kestrel Corp spokesman said a newspaper report that the company was studying an offer for three plants "
     "owned by Arden Inc was incorrect.", ("acquisition", "denied")),
    ("Press reports that Kestrel Corp was planning a takeover of Arden Inc were without foundation, a spokesman said.",
     ("acquisition", "denied")),
    # a completion word that does not say the deal closed: infinitive, gerund after a preposition, adjective
    ("Arden Inc said it will be acquired by Kestrel Corp in a stock swap. Upon completing the deal, Kestrel will "
     "have 2.5 mln shares outstanding.", ("acquisition", "agreed")),
    ("Kestrel Corp said it is studying ways of completing an acquisition of Arden Inc.", ("acquisition", "proposed")),
    ("Kestrel Corp is seeking a complete takeover of Arden Inc.", ("acquisition", "proposed")),
    ("Kestrel Corp bought the remaining shares, completing its takeover of Arden Inc.", ("acquisition", "completed")),
    # a reporting verb's past tense is the telling's, not the deal's
    ("Kestrel Corp said it would buy the pump operations of Arden Inc for 600 mln crowns. Kestrel president Lars "
     "Berg told a news conference the acquisition of the Arden unit, which he described as the world's leading "
     "producer of pumps for the mining industry, would yield savings for Kestrel.", ("acquisition", "agreed")),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_status_class_from_real_news_reads_right(extractor, text, expected):
    events = extractor.extract(ExtractInput(doc_id="s", text=text)).events
    assert [(e.type, e.status) for e in events] == [expected]


def test_collapse_of_one_deal_does_not_set_another_deal_of_the_sentence(extractor):
    text = ("Kestrel Motors said its merger talks with Arden Industries collapsed, while its separate partnership "
            "with Birch Systems was signed.")
    got = {(e.type, e.status) for e in extractor.extract(ExtractInput(doc_id="s", text=text)).events}
    assert got == {("merger", "collapsed"), ("partnership", "agreed")}


def test_talks_broken_off_with_no_intention_of_proceeding_are_collapsed_not_denied(extractor):
    inp = ExtractInput(doc_id="c", title="Kestrel Motors breaks off merger talks with Arden Industries",
                       text="Kestrel Motors said it has no intention of proceeding any further with talks on a "
                            "merger with Arden Industries.")
    assert [(e.type, e.status) for e in extractor.extract(inp).events] == [("merger", "collapsed")]


def test_headline_infinitive_reports_an_announced_deal(extractor):
    inp = ExtractInput(doc_id="h", title="Kestrel Motors to buy Arden Industries",
                       text="Kestrel Motors said it will pay 20 mln dlrs in cash and stock.")
    assert [(e.type, e.status) for e in extractor.extract(inp).events] == [("acquisition", "agreed")]


@pytest.mark.parametrize("title", ["Will Kestrel Motors buy Arden Industries?",
                                   "Is Kestrel Motors about to invest in Arden Industries?"])
def test_question_headline_reports_no_deal(extractor, title):
    assert extractor.extract(ExtractInput(doc_id="q", text=title)).events == ()


def test_a_knowledge_base_name_followed_by_a_company_word_is_another_firm(extractor):
    text = "SoftBank Group agreed to buy chip designer Ampere Computing for 6.5 billion dollars."
    x = extractor.extract(ExtractInput(doc_id="n", text=text))
    assert {p.name for e in x.events for p in e.participants} == {"SoftBank Group", "Ampere Computing"}
    assert "Computing" not in {e.name for e in x.entities}


@pytest.mark.parametrize("text,value,currency", [
    ("Kestrel Corp said it sold 110,000 Arden Inc common shares for 10.0 mln dlrs.", 10.0e6, "USD"),
    ("Kestrel Corp agreed to acquire Arden Ltd for 94.8 mln stg.", 94.8e6, "GBP"),
    ("Kestrel Corp agreed to buy Arden Ltd for 196.2 mln Canadian dlrs.", 196.2e6, "CAD"),
    ("Kestrel Corp launched a 2.2 billion dlr tender offer for Arden Inc.", 2.2e9, "USD"),
])
def test_wire_amounts_are_the_deal_price(extractor, text, value, currency):
    (event,) = extractor.extract(ExtractInput(doc_id="m", text=text)).events
    assert event.amount is not None and (event.amount.value, event.amount.currency) == (value, currency)


def test_sales_and_per_share_prices_are_not_a_deal_amount(extractor):
    text = ("Kestrel Corp agreed to acquire Arden Inc, which had 1986 sales of 26 mln dlrs, "
            "at 25 dlrs a share.")
    (event,) = extractor.extract(ExtractInput(doc_id="m", text=text)).events
    assert event.amount is None


def test_no_plans_to_seek_control_is_a_denied_takeover_beside_the_stake(extractor):
    text = ("Investor John Smith said he raised his stake in Arden Inc to 6.6 pct. "
            "He said he has no plans to seek control of the company.")
    events = extractor.extract(ExtractInput(doc_id="d", text=text)).events
    assert sorted((e.type, e.status, tuple(p.name for p in e.participants)) for e in events) == [
        ("acquisition", "denied", ("Arden",)), ("investment", "completed", ("Arden",))]


@pytest.mark.parametrize("text,entity,direction", [
    ("Kestrel Corp climbed one to 88-3/8 in heavy trading.", "Kestrel", "up"),
    ("Arden Holdings rose 2p to 742.", "Arden Holdings", "up"),
    ("Birch Systems fell 3/4 to 15-7/8.", "Birch Systems", "down"),
])
def test_wire_price_quotes_are_share_moves(extractor, text, entity, direction):
    moves = extractor.extract(ExtractInput(doc_id="q", text=text)).market_moves
    assert [(m.entity, m.direction) for m in moves] == [(entity, direction)]


def test_a_figure_rising_to_a_new_level_is_no_share_move(extractor):
    text = "Kestrel Corp said sales rose 12 pct to 1.2 billion dlrs."
    assert extractor.extract(ExtractInput(doc_id="q", text=text)).market_moves == ()


def test_no_present_intention_to_change_control_denies_the_takeover_read_from_the_share_buying(extractor):
    text = ("Kestrel Partners Ltd said it bought a 5.2 pct stake in Arden Inc common stock as an investment. "
            "In a filing with the Securities and Exchange Commission, Kestrel said it had bought all its 300,000 "
            "Arden shares in the open market. Kestrel said it has no present intention of effecting any change "
            "in the control of Arden.")
    events = extractor.extract(ExtractInput(doc_id="d", title="Partnership buys 5.2 pct Arden stake", text=text)).events
    assert sorted((e.type, e.status) for e in events) == [("acquisition", "denied"), ("investment", "completed")]


def test_a_report_called_incorrect_stays_denied_whatever_the_status_model_prefers(extractor):
    inp = ExtractInput(doc_id="d", title="Kestrel says report of Arden bid incorrect",
                       text="A Kestrel Corp spokesman said a newspaper report that the company was considering a bid "
                            "for Arden Inc was incorrect. The spokesman said that possibility had been looked at by "
                            "Kestrel but that its attention was now elsewhere.")
    assert [(e.type, e.status) for e in extractor.extract(inp).events] == [("acquisition", "denied")]
