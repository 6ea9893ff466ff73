-- digest_articles (temporary, per connection): articles with the time they became
-- visible to digests and alerts. stored_at is the end of the ingest run that stored
-- them, so a digest built while a run is still writing never skips its articles: a
-- run in progress hides its rows; a run that crashed (never finished) shows its rows
-- from the end of the next finished run; rows written outside any recorded run use
-- their fetch time.
CREATE OR REPLACE TEMP VIEW digest_articles AS
WITH runs AS (
    SELECT r.run_id,
           coalesce(r.finished_at,
                    (SELECT min(l.finished_at) FROM ingest_runs l WHERE l.started_at > r.started_at)
           ) AS visible_at
    FROM ingest_runs r
)
SELECT a.*, coalesce(runs.visible_at, a.fetched_at) AS stored_at
FROM articles a
LEFT JOIN runs ON runs.run_id = a.run_id
WHERE runs.run_id IS NULL OR runs.visible_at IS NOT NULL;
