-- Replace the touched deals' rows of agg_deal_reports and agg_deal_history with those
-- the lifecycle fold produced (_deal_reports_read, _deal_history_new: Arrow tables
-- registered by pipeline/store/deal_refresh.py). The amount counts for the deal only
-- when the extractor read it as the deal's price or size and the report is news about
-- the deal that does not deny it (not a recap, a disputed denial or undated backfill).
DELETE FROM agg_deal_reports WHERE deal_key IN (SELECT deal_key FROM _touched_deals);
DELETE FROM agg_deal_history WHERE deal_key IN (SELECT deal_key FROM _touched_deals);

INSERT INTO agg_deal_reports
SELECT b.deal_id, b.deal_key, b.event_id, b.article_id, b.type, b.participants, b.status,
       b.amount_value, b.amount_currency, b.evidence, b.confidence, b.published_at, b.day,
       b.source, b.url, b.title, b.is_duplicate, b.dated, b.counts_for_status,
       coalesce(r.day_statuses, 0), b.amount_is_price, r.reading, r.reading IN ('opens', 'advances', 'ends', 'reopens', 'confirms', 'disputed'),
       r.contradicted,
       b.amount_value IS NOT NULL AND coalesce(b.amount_is_price, false) AND b.status <> 'denied'
           AND r.reading IN ('opens', 'advances', 'ends', 'reopens', 'confirms')
FROM _deal_reports_base b
JOIN _deal_reports_read r USING (event_id)
ORDER BY b.deal_key, b.published_at, b.article_id;

INSERT INTO agg_deal_history
SELECT b.deal_id, b.deal_key, b.type, b.participants,
       CASE WHEN b.dated THEN b.day END, CASE WHEN b.dated THEN b.published_at END,
       h.status, h.previous_status, b.article_id, b.source, b.url, b.title, b.evidence,
       h.contradicted, h.change, b.confidence, b.event_id, b.published_at, b.dated
FROM _deal_history_new h
JOIN _deal_reports_base b USING (event_id)
ORDER BY b.deal_key, b.published_at, b.article_id;
