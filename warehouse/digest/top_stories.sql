-- Stories (near-duplicate clusters count once) stored in the window, by how many
-- sources carried them; the title and link are those of the first copy published.
WITH win AS (
    SELECT coalesce(cluster_id, article_id) AS cluster_id, article_id, source, published_at
    FROM digest_articles
    WHERE stored_at > $since AND stored_at <= $until
),
ranked AS (
    SELECT cluster_id, count(*) AS copies, count(DISTINCT source) AS sources,
           min(published_at) AS published_at, arg_min(article_id, published_at) AS first_id
    FROM win
    GROUP BY cluster_id
    ORDER BY sources DESC, copies DESC, published_at DESC, cluster_id
    LIMIT $limit
)
SELECT r.cluster_id, a.title, a.url, r.published_at, r.copies, r.sources,
       (SELECT string_agg(DISTINCT w.source, ', ' ORDER BY w.source)
        FROM win w WHERE w.cluster_id = r.cluster_id) AS source_names
FROM ranked r
JOIN articles a ON a.article_id = r.first_id
ORDER BY r.sources DESC, r.copies DESC, r.published_at DESC, r.cluster_id;
