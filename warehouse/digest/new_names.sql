-- Companies and people that entered the story in the window: named by an article of
-- the window and first named (by publication day, near-duplicates and undated backfill
-- left out, as in daily_mentions) after the window began. "New" needs something to be
-- new against: when the warehouse holds no story published before the window began
-- (a first digest, --since all), no name is new.
WITH win AS (
    SELECT m.entity_id, count(DISTINCT coalesce(a.cluster_id, a.article_id)) AS stories
    FROM digest_articles a
    JOIN mentions m USING (article_id)
    WHERE in_digest_window(a.published_at, a.published_source <> 'fetch', a.stored_at, $since, $until, $late_h)
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
WHERE f.first_day >= CAST($since AS DATE)
  AND EXISTS (SELECT 1 FROM trend_articles t WHERE t.published_at <= $since)
ORDER BY n.stories DESC, n.name
LIMIT $limit;
