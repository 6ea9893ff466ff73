-- How much arrived in the window ($since, $until]: articles, distinct stories, sources
-- and the publication range (which the trend sections use).
SELECT count(*) AS articles,
       count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
       count(DISTINCT source) AS sources,
       min(published_at) AS first_published,
       max(published_at) AS last_published
FROM digest_articles
WHERE stored_at > $since AND stored_at <= $until;
