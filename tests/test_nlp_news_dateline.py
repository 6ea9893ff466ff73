"""Press furniture around names: a news dateline opening a paragraph ("LONDON - ", "TOKYO :", "PARIS (Reuters) -")
is no firm and is not glued to the firm after it; a title is no part of a person's name (our own sentences)."""
from __future__ import annotations

import pytest

from pipeline.nlp.headline import strip_dateline
from pipeline.records import ExtractInput


@pytest.mark.parametrize("text, body", [
    ("LONDON - Kestrel PLC said on Monday ...", "Kestrel PLC said on Monday ..."),
    ("TOKYO :Arden Motor said ...", "Arden Motor said ..."),
    ("NEW TAIPEI, Taiwan : Tamworth Chairman Li said ...", "Tamworth Chairman Li said ..."),
    ("PARIS (Reuters) -Automakers Kestrel and Arden said ...", "Automakers Kestrel and Arden said ..."),
    ("FRANKFURT, Dec 3 (Reuters) - Brantley Bank said ...", "Brantley Bank said ..."),
    ("First line.\n\nMUMBAI: Shares of Pellis rose.", "First line.\n\nShares of Pellis rose."),
])
def test_a_dateline_opening_a_paragraph_goes(text, body):
    assert strip_dateline(text) == body


@pytest.mark.parametrize("text", ["BMW, Mercedes-Benz and Kestrel formed a venture.", "IBM said it would buy Arden.",
                                  "Nissan: a turnaround plan.", "The deal - agreed in LONDON - closed."])
def test_firm_names_and_inner_capitals_stay(text):
    assert strip_dateline(text) == text


def test_a_dateline_is_no_firm_and_is_not_glued_to_the_next_name(extractor):
    out = extractor.extract(ExtractInput(doc_id="d", text="LONDON - Kestrel PLC announced on Monday that its "
                                         "acquisition by Arden Bidco Limited has received regulatory approvals."))
    names = {e.name for e in out.entities}
    assert "Kestrel" in names and not any("LONDON" in n for n in names)
    assert {(p.name, p.role) for e in out.events for p in e.participants} == {("Kestrel", "target"),
                                                                              ("Arden Bidco", "acquirer")}


@pytest.mark.parametrize("text", ["Nagoya (Jiji Press)\u2014Kestrel Motor Corp. said Wednesday it reached a basic "
                                  "agreement with Arden Labs to explore a collaboration on batteries.",
                                  "Tokyo, July 11 (Jiji Press)--Kestrel Motor Corp. said Wednesday it reached a basic "
                                  "agreement with Arden Labs to explore a collaboration on batteries."])
def test_an_agency_tag_glued_by_a_dash_stays_apart_from_the_firm(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="j", text=text))
    names = {e.name for e in out.entities}
    assert {"Jiji Press", "Kestrel Motor"} <= names or {"Jiji Press", "Kestrel"} <= names, names
    assert not any("Jiji" in p.name for e in out.events for p in e.participants)


def test_a_title_the_tagger_took_into_a_persons_name_is_dropped(extractor):
    out = extractor.extract(ExtractInput(doc_id="t", text="The framework agreement was signed by Kestrel Executive "
                                         "Chair Euisun Chung and Arden chief executive Mary Barra."))
    persons = {e.name for e in out.entities if e.label == "PERSON"}
    assert "Euisun Chung" in persons and not any(p.startswith("Chair") for p in persons)


@pytest.mark.parametrize("title, kept", [
    ("Kestrel proposes partnership with Arden: Nikkei", "Kestrel proposes partnership with Arden"),
    ("Kestrel weighs stake sale - Bloomberg", "Kestrel weighs stake sale"),
    ("Kestrel in talks to buy Arden - sources", "Kestrel in talks to buy Arden - sources"),
    ("Kestrel, Arden merger talks ended, sources say", "Kestrel, Arden merger talks ended, sources say"),
])
def test_a_headlines_closing_outlet_tag_goes_and_its_hedge_stays(title, kept):
    from pipeline.nlp.headline import outlet_tag, strip_headline_source
    assert strip_headline_source(title, outlet_tag(["Nikkei", "Bloomberg", "Reuters"])) == kept


def test_no_known_outlet_strips_nothing():
    from pipeline.nlp.headline import outlet_tag, strip_headline_source
    assert strip_headline_source("Kestrel weighs stake sale:", outlet_tag([])) == "Kestrel weighs stake sale:"


def test_the_composed_text_drops_the_outlet_tag_so_it_cannot_open_the_body_sentence():
    from pipeline.nlp.extractor import compose_text
    text = compose_text(ExtractInput(doc_id="h", title="Tamworth proposes partnership with Kestrel: Nikkei",
                                     text="Tamworth has proposed a partnership with Kestrel, a newspaper said."))
    assert text.startswith("Tamworth proposes partnership with Kestrel.\n\n") and "Nikkei" not in text
