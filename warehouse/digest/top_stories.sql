-- Stories (near-duplicate clusters) stored in the window, by how many sources carried them.
SELECT coalesce(a.cluster_id, a.article_id) AS cluster_id,
       arg_min(a.title, a.published_at) AS title,
       arg_min(a.url, a.published_at) AS url,
       min(a.published_at) AS published_at,
       count(*) AS copies,
       count(DISTINCT a.source) AS sources,
       string_agg(DISTINCT a.source, ', ') AS source_names
FROM articles a
WHERE a.fetched_at > $since AND a.fetched_at <= $until
GROUP BY 1
ORDER BY sources DESC, copies DESC, published_at DESC
LIMIT $limit;
