"""Full-text search (DuckDB fts, BM25): the right article ranks first, entity and
date filters work, copies fold into their story, and the index follows new writes."""
from __future__ import annotations

import pytest

from pipeline.config import WarehouseSettings
from pipeline.errors import ConfigError
from pipeline.store.search import search_articles
from tests.warehouse_builder import article, day, extraction, write_stories

TEXTS = {
    "talks": ("Honda and Nissan end merger talks",
              "Honda and Nissan said on Thursday they had ended merger talks. The merger would have "
              "created the third-largest carmaker. Talks collapsed over control."),
    "profit": ("Toyota profit rises", "Toyota reported a rise in quarterly profit on strong hybrid sales."),
    "tesla": ("Investors urge Tesla to invest in Nissan",
              "A group of investors urged Tesla to invest in Nissan; merger talk was not mentioned."),
    "foxconn": ("Foxconn approaches Honda", "Foxconn approached Honda about a tie-up; talks are early."),
}
ENTITIES = {"talks": {"Honda": 2, "Nissan": 2}, "profit": {"Toyota": 1}, "tesla": {"Tesla": 1, "Nissan": 1},
            "foxconn": {"Foxconn": 1, "Honda": 1}}


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    settings = WarehouseSettings(path=str(tmp_path_factory.mktemp("search") / "search.duckdb"))
    items = [(article(aid, day(n), title=title, text=text), extraction(aid, ENTITIES[aid]))
             for n, (aid, (title, text)) in enumerate(TEXTS.items())]
    items.append((article("copy", day(5), source="other", cluster="talks", title=TEXTS["talks"][0],
                          text=TEXTS["talks"][1]), extraction("copy", ENTITIES["talks"])))
    write_stories(settings, items, search=True)
    return settings


def _ids(result) -> list[str]:
    return result.table.column("article_id").to_pylist()


def test_the_most_relevant_article_ranks_first(settings):
    ids = _ids(search_articles(settings, "merger talks"))
    assert ids[0] == "talks" and "profit" not in ids


def test_stemming_matches_other_word_forms(settings):
    assert _ids(search_articles(settings, "collapse"))[0] == "talks"


def test_entity_filter_keeps_only_articles_naming_it(settings):
    assert _ids(search_articles(settings, "talks", entity="Foxconn")) == ["foxconn"]


def test_date_filters_are_inclusive_utc_days(settings):
    assert _ids(search_articles(settings, "talks", since=day(3).date().isoformat())) == ["foxconn"]
    assert _ids(search_articles(settings, "talks", until=day(0).date().isoformat())) == ["talks"]


def test_near_duplicate_copies_fold_into_their_story(settings):
    assert "copy" not in _ids(search_articles(settings, "merger"))


def test_limit_caps_the_rows(settings):
    assert len(_ids(search_articles(settings, "Nissan", limit=1))) == 1


def test_empty_words_are_a_usage_error(settings):
    with pytest.raises(ConfigError):
        search_articles(settings, "   ")


def test_the_index_follows_new_writes(tmp_path):
    settings = WarehouseSettings(path=str(tmp_path / "grow.duckdb"))
    write_stories(settings, [(article("one", day(1), text="battery plant"), extraction("one", {}))], search=True)
    write_stories(settings, [(article("two", day(2), text="semiconductor plant"), extraction("two", {}))], search=True)
    assert _ids(search_articles(settings, "semiconductor")) == ["two"]


def test_scores_match_the_fts_extensions_own_bm25(settings):
    """The saved query computes BM25 from the term-sorted postings; it must rank and score
    exactly as fts_main_articles.match_bm25 does, article by article."""
    from pipeline.store.connection import warehouse_session
    from pipeline.store.search import require_search_index

    ours = {r["article_id"]: r["score"]
            for r in search_articles(settings, "merger talks collapsed", limit=50).table.to_pylist()}
    with warehouse_session(settings, read_only=True) as con:
        require_search_index(con)
        theirs = dict(con.execute(
            "SELECT article_id, round(fts_main_articles.match_bm25(article_id, 'merger talks collapsed'), 3) "
            "FROM articles WHERE NOT is_duplicate").fetchall())
    assert ours == {k: v for k, v in theirs.items() if v is not None}
    assert len(ours) >= 3


