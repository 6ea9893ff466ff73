-- Daily mentions of the given entities over the 30 days up to $series_end (the newest publication day in the window).
SELECT entity, day, mentions
FROM daily_mentions
WHERE entity IN (SELECT unnest($entities))
  AND day > CAST($series_end AS DATE) - 30 AND day <= CAST($series_end AS DATE)
ORDER BY entity, day;
