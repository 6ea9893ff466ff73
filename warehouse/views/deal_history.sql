-- deal_history: every status change of every deal, oldest first. Consecutive
-- reports of the same status collapse into the first one; `previous_status` is the
-- status before the change. When articles of one day report different statuses,
-- each shows as its own row and `contradicted` is true for that day.
CREATE OR REPLACE VIEW deal_history AS
WITH ordered AS (
    SELECT *,
           lag(status) OVER (PARTITION BY deal_id ORDER BY published_at, article_id) AS prev
    FROM deal_reports
),
changes AS (
    SELECT * FROM ordered WHERE prev IS NULL OR prev <> status
),
per_day AS (
    SELECT deal_id, day, count(DISTINCT status) AS statuses
    FROM deal_reports GROUP BY deal_id, day
)
SELECT
    c.deal_id,
    c.type,
    c.day,
    c.published_at,
    c.status,
    c.prev AS previous_status,
    c.article_id,
    c.source,
    c.url,
    c.title,
    c.evidence,
    d.statuses > 1 AS contradicted
FROM changes c
JOIN per_day d ON d.deal_id = c.deal_id AND d.day = c.day;
