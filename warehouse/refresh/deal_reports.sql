-- The reports of the touched deals, every event joined with its article, into
-- _deal_reports_base. pipeline/store/deal_refresh.py then reads each deal's reports
-- as a lifecycle (pipeline/store/deal_lifecycle.py) and writes agg_deal_reports and
-- agg_deal_history. Undated backfill counts for status only when the deal has no
-- dated report; its day is NULL (its published_at is only the fetch time).
CREATE OR REPLACE TEMP TABLE _deal_reports_base AS
WITH reports AS (
    SELECT
        substr(md5(ev.deal_key), 1, 16) AS deal_id, ev.deal_key, ev.event_id, ev.article_id, ev.type,
        array_to_string(string_split(ev.deal_key, '|')[2:], ' + ') AS participants,
        ev.status, ev.amount_value, ev.amount_currency, ev.evidence, ev.confidence,
        a.published_at, CASE WHEN a.published_source <> 'fetch' THEN CAST(a.published_at AS DATE) END AS day, a.source, a.url, a.title, a.is_duplicate,
        a.published_source <> 'fetch' AS dated, ev.amount_is_price
    FROM events ev
    JOIN articles a ON a.article_id = ev.article_id
    WHERE ev.deal_key IN (SELECT deal_key FROM _touched_deals)
)
SELECT *, dated OR NOT bool_or(dated) OVER (PARTITION BY deal_key) AS counts_for_status
FROM reports
ORDER BY deal_key, published_at, article_id;
