-- trend_articles: the articles that trend views count. One row per near-duplicate
-- cluster (its first-stored copy), dated by publication; undated backfill
-- (published_source = 'fetch') is left out so it cannot fake a spike on the day it
-- was fetched. `day` is the UTC calendar day of publication.
CREATE OR REPLACE VIEW trend_articles AS
SELECT
    article_id,
    coalesce(cluster_id, article_id) AS cluster_id,
    source,
    published_at,
    CAST(published_at AS DATE) AS day
FROM articles
WHERE NOT is_duplicate
  AND published_source <> 'fetch';
