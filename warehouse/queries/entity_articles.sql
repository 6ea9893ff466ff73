-- Which articles mention an entity, newest first?
-- Near-duplicate copies are left out (the story's first stored copy is shown).
-- @param entity VARCHAR               entity: canonical name, alias or ticker (required)
-- @param since DATE = NULL             first UTC day; NULL: all
-- @param limit INTEGER = 20            rows to return
WITH hits AS (
    SELECT article_id, count
    FROM mentions
    WHERE entity_id IN (SELECT entity_id FROM entities WHERE name = $entity)
),
newest AS (   -- pick the page of articles first, then fetch their columns
    SELECT a.article_id
    FROM articles a SEMI JOIN hits h ON h.article_id = a.article_id
    WHERE NOT a.is_duplicate
      AND (CAST($since AS DATE) IS NULL OR a.published_at >= CAST($since AS DATE))
    ORDER BY a.published_at DESC, a.article_id
    LIMIT $limit
)
SELECT a.published_at, a.source, a.title, h.count AS mentions, a.url, a.article_id
FROM newest n
JOIN articles a ON a.article_id = n.article_id
JOIN hits h ON h.article_id = n.article_id
ORDER BY a.published_at DESC, a.article_id;
