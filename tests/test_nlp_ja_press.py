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
