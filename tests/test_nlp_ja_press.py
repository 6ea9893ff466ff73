"""Japanese press forms read from real reports on the alliance story and other deals (the
sentences here are our own): a news agency is no party, a place at the start of a firm's name
is part of the name, a bid received from a firm makes that firm the buyer, a deal sentence
that names no firm continues the article's pair, contract manufacturing is a partnership."""
from __future__ import annotations

from pipeline.records import ExtractInput


def events(extractor, text: str) -> set[tuple[str, str, frozenset]]:
    ex = extractor.extract(ExtractInput("j", text))
    return {(e.type, e.status, frozenset((p.name, p.role) for p in e.participants)) for e in ex.events}


def parties(extractor, text: str) -> dict[str, set[str]]:
    ex = extractor.extract(ExtractInput("j", text))
    return {e.type: {p.name for p in e.participants} for e in ex.events}


def test_a_news_agency_that_reports_a_deal_is_no_party(extractor):
    found = parties(extractor, "韓国の東亜通信社は20日、鴻海が日産に出資を打診したと伝えた。")
    assert found == {"investment": {"Foxconn", "Nissan"}}


def test_a_place_that_opens_a_firm_name_is_part_of_the_name(extractor):
    found = events(extractor, "日本製鉄はUSスチールを買収することで合意した。")
    assert ("acquisition", "agreed", frozenset({("日本製鉄", "acquirer"), ("USスチール", "target")})) in found


def test_a_bid_received_from_a_firm_makes_that_firm_the_buyer(extractor):
    found = events(extractor, "東邦電機は、北斗精機からの買収提案を受けたと発表した。")
    assert found == {("acquisition", "proposed", frozenset({("北斗精機", "acquirer"), ("東邦電機", "target")}))}


def test_a_deal_sentence_without_a_firm_continues_the_articles_pair(extractor):
    found = events(extractor, "北斗精機と東邦電機は3月、提携に向けた検討を始めたと発表した。"
                              "12月には経営統合に向けた基本合意書を結んだが、翌年2月に破談となった。")
    assert ("merger", "collapsed", frozenset({("北斗精機", "partner"), ("東邦電機", "partner")})) in found


def test_contract_manufacturing_is_a_partnership_and_a_descriptor_is_no_firm(extractor):
    found = events(extractor, "三菱自動車は、台湾の電子機器大手ホンハイにEVの生産委託を検討している。")
    assert found == {("partnership", "proposed",
                      frozenset({("Mitsubishi Motors", "partner"), ("Foxconn", "partner")}))}


def entity_names(extractor, text: str) -> set[str]:
    return {e.name for e in extractor.extract(ExtractInput("j", text)).entities}


def test_firms_in_a_deal_sentences_slots_are_read_when_the_tagger_misses_them(extractor):
    found = events(extractor, "ミドリ精工は、部品商社のアオバトレーディングの全株式を取得し子会社化することを決めた。")
    assert found == {("acquisition", "agreed",
                      frozenset({("ミドリ精工", "acquirer"), ("アオバトレーディング", "target")}))}
    found = events(extractor, "サクラホールディングスは、子会社のサクラ物流の全株式を、運送業のカナメロジに譲渡する"
                              "ことを決めた。")
    assert found == {("divestment", "agreed", frozenset({("サクラホールディングス", "seller"),
                                                          ("サクラ物流", "target"), ("カナメロジ", "buyer")}))}


def test_two_coordinated_buyers_and_a_bid_made_to_a_firm(extractor):
    found = events(extractor, "東空航空と双葉商事は、空港売店を運営するスカイモールに対してTOBを行うと発表した。")
    assert found == {("acquisition", "agreed", frozenset({("東空航空", "acquirer"), ("双葉商事", "acquirer"),
                                                           ("スカイモール", "target")}))}


def test_descriptors_and_places_are_cut_from_a_slot_name_and_done_deals_are_completed(extractor):
    assert parties(extractor, "積木ハウスは、米の住宅会社Redwood Homesを買収すると発表した。") == {
        "acquisition": {"積木ハウス", "Redwood Homes"}}
    found = events(extractor, "カプリは、台湾Orchid Studiosの株式の過半を取得し、子会社化したと発表した。")
    assert found == {("acquisition", "completed", frozenset({("カプリ", "acquirer"), ("Orchid Studios", "target")}))}


def test_descriptions_prices_and_deal_words_in_a_slot_are_no_firms(extractor):
    names = entity_names(extractor, "化学2社が合併で合意。東邦化学工業は米ソフト企業を買収する。買収額は約300億円。"
                                    "買収は目指していない。")
    assert not names & {"化学2社", "ソフト企業", "米ソフト企業", "買収額", "買収"}


def test_a_business_bought_from_a_firm_is_an_acquisition_of_its_assets(extractor):
    assert events(extractor, "カワセ工業は、北斗精機から半導体材料事業を取得すると発表した。") == {
        ("acquisition", "agreed", frozenset({("カワセ工業", "acquirer"), ("北斗精機", "target")}))}
    assert events(extractor, "カワセ工業は新工場を取得した。") == set()


def test_a_hostile_bid_is_proposed_whatever_verb_launches_it(extractor):
    assert events(extractor, "カワセ工業は、工作機械大手の北斗精機に対し、同意なきTOBを実施すると発表した。") == {
        ("acquisition", "proposed", frozenset({("カワセ工業", "acquirer"), ("北斗精機", "target")}))}
