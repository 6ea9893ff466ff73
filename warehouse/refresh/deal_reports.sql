-- Rebuild agg_deal_reports for the touched deals: every event joined with its
-- article. Undated backfill counts for status only when the deal has no dated report.
DELETE FROM agg_deal_reports WHERE deal_key IN (SELECT deal_key FROM _touched_deals);

INSERT INTO agg_deal_reports
WITH reports AS (
    SELECT
        substr(md5(ev.deal_key), 1, 16) AS deal_id, ev.deal_key, ev.event_id, ev.article_id, ev.type,
        array_to_string(string_split(ev.deal_key, '|')[2:], ' + ') AS participants,
        ev.status, ev.amount_value, ev.amount_currency, ev.evidence, ev.confidence,
        a.published_at, CAST(a.published_at AS DATE) AS day, a.source, a.url, a.title, a.is_duplicate,
        a.published_source <> 'fetch' AS dated
    FROM events ev
    JOIN articles a ON a.article_id = ev.article_id
    WHERE ev.deal_key IN (SELECT deal_key FROM _touched_deals)
),
counted AS (
    SELECT *, dated OR NOT bool_or(dated) OVER (PARTITION BY deal_key) AS counts_for_status
    FROM reports
),
per_day AS (
    SELECT deal_key, day, count(DISTINCT status) AS day_statuses
    FROM counted WHERE counts_for_status GROUP BY deal_key, day
)
SELECT c.deal_id, c.deal_key, c.event_id, c.article_id, c.type, c.participants, c.status,
       c.amount_value, c.amount_currency, c.evidence, c.confidence, c.published_at, c.day,
       c.source, c.url, c.title, c.is_duplicate, c.dated, c.counts_for_status,
       coalesce(p.day_statuses, 0) AS day_statuses
FROM counted c
LEFT JOIN per_day p ON p.deal_key = c.deal_key AND p.day = c.day
ORDER BY c.deal_key, c.published_at;
