-- deal_reports: every event read from an article, with its deal and publication
-- time: the input of the deal tracker. deal_id groups events of one deal across
-- articles (same type and participant set; roles ignored).
CREATE OR REPLACE VIEW deal_reports AS
SELECT
    substr(md5(ev.deal_key), 1, 16) AS deal_id,
    ev.deal_key,
    ev.event_id,
    ev.article_id,
    ev.type,
    ev.status,
    ev.amount_value,
    ev.amount_currency,
    ev.evidence,
    ev.confidence,
    a.published_at,
    CAST(a.published_at AS DATE) AS day,
    a.source,
    a.url,
    a.title,
    a.is_duplicate
FROM events ev
JOIN articles a ON a.article_id = ev.article_id;
