-- Where did articles of the same day disagree about a deal's status?
-- One row per deal, day and reported status, with the articles saying so.
-- @param since DATE = NULL             first UTC day; NULL: all
-- @param limit INTEGER = 50            rows to return
WITH days AS (
    SELECT deal_id, day
    FROM deal_reports
    WHERE counts_for_status AND (CAST($since AS DATE) IS NULL OR day >= CAST($since AS DATE))
    GROUP BY deal_id, day
    HAVING count(DISTINCT status) > 1
)
SELECT r.day, r.type, r.participants, r.status, count(*) AS articles,
       string_agg(DISTINCT r.source, ', ') AS sources, any_value(r.evidence) AS evidence, r.deal_id
FROM deal_reports r
JOIN days USING (deal_id, day)
WHERE r.counts_for_status
GROUP BY r.day, r.type, r.participants, r.status, r.deal_id
ORDER BY r.day DESC, r.participants, r.status
LIMIT $limit;
