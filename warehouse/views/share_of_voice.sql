-- share_of_voice: each ORG/PERSON entity's share of all ORG/PERSON mentions per ISO
-- week (stories counted once, undated backfill excluded).
CREATE OR REPLACE VIEW share_of_voice AS
WITH weekly AS (
    SELECT CAST(date_trunc('week', g.day) AS DATE) AS week, g.entity_id,
           sum(g.mentions) AS mentions, sum(g.articles) AS articles
    FROM agg_entity_day g
    GROUP BY 1, 2
)
SELECT
    w.week,                                          -- Monday of the ISO week (UTC)
    e.name AS entity,                                -- canonical name
    e.label,                                         -- ORG or PERSON
    CAST(w.mentions AS BIGINT) AS mentions,          -- the entity's mentions that week
    CAST(w.articles AS BIGINT) AS articles,          -- stories naming the entity that week
    round(w.mentions / sum(w.mentions) OVER (PARTITION BY w.week), 4) AS share, -- mentions / all ORG+PERSON mentions that week
    rank() OVER (PARTITION BY w.week ORDER BY w.mentions DESC) AS rank      -- 1 = most mentioned that week
FROM weekly w
JOIN entities e ON e.entity_id = w.entity_id
WHERE e.label IN ('ORG', 'PERSON');
