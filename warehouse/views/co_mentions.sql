-- co_mentions: pairs of entities named in the same story, per ISO week (Monday).
-- entity_a < entity_b alphabetically; articles = distinct stories (clusters).
CREATE OR REPLACE VIEW co_mentions AS
WITH am AS (
    SELECT t.cluster_id, date_trunc('week', t.day) AS week, e.name
    FROM trend_articles t
    JOIN mentions m ON m.article_id = t.article_id
    JOIN entities e ON e.entity_id = m.entity_id
    WHERE e.label IN ('ORG', 'PERSON', 'GPE', 'NORP')
)
SELECT
    CAST(a.week AS DATE) AS week,
    a.name AS entity_a,
    b.name AS entity_b,
    count(DISTINCT a.cluster_id) AS articles
FROM am a
JOIN am b ON a.cluster_id = b.cluster_id AND a.name < b.name
GROUP BY 1, 2, 3;
