"""A press release's dateline and distributor tag ('CAMBRIDGE, Mass.--(BUSINESS WIRE)--',
'NEW YORK, March 10, 2025 /PRNewswire/ --') are no part of the issuer's name. Text is our own."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


@pytest.mark.parametrize("text, buyer, target", [
    ("CAMBRIDGE, Mass.--(BUSINESS WIRE)--Kestrel Therapeutics, Inc. (Nasdaq: KSTB), today announced a "
     "definitive agreement under which Halvard Pharma will acquire all of the outstanding shares of Kestrel "
     "Therapeutics for $5.00 per share.", "Halvard Pharma", "Kestrel Therapeutics"),
    ("NEW YORK, March 10, 2025 /PRNewswire/ -- Orion Foods Inc. today announced that it has agreed to "
     "acquire Delta Snacks LLC for $120 million.", "Orion Foods", "Delta Snacks"),
])
def test_a_release_dateline_is_no_part_of_a_name(extractor, text, buyer, target):
    ex = extractor.extract(ExtractInput(doc_id="p", text=text, title="Acquisition announced"))
    names = {e.name for e in ex.entities}
    assert not any("WIRE" in n or "Newswire" in n or "CAMBRIDGE" in n or "NEW YORK" in n for n in names)
    assert {(p.name, p.role) for e in ex.events for p in e.participants} == {(buyer, "acquirer"), (target, "target")}
