-- Deal status changes (and new deals) reported by articles stored in the window
-- ($since, $until], grouped later per deal; oldest first within a deal.
SELECT h.deal_id, d.type, d.participants, h.day, h.published_at, h.status,
       h.previous_status, h.contradicted, h.evidence, h.source, h.url, h.title,
       d.articles AS deal_articles, d.sources AS deal_sources
FROM deal_history h
JOIN deals d USING (deal_id)
JOIN digest_articles a ON a.article_id = h.article_id
WHERE a.stored_at > $since AND a.stored_at <= $until
ORDER BY h.deal_id, h.published_at, h.article_id;
