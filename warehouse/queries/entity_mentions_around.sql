-- How was an entity covered day by day around a date?
-- One row per day in the window, zero-filled, with the day's spike flag.
-- @param entity VARCHAR                entity: canonical name, alias or ticker (required)
-- @param day DATE = 'today'             centre of the window (UTC day; a date, today, or 3d for three days ago)
-- @param days INTEGER = 7               days either side of `day`
WITH window_days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range(CAST($day AS DATE) - $days, CAST($day AS DATE) + $days + 1, INTERVAL 1 DAY) AS r(d)
)
SELECT w.day, coalesce(t.mentions, 0) AS mentions, coalesce(t.articles, 0) AS stories,
       t.avg_7d, t.zscore, coalesce(t.is_spike, false) AS is_spike
FROM window_days w
LEFT JOIN entity_trends t ON t.day = w.day AND t.entity = $entity
ORDER BY w.day;
