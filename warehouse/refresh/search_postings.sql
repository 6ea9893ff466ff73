-- Postings of the full-text index sorted by term: one row per (term, article) with its
-- term frequency and the article's length in terms, plus the filter columns of each
-- indexed article.
--
-- DuckDB's fts index keeps its `terms` table in document order, one row per token,
-- and match_bm25 is evaluated once per article, so a search would read every token of
-- every article. Sorted by termid, the rows of one term sit in a few row groups and
-- the zone maps skip the others. Articles indexed later (search_append.sql) are
-- appended unsorted and re-sorted here once they pass a tenth of the rows.
--
-- The tables live in the index's own schema: rebuilding the index (overwrite) drops
-- them too, so a stale copy can never pair old document ids with a new index.
-- `articles` rows are never updated in place, so the filter columns stay valid.
CREATE OR REPLACE TABLE fts_main_articles.postings AS
WITH term_counts AS (
    SELECT termid, docid, count(*) AS tf
    FROM fts_main_articles.terms
    GROUP BY termid, docid
)
SELECT t.termid, t.docid, CAST(t.tf AS INTEGER) AS tf, CAST(d.len AS INTEGER) AS len
FROM term_counts t
JOIN fts_main_articles.docs d ON d.docid = t.docid
ORDER BY t.termid, t.docid;

CREATE OR REPLACE TABLE fts_main_articles.postings_state AS
SELECT count(*) AS sorted_rows FROM fts_main_articles.postings;

CREATE OR REPLACE TABLE fts_main_articles.doc_articles AS
SELECT d.docid, a.article_id, a.published_at, a.is_duplicate
FROM fts_main_articles.docs d
JOIN articles a ON a.article_id = d.name
ORDER BY d.docid;
