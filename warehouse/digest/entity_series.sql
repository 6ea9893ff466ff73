-- Daily mentions (and spike days) of the given entities over the 30 days up to
-- $series_end, the newest publication day in the window.
SELECT entity, day, sum(mentions) AS mentions, bool_or(is_spike) AS is_spike
FROM entity_trends
WHERE entity IN (SELECT unnest($entities))
  AND day > CAST($series_end AS DATE) - 30 AND day <= CAST($series_end AS DATE)
GROUP BY entity, day
ORDER BY entity, day;
