-- Every report of the deals reported by an article in the window, oldest first, with
-- in_window set on the window's own reports. pipeline/digest/gather.py folds each
-- deal's reports as a lifecycle (pipeline/store/deal_lifecycle.py) with the digest's
-- min_confidence and keeps the status changes the window's reports caused.
WITH win AS (
    SELECT article_id FROM digest_articles a
    WHERE in_digest_window(a.published_at, a.published_source <> 'fetch', a.stored_at, $since, $until, $late_h)
)
SELECT r.deal_id, r.event_id, r.article_id, r.type, r.participants, r.status, r.published_at,
       r.dated, r.counts_for_status, r.confidence, r.evidence, r.source, r.url, r.title,
       r.article_id IN (SELECT article_id FROM win) AS in_window,
       d.articles AS deal_articles, d.sources AS deal_sources
FROM deal_reports r
JOIN deals d USING (deal_id)
WHERE r.deal_id IN (SELECT deal_id FROM deal_reports WHERE article_id IN (SELECT article_id FROM win))
  AND r.article_id IN (SELECT article_id FROM digest_articles a WHERE a.stored_at <= $until)
ORDER BY r.deal_id, r.published_at, r.article_id;
