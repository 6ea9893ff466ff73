-- Days whose trend counts may change after the articles in _refresh_articles were
-- written: the publication days of every dated copy in their clusters, widened to
-- whole ISO weeks (co-mentions are weekly).
CREATE OR REPLACE TEMP TABLE _touched_days AS
WITH clusters AS (
    SELECT DISTINCT coalesce(cluster_id, article_id) AS cluster_id
    FROM articles
    WHERE article_id IN (SELECT article_id FROM _refresh_articles)
),
weeks AS (
    SELECT DISTINCT CAST(date_trunc('week', a.published_at) AS DATE) AS week
    FROM articles a
    WHERE a.published_source <> 'fetch'
      AND coalesce(a.cluster_id, a.article_id) IN (SELECT cluster_id FROM clusters)
)
SELECT CAST(week + INTERVAL (d) DAY AS DATE) AS day
FROM weeks, range(7) AS r(d);
