-- Deal status changes (a previous status existed) reported by articles stored since
-- $since, and spikes of the watched entities on the publication days of those articles.
SELECT 'deal:' || h.deal_id || ':' || h.article_id || ':' || h.status AS alert_key,
       'deal' AS kind, d.type, d.participants, h.previous_status, h.status,
       h.contradicted, h.source, h.url, h.evidence, NULL AS entity, NULL AS mentions,
       coalesce(h.published_at, a.stored_at) AS happened_at   -- undated backfill: when stored
FROM deal_history h
JOIN deals d USING (deal_id)
JOIN digest_articles a ON a.article_id = h.article_id
WHERE a.stored_at > $since AND h.previous_status IS NOT NULL
UNION ALL
SELECT 'spike:' || t.entity || ':' || CAST(t.day AS VARCHAR) AS alert_key,
       'spike', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, t.entity, t.mentions,
       CAST(t.day AS TIMESTAMP) AS happened_at
FROM entity_trends t
WHERE t.is_spike
  AND t.entity IN (SELECT unnest($watch))
  AND t.day IN (SELECT DISTINCT CAST(published_at AS DATE) FROM digest_articles
                WHERE stored_at > $since AND NOT is_duplicate)
ORDER BY happened_at, alert_key;
