-- What the window ($since, $until] holds (by publication time, see in_digest_window): articles, distinct stories, sources
-- and the publication range (which the trend sections use). The range covers dated
-- articles only: undated backfill carries its fetch time, which would drag the
-- trend window and the sparklines to today (the trend views leave it out too).
SELECT count(*) AS articles,
       count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
       count(DISTINCT source) AS sources,
       coalesce(min(published_at) FILTER (WHERE published_source <> 'fetch'), min(published_at)) AS first_published,
       coalesce(max(published_at) FILTER (WHERE published_source <> 'fetch'), max(published_at)) AS last_published,
       min(published_at) FILTER (WHERE published_source <> 'fetch') AS dated_first,
       max(published_at) FILTER (WHERE published_source <> 'fetch') AS dated_last
FROM digest_articles
WHERE in_digest_window(published_at, published_source <> 'fetch', stored_at, $since, $until, $late_h);
