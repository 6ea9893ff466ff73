-- Which articles match some words best (BM25 full-text search over title and text)?
-- Optionally only articles naming an entity and published within dates; near-duplicate
-- copies are folded into their story unless include_copies is true.
-- @param words VARCHAR                 the words to look for (required)
-- @param entity VARCHAR = NULL         only articles mentioning this canonical entity
-- @param since DATE = NULL             first UTC publication day; NULL: no bound
-- @param until DATE = NULL             last UTC publication day; NULL: no bound
-- @param include_copies BOOLEAN = false  also list near-duplicate copies
-- @param limit INTEGER = 20            rows to return
--
-- Scores are Okapi BM25 exactly as fts_main_articles.match_bm25 computes them (k1 = 1.2,
-- b = 0.75), summed once for the query's terms from the term-sorted postings that
-- warehouse/refresh/search_postings.sql builds with the index, instead of once per article.
WITH query_terms AS (
    SELECT DISTINCT stem(unnest(fts_main_articles.tokenize($words)), 'porter') AS term
),
matched AS (
    SELECT d.termid, log((s.num_docs - d.df + 0.5) / (d.df + 0.5) + 1) AS idf, s.avgdl
    FROM fts_main_articles.dict d
    JOIN query_terms q ON d.term = q.term
    CROSS JOIN fts_main_articles.stats s
),
scored AS (
    SELECT p.docid,
           sum(m.idf * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.len / m.avgdl))) AS score
    FROM fts_main_articles.postings p
    JOIN matched m ON m.termid = p.termid
    GROUP BY p.docid
),
top_hits AS (   -- rank on the snapshot's filter columns; the wide columns are read for the winners
    SELECT da.article_id, sc.score, da.published_at
    FROM scored sc
    JOIN fts_main_articles.doc_articles da ON da.docid = sc.docid
    WHERE ($include_copies OR NOT da.is_duplicate)
      AND (CAST($since AS DATE) IS NULL OR da.published_at >= CAST($since AS DATE))
      AND (CAST($until AS DATE) IS NULL OR da.published_at < CAST($until AS DATE) + 1)
      AND (CAST($entity AS VARCHAR) IS NULL OR da.article_id IN (
            SELECT m.article_id FROM mentions m JOIN entities e ON e.entity_id = m.entity_id
            WHERE e.name = $entity))
    ORDER BY sc.score DESC, da.published_at DESC, da.article_id
    LIMIT $limit
)
SELECT round(t.score, 3) AS score, a.published_at, a.source, a.title,
       CASE WHEN a.published_source = 'fetch' THEN 'undated' ELSE 'dated' END AS date_kind,
       a.url, a.article_id, coalesce(a.cluster_id, a.article_id) AS cluster_id
FROM top_hits t
JOIN articles a ON a.article_id = t.article_id
ORDER BY t.score DESC, a.published_at DESC, a.article_id;
