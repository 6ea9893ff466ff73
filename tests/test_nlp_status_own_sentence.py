"""A deal word with no type of its own ('a deal struck with ...') beside a deal read in full in
its own sentence speaks of that deal, not of an earlier deal of the same firm: a roundup's next
item must not make the previous item's bid 'agreed'. The text is our own, in the form of a
deals-of-the-day roundup."""
from __future__ import annotations

from pipeline.records import ExtractInput

ROUNDUP = ("** Kestrel Holdings said that a subsidiary offered to acquire logistics company Tonami Logistics "
           "for about 90 billion yen. ** Telecoms group e& said that it had agreed to sell its 40% stake in "
           "Orion Data Centers for $2 billion, as part of a deal struck with artificial intelligence company G42.")


def test_a_typeless_deal_word_updates_the_deal_of_its_own_sentence(extractor):
    ex = extractor.extract(ExtractInput(doc_id="r", text=ROUNDUP, title="Deals of the day"))
    bid = next(e for e in ex.events if e.type == "acquisition")
    assert {p.name for p in bid.participants} == {"Kestrel Holdings", "Tonami Logistics"}
    assert bid.status == "proposed"
