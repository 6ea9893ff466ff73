-- Which entities spiked in the last few days?
-- Spike: at least 3 mentions and a z-score of 3 or more against the 28 days before.
-- @param until DATE = NULL         last day to look at (NULL: the newest day in the warehouse)
-- @param days INTEGER = 7          how many days back from `until`
-- @param label VARCHAR = NULL      only this entity label (ORG, PERSON, ...); NULL: all
-- @param limit INTEGER = 20        rows to return
WITH last_day AS (
    SELECT coalesce(CAST($until AS DATE), (SELECT max(day) FROM agg_entity_day)) AS d
)
SELECT t.day, t.entity, t.label, t.mentions, t.articles AS stories, t.mean_28d, t.zscore
FROM entity_trends t, last_day l
WHERE t.is_spike
  AND t.day > l.d - $days AND t.day <= l.d
  AND (CAST($label AS VARCHAR) IS NULL OR t.label = $label)
ORDER BY t.zscore DESC, t.mentions DESC, t.entity
LIMIT $limit;
