-- source_coverage: which publishers carry the story: articles stored, distinct
-- stories, how many of their copies were near-duplicates of another, first/last article.
CREATE OR REPLACE VIEW source_coverage AS
SELECT
    source,
    count(*) AS articles,
    count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
    count(*) FILTER (WHERE is_duplicate) AS syndicated_copies,
    min(published_at) AS first_published,
    max(published_at) AS last_published
FROM articles
GROUP BY source;
