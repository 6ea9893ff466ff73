-- Stories (near-duplicate clusters count once) of the window, by how many sources
-- carried them, then by their first dated copy's publication time; the title and link
-- are those of the first copy published. Undated backfill carries only its fetch
-- time, so it never ranks by it: published_at is NULL for a story with no dated copy
-- (shown as undated) and such stories come after dated ones of equal coverage.
WITH win AS (
    SELECT coalesce(cluster_id, article_id) AS cluster_id, article_id, source, published_at,
           published_source <> 'fetch' AS dated
    FROM digest_articles
    WHERE in_digest_window(published_at, published_source <> 'fetch', stored_at, $since, $until, $late_h)
),
ranked AS (
    SELECT cluster_id, count(*) AS copies, count(DISTINCT source) AS sources,
           min(published_at) FILTER (WHERE dated) AS published_at,
           coalesce(arg_min(article_id, published_at) FILTER (WHERE dated),
                    arg_min(article_id, published_at)) AS first_id
    FROM win
    GROUP BY cluster_id
    ORDER BY sources DESC, copies DESC, published_at DESC NULLS LAST, cluster_id
    LIMIT $limit
)
SELECT r.cluster_id, a.title, a.url, r.published_at, r.copies, r.sources,
       (SELECT string_agg(DISTINCT w.source, ', ' ORDER BY w.source)
        FROM win w WHERE w.cluster_id = r.cluster_id) AS source_names
FROM ranked r
JOIN articles a ON a.article_id = r.first_id
ORDER BY r.sources DESC, r.copies DESC, r.published_at DESC NULLS LAST, r.cluster_id;
