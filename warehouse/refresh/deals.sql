-- Rebuild agg_deals for the touched deals: one row per deal, status from the most
-- recent counted report (ties broken by article_id).
DELETE FROM agg_deals WHERE deal_key IN (SELECT deal_key FROM _touched_deals);

INSERT INTO agg_deals
SELECT
    any_value(deal_id), deal_key, any_value(type), any_value(participants),
    arg_max(status, (published_at, article_id)) FILTER (WHERE counts_for_status),
    min(published_at), max(published_at),
    count(DISTINCT article_id), count(DISTINCT source), count(DISTINCT status),
    max(amount_value), arg_max(amount_currency, amount_value),
    arg_max(evidence, (published_at, article_id)) FILTER (WHERE counts_for_status)
FROM agg_deal_reports
WHERE deal_key IN (SELECT deal_key FROM _touched_deals)
GROUP BY deal_key;
