-- Where did fresh reports of the same day disagree about a deal's status?
-- One row per deal, day and reported status, with the articles saying so. Only
-- reports that are news about the deal count (deal_reports.fresh): a recap of an
-- earlier stage beside the day's news is no contradiction.
-- @param since DATE = NULL             first UTC day; NULL: all
-- @param limit INTEGER = 50            rows to return
WITH days AS (
    SELECT DISTINCT deal_id, day
    FROM deal_reports
    WHERE contradicted AND (CAST($since AS DATE) IS NULL OR day >= CAST($since AS DATE))
)
SELECT r.day, r.type, r.participants, r.status, count(*) AS articles,
       string_agg(DISTINCT r.source, ', ') AS sources, any_value(r.evidence) AS evidence, r.deal_id
FROM deal_reports r
JOIN days USING (deal_id, day)
WHERE r.fresh
GROUP BY r.day, r.type, r.participants, r.status, r.deal_id
ORDER BY r.day DESC, r.participants, r.status
LIMIT $limit;
