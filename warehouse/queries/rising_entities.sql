-- Whose coverage rose most this week compared with the week before?
-- Weeks are ISO weeks (Monday, UTC); stories count once.
-- @param week DATE = NULL              any day of the week to look at; NULL: the newest week
-- @param label VARCHAR = NULL          only this label; NULL: all
-- @param limit INTEGER = 20            rows to return
WITH this_week AS (
    SELECT CAST(date_trunc('week', coalesce(CAST($week AS DATE),
                (SELECT max(day) FROM agg_entity_day))) AS DATE) AS w
),
weekly AS (
    SELECT g.entity_id, CAST(date_trunc('week', g.day) AS DATE) AS week, sum(g.mentions) AS mentions
    FROM agg_entity_day g, this_week t
    WHERE g.day >= t.w - 7 AND g.day < t.w + 7
    GROUP BY 1, 2
)
SELECT e.name AS entity, e.label,
       CAST(coalesce(sum(mentions) FILTER (WHERE week = t.w), 0) AS BIGINT) AS mentions,
       CAST(coalesce(sum(mentions) FILTER (WHERE week < t.w), 0) AS BIGINT) AS previous,
       CAST(coalesce(sum(mentions) FILTER (WHERE week = t.w), 0)
            - coalesce(sum(mentions) FILTER (WHERE week < t.w), 0) AS BIGINT) AS rise,
       any_value(t.w) AS week
FROM weekly k JOIN entities e USING (entity_id), this_week t
WHERE CAST($label AS VARCHAR) IS NULL OR e.label = $label
GROUP BY e.name, e.label
ORDER BY rise DESC, entity
LIMIT $limit;
