-- Recount agg_entity_day for the touched days and recompute the rolling
-- statistics of every row they can influence (up to 28 days later).
CREATE OR REPLACE TEMP TABLE _day_counts AS
SELECT day, entity_id, CAST(sum(count) AS BIGINT) AS mentions, count(*) AS articles
FROM _rep_mentions
GROUP BY day, entity_id;

CREATE OR REPLACE TEMP TABLE _stat_range AS
SELECT min(day) AS lo, max(day) + 28 AS hi FROM _touched_days;

CREATE OR REPLACE TEMP TABLE _window_counts AS
SELECT day, entity_id, mentions, articles FROM _day_counts
UNION ALL
SELECT g.day, g.entity_id, g.mentions, g.articles
FROM agg_entity_day g, _stat_range s
WHERE g.day >= s.lo - 28 AND g.day <= s.hi
  AND g.day NOT IN (SELECT day FROM _touched_days);

DELETE FROM agg_entity_day
WHERE day >= (SELECT lo FROM _stat_range) AND day <= (SELECT hi FROM _stat_range);

INSERT INTO agg_entity_day (day, entity_id, mentions, articles, avg_7d, mean_28d, std_28d)
WITH stats AS (
    SELECT day, entity_id, mentions, articles,
           sum(mentions) OVER w7 / 7.0 AS avg_7d,
           coalesce(sum(mentions) OVER w28, 0) / 28.0 AS mean_28d,
           coalesce(sum(mentions * mentions) OVER w28, 0) / 28.0 AS meansq_28d
    FROM _window_counts
    WINDOW
        w7 AS (PARTITION BY entity_id ORDER BY day
               RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW),
        w28 AS (PARTITION BY entity_id ORDER BY day
                RANGE BETWEEN INTERVAL 28 DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING)
)
SELECT day, entity_id, mentions, articles, avg_7d, mean_28d,
       sqrt(greatest(meansq_28d - mean_28d * mean_28d, 0)) AS std_28d
FROM stats, _stat_range s
WHERE day >= s.lo AND day <= s.hi
ORDER BY day, entity_id;
