-- Who was mentioned most over a period?
-- Stories count once (near-duplicate clusters); undated backfill is excluded.
-- @param since DATE = NULL             first UTC day; NULL: from the start
-- @param until DATE = NULL             last UTC day; NULL: to the end
-- @param label VARCHAR = NULL          only this label (ORG, PERSON, GPE, ...); NULL: all
-- @param limit INTEGER = 20            rows to return
SELECT entity, label, CAST(sum(mentions) AS BIGINT) AS mentions,
       CAST(sum(articles) AS BIGINT) AS stories, count(*) AS active_days,
       min(day) AS first_day, max(day) AS last_day
FROM daily_mentions
WHERE (CAST($since AS DATE) IS NULL OR day >= CAST($since AS DATE))
  AND (CAST($until AS DATE) IS NULL OR day <= CAST($until AS DATE))
  AND (CAST($label AS VARCHAR) IS NULL OR label = $label)
GROUP BY entity, label
ORDER BY mentions DESC, entity
LIMIT $limit;
