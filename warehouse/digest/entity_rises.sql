-- Entities with the largest rise in mentions: stories in the window vs the window
-- of equal length before it (by publication day), with the window's spike days.
WITH win AS (
    SELECT entity, sum(mentions) AS mentions, sum(articles) AS articles,
           bool_or(is_spike) AS spiked
    FROM entity_trends
    WHERE day > CAST($since_pub AS DATE) AND day <= CAST($until AS DATE)
      AND label IN ('ORG', 'PERSON')
    GROUP BY entity
),
prev AS (
    SELECT entity, sum(mentions) AS mentions
    FROM daily_mentions
    WHERE day > CAST($since_pub AS DATE) - ($until - $since_pub)
      AND day <= CAST($since_pub AS DATE)
    GROUP BY entity
)
SELECT w.entity, w.mentions, coalesce(p.mentions, 0) AS previous, w.articles, w.spiked,
       w.mentions - coalesce(p.mentions, 0) AS rise
FROM win w LEFT JOIN prev p USING (entity)
ORDER BY rise DESC, w.mentions DESC
LIMIT $limit;
