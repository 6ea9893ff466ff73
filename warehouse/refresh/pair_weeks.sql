-- Recount agg_pair_week for the touched weeks: pairs of ORG/PERSON/GPE/NORP
-- entities named in the same story, the pair ordered by (name, label).
DELETE FROM agg_pair_week
WHERE week IN (SELECT DISTINCT CAST(date_trunc('week', day) AS DATE) FROM _touched_days);

INSERT INTO agg_pair_week (week, entity_a, entity_b, label_a, label_b, articles)
WITH named AS (
    SELECT CAST(date_trunc('week', r.day) AS DATE) AS week, r.cluster_id, e.name, e.label
    FROM _story_reps r
    JOIN mentions m ON m.article_id = r.article_id
    JOIN entities e ON e.entity_id = m.entity_id
    WHERE e.label IN ('ORG', 'PERSON', 'GPE', 'NORP')
)
SELECT a.week, a.name, b.name, a.label, b.label, count(*) AS articles
FROM named a
JOIN named b ON a.cluster_id = b.cluster_id AND (a.name, a.label) < (b.name, b.label)
GROUP BY a.week, a.name, b.name, a.label, b.label
ORDER BY 1, 2, 3;
