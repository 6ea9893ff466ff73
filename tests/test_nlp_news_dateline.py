"""A news dateline opening a paragraph ('LONDON - ', 'TOKYO :', 'PARIS (Reuters) -') is no firm and
is not glued to the firm after it; capitals inside a sentence and firm lists stay (our own sentences)."""
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
