-- daily_mentions: how often each entity was mentioned per UTC day.
-- mentions = sum of in-article mention counts; articles = distinct stories
-- (near-duplicate clusters count once). Undated backfill is excluded.
CREATE OR REPLACE VIEW daily_mentions AS
SELECT
    t.day,
    e.name AS entity,
    e.label,
    CAST(sum(m.count) AS BIGINT) AS mentions,
    count(DISTINCT t.cluster_id) AS articles
FROM trend_articles t
JOIN mentions m ON m.article_id = t.article_id
JOIN entities e ON e.entity_id = m.entity_id
GROUP BY t.day, e.name, e.label;
