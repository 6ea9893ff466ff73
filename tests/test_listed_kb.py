"""The listed-companies layer (models/companies_listed.jsonl, built by scripts/build_companies_listed.py
from pytickersymbols with names cleaned by cleanco): provenance, validity, and its gates."""
from __future__ import annotations

import json
from collections import Counter

from pipeline.nlp import extraction_to_dict
from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
from pipeline.nlp.kb import LISTED_FILE, load_kb
from pipeline.records import ExtractInput

PATH = DEFAULT_MODELS_DIR / LISTED_FILE


def read(extractor, text: str) -> dict:
    return extraction_to_dict(extractor.extract(ExtractInput(doc_id="t", text=text)))


def test_the_listed_file_says_where_it_came_from_and_is_valid():
    lines = PATH.read_text(encoding="utf-8").splitlines()
    header = " ".join(line for line in lines if line.startswith("#"))
    assert "scripts/build_companies_listed.py" in header and "pytickersymbols==" in header and "cleanco==" in header
    rows = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(rows) > 1500 and all(r["label"] == "ORG" for r in rows)
    tickers = Counter(t for r in rows for t in r["tickers"])
    assert tickers and max(tickers.values()) == 1          # a shared ticker is left out
    names = {r["name"] for r in rows}
    assert {"Ball", "Alphabet", "ABN AMRO", "Nippon Steel"} <= names
    kb = load_kb(DEFAULT_MODELS_DIR)
    assert sum(e.source == "listed" for e in kb.entries.values()) > 1500
    assert kb.forms["Ball Corporation"] == "Ball" and kb.entries["Ball"].source == "listed"


def test_built_in_names_stay_with_their_higher_layer():
    kb = load_kb(DEFAULT_MODELS_DIR)
    assert kb.entries["Nissan"].source == "story" and kb.entries["Nippon Steel"].source == "common"
    assert "Mitsubishi" in kb.context_aliases and kb.get("Mitsubishi") is None


def test_a_share_move_by_an_exchange_ticker_names_the_listed_company(extractor):
    got = read(extractor, "Shares of 7269.T fell 3 percent in Tokyo after the recall.")
    assert ("Suzuki", "down", 3.0) in {(m["entity"], m["direction"], m["pct"]) for m in got["market_moves"]}


def test_a_bare_ticker_does_not_rename_another_firm(extractor):
    got = read(extractor, "CSR Ltd said it would buy Pioneer Sugar Mills for 120 mln dlrs.")
    names = {e["name"] for e in got["entities"]}
    assert "CSR" in names and "Centerspace Trust" not in names   # CSR is also a listed ticker


def test_a_surname_is_not_read_as_the_listed_company_of_that_name(extractor):
    got = read(extractor, "Toshihiro Suzuki, the president, spoke on Monday. Suzuki said sales would rise.")
    assert {(e["name"], e["label"]) for e in got["entities"]} == {("Toshihiro Suzuki", "PERSON")}
