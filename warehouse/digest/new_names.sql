-- ORG and PERSON entities first mentioned in an article stored in the window.
WITH firsts AS (
    SELECT m.entity_id, min(a.fetched_at) AS first_fetched, count(DISTINCT a.article_id) AS articles
    FROM mentions m JOIN articles a USING (article_id)
    GROUP BY m.entity_id
)
SELECT e.name, e.label, f.articles
FROM firsts f JOIN entities e USING (entity_id)
WHERE f.first_fetched > $since AND f.first_fetched <= $until AND e.label IN ('ORG', 'PERSON')
ORDER BY f.articles DESC, e.name
LIMIT $limit;
