-- trend_articles: the articles the trend views count, one per story. A story is a
-- near-duplicate cluster; it is counted once, on the UTC publication day of its
-- earliest dated copy. Undated backfill (published_source = 'fetch': only the
-- fetch time is known) is never counted, so a backfill cannot fake a spike on the
-- day it was fetched.
CREATE OR REPLACE VIEW trend_articles AS
SELECT
    article_id,        -- the story's representative copy (its earliest dated copy)
    cluster_id,        -- the story (near-duplicate cluster)
    source,            -- publisher of that copy
    published_at,      -- UTC publication time
    day                -- UTC calendar day of publication
FROM agg_story;
