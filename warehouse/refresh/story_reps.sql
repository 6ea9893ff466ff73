-- The representative article of each story published on a touched day: the
-- earliest dated copy of its near-duplicate cluster (ties: smallest article_id).
CREATE OR REPLACE TEMP TABLE _story_reps AS
WITH candidates AS (
    SELECT article_id, coalesce(cluster_id, article_id) AS cluster_id, source, published_at
    FROM articles
    WHERE published_source <> 'fetch'
      AND coalesce(cluster_id, article_id) IN (
          SELECT coalesce(cluster_id, article_id) FROM articles
          WHERE published_source <> 'fetch'
            AND published_at >= (SELECT min(day) FROM _touched_days)
            AND CAST(published_at AS DATE) IN (SELECT day FROM _touched_days))
)
SELECT cluster_id, article_id, source, published_at, CAST(published_at AS DATE) AS day
FROM candidates
QUALIFY row_number() OVER (PARTITION BY cluster_id ORDER BY published_at, article_id) = 1
    AND CAST(published_at AS DATE) IN (SELECT day FROM _touched_days);

DELETE FROM agg_story WHERE day IN (SELECT day FROM _touched_days);

INSERT INTO agg_story (cluster_id, article_id, source, published_at, day)
SELECT cluster_id, article_id, source, published_at, day FROM _story_reps ORDER BY published_at;
