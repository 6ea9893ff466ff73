-- Companies and people that entered the story in the window: named by an article
-- stored in the window, and first named (by publication day, near-duplicates and
-- undated backfill left out, as in daily_mentions) within the window's publication days.
-- (daily_mentions is small: looking up first days there beats scanning all mentions.)
WITH win AS (
    SELECT m.entity_id, count(DISTINCT coalesce(a.cluster_id, a.article_id)) AS stories
    FROM digest_articles a
    JOIN mentions m USING (article_id)
    WHERE a.stored_at > $since AND a.stored_at <= $until
    GROUP BY m.entity_id
),
named AS (
    SELECT e.name, e.label, w.stories
    FROM win w JOIN entities e USING (entity_id)
    WHERE e.label IN ('ORG', 'PERSON')
),
firsts AS (
    SELECT d.entity, d.label, min(d.day) AS first_day
    FROM daily_mentions d
    JOIN named n ON n.name = d.entity AND n.label = d.label
    GROUP BY d.entity, d.label
)
SELECT n.name, n.label, n.stories
FROM named n
JOIN firsts f ON f.entity = n.name AND f.label = n.label
WHERE f.first_day > CAST($since_pub AS DATE)
ORDER BY n.stories DESC, n.name
LIMIT $limit;
