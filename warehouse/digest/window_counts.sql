-- How much arrived in the window ($since, $until]: articles, distinct stories, sources
-- and the publication range (which the trend sections use). The range covers dated
-- articles only: undated backfill carries its fetch time, which would drag the
-- trend window and the sparklines to today (the trend views leave it out too).
SELECT count(*) AS articles,
       count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
       count(DISTINCT source) AS sources,
       coalesce(min(published_at) FILTER (WHERE published_source <> 'fetch'), min(published_at)) AS first_published,
       coalesce(max(published_at) FILTER (WHERE published_source <> 'fetch'), max(published_at)) AS last_published
FROM digest_articles
WHERE stored_at > $since AND stored_at <= $until;
