-- What is the story of each deal, status by status, on one line?
-- E.g. "merger Honda + Nissan: talks (Dec 23) → collapsed (Feb 13)"; the most-reported deals
-- first. Recaps of earlier stages are not steps (see deal_history); undated steps say so.
-- @param entity VARCHAR = NULL         only deals with this participant; NULL: all deals
-- @param limit INTEGER = 20            rows to return
WITH chosen AS (
    SELECT *
    FROM deals
    WHERE CAST($entity AS VARCHAR) IS NULL OR list_contains(string_split(deal_key, '|'), $entity)
    ORDER BY articles DESC, last_seen DESC NULLS LAST, deal_id
    LIMIT $limit
)
SELECT d.type, d.participants, d.status,
       string_agg(h.status || ' (' || coalesce(strftime(h.day, '%b %d'), 'undated') || ')'
                  || CASE WHEN h.change = 'reopens' THEN ' reopened' ELSE '' END, ' → '
                  ORDER BY h.published_at NULLS LAST, h.article_id) AS timeline,
       bool_or(h.contradicted) AS contradicted,
       d.first_seen, d.last_seen, d.articles, d.sources, d.deal_id
FROM chosen d
JOIN deal_history h ON h.deal_id = d.deal_id
GROUP BY ALL
ORDER BY d.articles DESC, d.last_seen DESC NULLS LAST, d.deal_id;