def test_an_index_without_sorted_postings_is_rebuilt(tmp_path):
    """A warehouse indexed by an older newsmon (fts index, no postings) is not searched
    with a missing table: ensure_derived notices and rebuilds both."""
    from pipeline.store.connection import warehouse_session
    from pipeline.store.refresh import ensure_derived
    from pipeline.store.search import search_index_exists

    settings = WarehouseSettings(path=str(tmp_path / "old.duckdb"))
    write_stories(settings, [(article("one", day(1), text="battery plant"), extraction("one", {}))], search=True)
    with warehouse_session(settings) as con:
        con.execute("DROP TABLE fts_main_articles.postings")
        assert not search_index_exists(con)
        assert ensure_derived(con)
        assert search_index_exists(con)
    assert _ids(search_articles(settings, "battery")) == ["one"]


def _scores(settings, words: str) -> dict[str, float]:
    return {r["article_id"]: r["score"] for r in search_articles(settings, words, limit=100).table.to_pylist()}


def test_articles_added_later_are_indexed_as_a_full_rebuild_would(tmp_path):
    """New articles join the existing index (no rebuild); scores then equal both a full
    rebuild's and the extension's own match_bm25 on the updated index tables."""
    from pipeline.store.connection import warehouse_session
    from pipeline.store.search import rebuild_search_index, require_search_index

    settings = WarehouseSettings(path=str(tmp_path / "grow.duckdb"))
    stories = [(article(aid, day(n), title=title, text=text), extraction(aid, ENTITIES[aid]))
               for n, (aid, (title, text)) in enumerate(TEXTS.items())]
    write_stories(settings, stories[:2], search=True)       # builds the index
    write_stories(settings, stories[2:], search=True)       # appends to it
    queries = ("merger talks collapsed", "Nissan", "Toyota profit", "Foxconn tie-up", "invest")
    appended = {q: _scores(settings, q) for q in queries}
    with warehouse_session(settings) as con:
        require_search_index(con)
        bm25 = {q: dict(con.execute(
            "SELECT article_id, round(fts_main_articles.match_bm25(article_id, ?), 3) FROM articles",
            [q]).fetchall()) for q in queries}
        rebuild_search_index(con)
    rebuilt = {q: _scores(settings, q) for q in queries}
    assert appended == rebuilt
    assert appended == {q: {k: v for k, v in bm25[q].items() if v is not None} for q in queries}
    assert appended["merger talks collapsed"] and set(appended["Nissan"]) == {"talks", "tesla"}


def test_postings_are_sorted_again_once_a_tenth_was_appended(tmp_path):
    from pipeline.store.connection import warehouse_session

    settings = WarehouseSettings(path=str(tmp_path / "sorted.duckdb"))
    write_stories(settings, [(article("one", day(1), text="battery plant in Ohio"), extraction("one", {}))],
                  search=True)
    write_stories(settings, [(article("two", day(2), text="semiconductor plant in Kumamoto"),
                              extraction("two", {}))], search=True)
    with warehouse_session(settings, read_only=True) as con:
        total, sorted_rows = con.execute(
            "SELECT (SELECT count(*) FROM fts_main_articles.postings), "
            "(SELECT sorted_rows FROM fts_main_articles.postings_state)").fetchone()
        order = [r[0] for r in con.execute("SELECT termid FROM fts_main_articles.postings").fetchall()]
    assert total == sorted_rows and order == sorted(order)
    assert _ids(search_articles(settings, "semiconductor")) == ["two"]
