-- Who is mentioned together with an entity most often?
-- Counts stories (near-duplicate clusters once) naming both, over a date range.
-- @param entity VARCHAR               entity: canonical name, alias or ticker (required)
-- @param since DATE = NULL             first ISO week (Monday) to count; NULL: all
-- @param until DATE = NULL             last day to count; NULL: all
-- @param limit INTEGER = 20            rows to return
SELECT CASE WHEN entity_a = $entity THEN entity_b ELSE entity_a END AS other,
       CASE WHEN entity_a = $entity THEN label_b ELSE label_a END AS label,
       CAST(sum(articles) AS BIGINT) AS stories,
       count(*) AS weeks,
       min(week) AS first_week, max(week) AS last_week
FROM co_mentions
WHERE (entity_a = $entity OR entity_b = $entity)
  AND (CAST($since AS DATE) IS NULL OR week >= date_trunc('week', CAST($since AS DATE)))
  AND (CAST($until AS DATE) IS NULL OR week <= CAST($until AS DATE))
GROUP BY 1, 2
ORDER BY stories DESC, other
LIMIT $limit;
