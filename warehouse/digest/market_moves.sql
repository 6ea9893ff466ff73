-- Share-price moves reported in articles stored in the window, one row per entity,
-- direction, size and day however many outlets reported it; largest moves first.
SELECT e.name AS entity, m.direction, m.pct,
       CAST(a.published_at AS DATE) AS day,
       arg_min(m.evidence, a.published_at) AS evidence,
       arg_min(a.source, a.published_at) AS source,
       arg_min(a.url, a.published_at) AS url,
       min(a.published_at) AS published_at,
       count(DISTINCT a.source) AS sources
FROM market_moves m
JOIN entities e USING (entity_id)
JOIN digest_articles a USING (article_id)
WHERE in_digest_window(a.published_at, a.published_source <> 'fetch', a.stored_at, $since, $until, $late_h) AND NOT a.is_duplicate
GROUP BY e.name, m.direction, m.pct, CAST(a.published_at AS DATE)
ORDER BY abs(m.pct) DESC NULLS LAST, published_at DESC, entity
LIMIT $limit;
