-- Recount agg_pair_week for the touched weeks: pairs of ORG/PERSON/GPE/NORP
-- entities named in the same story, the pair ordered by (name, label). Entities
-- are numbered in (name, label) order so that the self-join and the grouping work
-- on integers; names are joined back once per pair.
DELETE FROM agg_pair_week
WHERE week IN (SELECT DISTINCT CAST(date_trunc('week', day) AS DATE) FROM _touched_days);

INSERT INTO agg_pair_week (week, entity_a, entity_b, label_a, label_b, articles)
WITH ranked AS (
    SELECT entity_id, name, label, CAST(row_number() OVER (ORDER BY name, label) AS INTEGER) AS pos
    FROM entities
    WHERE label IN ('ORG', 'PERSON', 'GPE', 'NORP')
),
named AS (
    SELECT CAST(date_trunc('week', r.day) AS DATE) AS week, r.article_id, e.pos
    FROM _rep_mentions r
    JOIN ranked e ON e.entity_id = r.entity_id
),
pairs AS (
    SELECT a.week, a.pos AS pos_a, b.pos AS pos_b, count(*) AS articles
    FROM named a
    JOIN named b ON a.article_id = b.article_id AND a.pos < b.pos
    GROUP BY a.week, a.pos, b.pos
)
SELECT p.week, ea.name, eb.name, ea.label, eb.label, p.articles
FROM pairs p
JOIN ranked ea ON ea.pos = p.pos_a
JOIN ranked eb ON eb.pos = p.pos_b
ORDER BY p.week;
