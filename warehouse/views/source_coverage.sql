-- source_coverage: which publishers carry the stories: per source, articles
-- stored, distinct stories, copies syndicated from a story stored earlier, stories
-- it broke (carried the earliest dated copy), undated backfill, first/last.
CREATE OR REPLACE VIEW source_coverage AS
WITH per_source AS (
    SELECT source,
           count(*) AS articles,
           count(DISTINCT coalesce(cluster_id, article_id)) AS stories,
           count(*) FILTER (WHERE is_duplicate) AS syndicated_copies,
           count(*) FILTER (WHERE published_source = 'fetch') AS undated,
           min(published_at) AS first_published,
           max(published_at) AS last_published
    FROM articles
    GROUP BY source
),
firsts AS (
    SELECT source, count(*) AS stories_first FROM agg_story GROUP BY source
)
SELECT
    p.source,                                      -- publisher / site name
    p.articles,                                    -- articles stored from it
    p.stories,                                     -- distinct stories it carried
    p.syndicated_copies,                           -- near-duplicates of a story stored earlier
    coalesce(f.stories_first, 0) AS stories_first, -- stories whose earliest dated copy is its
    p.undated,                                     -- undated backfill articles
    p.first_published,                             -- earliest publication (UTC)
    p.last_published                               -- latest publication (UTC)
FROM per_source p
LEFT JOIN firsts f ON f.source IS NOT DISTINCT FROM p.source;
