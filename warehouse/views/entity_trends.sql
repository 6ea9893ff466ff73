-- entity_trends: daily_mentions with a 7-day rolling average and a z-score of the
-- day's mentions against the 28 days before it (days without mentions count as 0).
-- zscore = (mentions - mean_28d) / max(std_28d, 1): the floor of 1 keeps a flat
-- history from turning one stray mention into an infinite score.
-- is_spike: mentions >= 3 and zscore >= 3 in at least 2 stories (one article naming
-- a company many times is no spike), and the warehouse holds the 28 days before (its
-- first dated story is at least 28 days older): days before any story was stored are
-- no history, so a new warehouse does not call everything a spike.
CREATE OR REPLACE VIEW entity_trends AS
WITH since AS (SELECT min(day) AS first_day FROM agg_story)
SELECT
    g.day,                                            -- UTC calendar day
    e.name AS entity,                                 -- canonical name
    e.label,                                          -- entity label
    g.mentions,                                       -- mentions that day (stories counted once)
    g.articles,                                       -- stories that day
    round(g.avg_7d, 3) AS avg_7d,                     -- mean daily mentions over this day and the 6 before
    round(g.mean_28d, 3) AS mean_28d,                 -- mean daily mentions over the 28 days before
    round(g.std_28d, 3) AS std_28d,                   -- std-dev of daily mentions over the 28 days before
    round((g.mentions - g.mean_28d) / greatest(g.std_28d, 1.0), 3) AS zscore, -- (mentions - mean_28d) / max(std_28d, 1)
    g.mentions >= 3
        AND (g.mentions - g.mean_28d) / greatest(g.std_28d, 1.0) >= 3
        AND g.articles >= 2
        AND g.day - since.first_day >= 28 AS is_spike, -- mentions >= 3, zscore >= 3, 2+ stories, 28 days of history
    g.entity_id,                                      -- key into entities
    g.day - since.first_day AS history_days           -- days the warehouse holds before this day
FROM agg_entity_day g
JOIN entities e ON e.entity_id = g.entity_id
CROSS JOIN since;
