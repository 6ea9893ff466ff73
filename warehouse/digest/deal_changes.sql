-- Deal status changes whose reporting article was stored in the digest window
-- ($since, $until], oldest first, with the status the deal had before the change.
SELECT h.deal_id, d.type, d.participants, h.day, h.published_at, h.status,
       h.previous_status, h.contradicted, h.evidence, h.source, h.url, h.title,
       d.status AS current_status, d.articles AS deal_articles
FROM deal_history h
JOIN deals d USING (deal_id)
JOIN articles a ON a.article_id = h.article_id
WHERE a.fetched_at > $since AND a.fetched_at <= $until
ORDER BY d.last_seen DESC, h.deal_id, h.published_at;
