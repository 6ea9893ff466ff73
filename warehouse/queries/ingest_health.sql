-- How did the recent ingestion runs go?
-- @param limit INTEGER = 20            rows to return
SELECT run_id, started_at, finished_at, status, feeds_ok, feeds_failed, items_seen,
       articles_new, duplicates, errors, message
FROM ingest_runs
ORDER BY started_at DESC
LIMIT $limit;
