-- share_of_voice: each ORG/PERSON entity's share of all ORG/PERSON mentions per ISO week.
CREATE OR REPLACE VIEW share_of_voice AS
WITH weekly AS (
    SELECT CAST(date_trunc('week', day) AS DATE) AS week, entity, label,
           sum(mentions) AS mentions, sum(articles) AS articles
    FROM daily_mentions
    WHERE label IN ('ORG', 'PERSON')
    GROUP BY 1, 2, 3
)
SELECT week, entity, label, mentions, articles,
       round(mentions * 1.0 / sum(mentions) OVER (PARTITION BY week), 4) AS share
FROM weekly;
