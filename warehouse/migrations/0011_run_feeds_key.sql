-- 0011: ingest_runs.feeds_key records which feed list a run polled (the key of its
-- ingest lock). A run starts holding that lock, so it can tell that a row of the same
-- feed list still open belongs to a run that died without closing it (a flow run
-- cancelled under `serve`, a killed process) and close it as 'interrupted'. Before,
-- such a row stayed 'running' for good in ingest_runs and the ingest_health query.
ALTER TABLE ingest_runs ADD COLUMN feeds_key VARCHAR;
COMMENT ON COLUMN ingest_runs.feeds_key IS 'key of the feed list the run polled (its ingest lock); NULL for runs before migration 0011';
COMMENT ON COLUMN ingest_runs.status IS 'ok / partial / failed; interrupted (Ctrl-C, cancelled or killed run) or error (newsmon failed): write units committed before it stay stored; running while in progress';
COMMENT ON COLUMN ingest_runs.finished_at IS 'when the run finished or stopped (UTC); for a killed run, when the next run of its feeds started; NULL while running';
