-- Share-price moves reported in articles stored in the window.
SELECT e.name AS entity, m.direction, m.pct, m.evidence, a.published_at, a.source, a.url, a.title
FROM market_moves m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
WHERE a.fetched_at > $since AND a.fetched_at <= $until AND NOT a.is_duplicate
ORDER BY a.published_at DESC
LIMIT $limit;
