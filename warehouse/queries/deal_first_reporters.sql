-- Which sources broke each deal first?
-- For the most-reported deals (optionally only those naming an entity), the earliest dated report.
-- @param entity VARCHAR = NULL         only deals with this participant; NULL: all deals
-- @param limit INTEGER = 20            rows to return
WITH chosen AS (
    SELECT deal_id, articles
    FROM deals
    WHERE CAST($entity AS VARCHAR) IS NULL OR list_contains(string_split(deal_key, '|'), $entity)
    ORDER BY articles DESC, first_seen, deal_id
    LIMIT $limit
)
SELECT r.type, r.participants,
       arg_min(r.source, (r.published_at, r.article_id)) AS first_source,
       min(r.published_at) AS first_reported,
       arg_min(r.status, (r.published_at, r.article_id)) AS first_status,
       arg_min(r.title, (r.published_at, r.article_id)) AS first_title,
       count(DISTINCT r.source) AS sources,
       any_value(c.articles) AS articles,
       r.deal_id
FROM deal_reports r
JOIN chosen c ON c.deal_id = r.deal_id
WHERE r.dated
GROUP BY r.deal_id, r.type, r.participants
ORDER BY articles DESC, first_reported;
