-- Rebuild agg_deal_history for the touched deals: the counted reports where the
-- status differs from the report before (ordered by publication time, article_id).
DELETE FROM agg_deal_history WHERE deal_key IN (SELECT deal_key FROM _touched_deals);

INSERT INTO agg_deal_history
WITH ordered AS (
    SELECT *, lag(status) OVER (PARTITION BY deal_key ORDER BY published_at, article_id) AS prev
    FROM agg_deal_reports
    WHERE counts_for_status AND deal_key IN (SELECT deal_key FROM _touched_deals)
)
SELECT deal_id, deal_key, type, participants, day, published_at, status, prev, article_id,
       source, url, title, evidence, day_statuses > 1
FROM ordered
WHERE prev IS NULL OR prev <> status
ORDER BY deal_key, published_at, article_id;
