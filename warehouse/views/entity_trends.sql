-- entity_trends: per entity and day with mentions, the 7-day rolling average and a
-- z-score of the day's mentions against the 28 days before it (days without
-- mentions count as zero). z = (mentions - mean_28d) / max(stddev_28d, 1): the floor
-- of 1 keeps a flat history from turning one stray mention into an infinite score.
-- is_spike: mentions >= 3 and zscore >= 3.
CREATE OR REPLACE VIEW entity_trends AS
WITH daily AS (
    SELECT day, entity, label, mentions, articles FROM daily_mentions
),
windows AS (
    SELECT
        day, entity, label, mentions, articles,
        sum(mentions) OVER w7 / 7.0 AS avg_7d,
        coalesce(sum(mentions) OVER w28, 0) / 28.0 AS mean_28d,
        coalesce(sum(mentions * mentions) OVER w28, 0) / 28.0 AS sumsq_28d
    FROM daily
    WINDOW
        w7 AS (PARTITION BY entity, label ORDER BY day RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW),
        w28 AS (PARTITION BY entity, label ORDER BY day RANGE BETWEEN INTERVAL 28 DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING)
)
SELECT
    day, entity, label, mentions, articles,
    round(avg_7d, 3) AS avg_7d,
    round(mean_28d, 3) AS mean_28d,
    round((mentions - mean_28d) / greatest(sqrt(greatest(sumsq_28d - mean_28d * mean_28d, 0)), 1.0), 3) AS zscore,
    mentions >= 3
        AND (mentions - mean_28d) / greatest(sqrt(greatest(sumsq_28d - mean_28d * mean_28d, 0)), 1.0) >= 3 AS is_spike
FROM windows;
