-- Rebuild agg_deals for the touched deals: one row per deal. The status is where the
-- lifecycle stands (the last change in agg_deal_history); first/last seen come from
-- dated reports only (NULL when undated backfill is all there is); the amount is the
-- largest one that counts as the deal's price or size, with the article it came from.
DELETE FROM agg_deals WHERE deal_key IN (SELECT deal_key FROM _touched_deals);

INSERT INTO agg_deals
WITH latest AS (
    SELECT deal_key, arg_max(status, stamp) AS status, arg_max(evidence, stamp) AS evidence,
           max(published_at) AS status_since, arg_max(article_id, stamp) AS status_article_id
    FROM agg_deal_history
    WHERE deal_key IN (SELECT deal_key FROM _touched_deals)
    GROUP BY deal_key
),
amounts AS (
    SELECT deal_key, max(amount_value) AS max_amount,
           arg_max(amount_currency, (amount_value, published_at)) AS currency,
           arg_max(article_id, (amount_value, published_at)) AS article_id,
           arg_max(source, (amount_value, published_at)) AS source,
           arg_max(url, (amount_value, published_at)) AS url,
           arg_max(title, (amount_value, published_at)) AS title,
           arg_max(evidence, (amount_value, published_at)) AS evidence
    FROM agg_deal_reports
    WHERE amount_counts AND deal_key IN (SELECT deal_key FROM _touched_deals)
    GROUP BY deal_key
)
SELECT
    any_value(r.deal_id), r.deal_key, any_value(r.type), any_value(r.participants),
    any_value(l.status),
    min(r.published_at) FILTER (WHERE r.dated), max(r.published_at) FILTER (WHERE r.dated),
    count(DISTINCT r.article_id), count(DISTINCT r.source), count(DISTINCT r.status),
    any_value(m.max_amount), any_value(m.currency), any_value(l.evidence),
    bool_or(r.dated), any_value(l.status_since), any_value(l.status_article_id),
    any_value(m.article_id), any_value(m.source), any_value(m.url), any_value(m.title),
    any_value(m.evidence)
FROM agg_deal_reports r
LEFT JOIN latest l ON l.deal_key = r.deal_key
LEFT JOIN amounts m ON m.deal_key = r.deal_key
WHERE r.deal_key IN (SELECT deal_key FROM _touched_deals)
GROUP BY r.deal_key;
