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

-- in_digest_window: whether an article belongs to the digest window (since, until].
-- The window is publication time: a dated article belongs to it when published in
-- (since, until] and stored by until. Storage time breaks the tie for late arrivals:
-- an article stored in the window and published before it, but at most late_h hours
-- before it was stored (a feed that was late, not an old backfill), belongs to the
-- window it arrived in, so consecutive digests show it exactly once. Undated backfill
-- (only the fetch time is known) belongs to the window it was stored in.
CREATE OR REPLACE TEMP MACRO in_digest_window(published_at, dated, stored_at, since, until, late_h) AS
    stored_at <= until AND (
        (dated AND published_at > since AND published_at <= until)
        OR (stored_at > since AND (NOT dated
            OR (published_at <= since AND stored_at - published_at <= to_microseconds(CAST(late_h * 3600e6 AS BIGINT))))));
