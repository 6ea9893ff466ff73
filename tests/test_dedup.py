"""NearDuplicateIndex: wire copies cluster, different stories do not, signatures round-trip."""
from __future__ import annotations

import random
import time

import pytest

from pipeline.dedup import NearDuplicateIndex, signature_from_bytes, signature_to_bytes

WIRE = ("TOKYO (Wire) - Toyota Motor said on Thursday it would begin mass production of "
        "solid-state batteries in 2027, investing about 200 billion yen in a plant in Aichi "
        "prefecture that will make batteries for 100,000 vehicles a year. The company said the "
        "new cells would roughly double driving range and cut charging time to ten minutes. "
        "Shares of Toyota rose 3 percent in Tokyo trading after the announcement, while "
        "battery suppliers Panasonic and GS Yuasa also gained. Analysts said the timeline was "
        "earlier than expected and could pressure rivals including Honda and Nissan to speed "
        "up their own programmes. Toyota did not disclose pricing for the first models.")


def test_new_story_starts_its_own_cluster():
    index = NearDuplicateIndex()
    cluster, duplicate, signature = index.assign("a1", WIRE)
    assert (cluster, duplicate) == ("a1", False) and len(signature) == 512


def test_syndicated_copy_with_small_edits_joins_the_cluster():
    index = NearDuplicateIndex()
    index.assign("a1", WIRE)
    copy = "Reporting by Wire staff. " + WIRE.replace("Thursday", "Thursday morning") + " Editing by Ann."
    assert index.assign("a2", copy)[:2] == ("a1", True)
    assert index.assign("a3", copy + " More at 11.")[:2] == ("a1", True)


def test_different_story_on_the_same_topic_is_not_a_duplicate():
    index = NearDuplicateIndex()
    index.assign("a1", WIRE)
    other = ("Honda said on Friday it would delay its solid-state battery programme to 2029, "
             "citing higher costs at its pilot line in Tochigi. The carmaker will instead expand "
             "lithium iron phosphate production with a Chinese partner, it said in a statement. "
             "Honda shares fell 1 percent. The company also cut its annual sales forecast for "
             "electric vehicles in North America by a fifth, blaming weaker demand.")
    assert index.assign("b1", other)[:2] == ("b1", False)


def test_half_of_a_story_is_not_a_near_duplicate():
    index = NearDuplicateIndex()
    index.assign("a1", WIRE)
    assert index.assign("a2", WIRE[: len(WIRE) // 2])[1] is False


def test_short_texts_are_never_called_duplicates():
    index = NearDuplicateIndex()
    index.assign("a1", "Markets closed higher")
    assert index.assign("a2", "Markets closed higher")[:2] == ("a2", False)


def test_index_rebuilt_from_stored_rows_keeps_clusters():
    index = NearDuplicateIndex()
    rows = []
    for article_id, text in (("a1", WIRE), ("a2", WIRE + " Extra line."), ("c1", "x " * 3)):
        cluster, _dup, signature = index.assign(article_id, text)
        rows.append((article_id, cluster, signature))
    rebuilt = NearDuplicateIndex(rows)
    assert len(rebuilt) == 3
    assert rebuilt.assign("a9", WIRE.replace("Tokyo trading", "Tokyo"))[:2] == ("a1", True)
    assert rebuilt.assign("a2", "anything")[:2] == ("a1", True)  # re-assignment is stable


def test_signature_bytes_round_trip_and_reject_bad_length():
    index = NearDuplicateIndex()
    _c, _d, signature = index.assign("a1", WIRE)
    values = signature_from_bytes(signature)
    assert signature_to_bytes(index.signature_to_minhash(signature)) == signature
    assert len(values) == 128
    with pytest.raises(ValueError):
        signature_from_bytes(signature[:-1])
    NearDuplicateIndex([("bad", "bad", b"\x00" * 7)])  # a corrupt stored row is skipped


def test_signatures_are_stable_across_index_instances():
    assert NearDuplicateIndex().assign("x", WIRE)[2] == NearDuplicateIndex().assign("y", WIRE)[2]


def test_ten_thousand_articles_assign_quickly_and_find_their_copies():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(20_000)]
    texts = [" ".join(rng.choices(vocab, k=120)) for _ in range(10_000)]
    index = NearDuplicateIndex()
    started = time.monotonic()
    for n, text in enumerate(texts):
        index.assign(f"id{n}", text)
    copies = [index.assign(f"copy{n}", texts[n] + " via wire")[:2] for n in range(0, 10_000, 500)]
    elapsed = time.monotonic() - started
    print(f"\n10k assignments (120 words each) in {elapsed:.1f}s")
    assert copies == [(f"id{n}", True) for n in range(0, 10_000, 500)]
    assert elapsed < 60
