-- Which articles match some words best (BM25 full-text search over title and text)?
-- Optionally only articles naming an entity and published within dates; near-duplicate
-- copies are folded into their story unless include_copies is true.
-- @param words VARCHAR                 the words to look for (required)
-- @param entity VARCHAR = NULL         only articles mentioning this canonical entity
-- @param since DATE = NULL             first UTC publication day; NULL: no bound
-- @param until DATE = NULL             last UTC publication day; NULL: no bound
-- @param include_copies BOOLEAN = false  also list near-duplicate copies
-- @param limit INTEGER = 20            rows to return
WITH scored AS (
    SELECT article_id, fts_main_articles.match_bm25(article_id, $words) AS score
    FROM articles
),
hits AS (
    SELECT s.article_id, s.score FROM scored s WHERE s.score IS NOT NULL
)
SELECT round(h.score, 3) AS score, a.published_at, a.source, a.title,
       CASE WHEN a.published_source = 'fetch' THEN 'undated' ELSE 'dated' END AS date_kind,
       a.url, a.article_id, coalesce(a.cluster_id, a.article_id) AS cluster_id
FROM hits h
JOIN articles a ON a.article_id = h.article_id
WHERE ($include_copies OR NOT a.is_duplicate)
  AND (CAST($since AS DATE) IS NULL OR a.published_at >= CAST($since AS DATE))
  AND (CAST($until AS DATE) IS NULL OR a.published_at < CAST($until AS DATE) + 1)
  AND (CAST($entity AS VARCHAR) IS NULL OR a.article_id IN (
        SELECT m.article_id FROM mentions m JOIN entities e ON e.entity_id = m.entity_id
        WHERE e.name = $entity))
ORDER BY h.score DESC, a.published_at DESC
LIMIT $limit;
