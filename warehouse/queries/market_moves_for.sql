-- How did an entity's share price move according to the news?
-- @param entity VARCHAR               entity: canonical name, alias or ticker (required)
-- @param limit INTEGER = 20            rows to return
SELECT a.published_at, mm.direction, mm.pct, a.source, mm.evidence, a.url
FROM market_moves mm
JOIN articles a ON a.article_id = mm.article_id
WHERE mm.entity_id IN (SELECT entity_id FROM entities WHERE name = $entity)
  AND NOT a.is_duplicate
ORDER BY a.published_at DESC
LIMIT $limit;
