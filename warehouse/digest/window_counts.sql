-- How much arrived in the window: articles and distinct stories.
SELECT count(*) AS articles, count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
       min(published_at) AS first_published, max(published_at) AS last_published
FROM articles
WHERE fetched_at > $since AND fetched_at <= $until;
