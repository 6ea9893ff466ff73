-- Postings of the full-text index sorted by term, with each (term, article) pair's
-- BM25 term weight already worked out, plus the filter columns of each indexed article.
--
-- DuckDB's fts index keeps its `terms` table in document order, one row per token,
-- and match_bm25 is evaluated once per article, so a search reads every token of
-- every article. Sorted by termid, the rows of one term sit in a few row groups and
-- the zone maps skip the others; with the weight stored, a query only sums
-- idf x weight per article. The weight is Okapi BM25's with match_bm25's defaults,
-- k1 = 1.2 and b = 0.75:  tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgdl)).
--
-- Both tables live in the index's own schema: rebuilding the index (overwrite) drops
-- them too, so a stale copy can never pair old document ids with a new index.
-- `articles` rows are never updated in place, so their filter columns stay valid
-- for as long as the index does.
CREATE OR REPLACE TABLE fts_main_articles.postings AS
WITH term_counts AS (
    SELECT termid, docid, count(*) AS tf
    FROM fts_main_articles.terms
    GROUP BY termid, docid
)
SELECT t.termid, t.docid,
       CAST(t.tf * 2.2 / (t.tf + 1.2 * (0.25 + 0.75 * d.len / s.avgdl)) AS DOUBLE) AS weight
FROM term_counts t
JOIN fts_main_articles.docs d ON d.docid = t.docid
CROSS JOIN fts_main_articles.stats s
ORDER BY t.termid, t.docid;

CREATE OR REPLACE TABLE fts_main_articles.doc_articles AS
SELECT d.docid, a.article_id, a.published_at, a.is_duplicate
FROM fts_main_articles.docs d
JOIN articles a ON a.article_id = d.name
ORDER BY d.docid;
