-- 0007: ingest_runs.status and .message also describe runs that stopped early.
COMMENT ON COLUMN ingest_runs.status IS 'ok / partial / failed; interrupted (Ctrl-C, cancelled flow run) or error (newsmon failed): batches committed before it stay stored; NULL while running or after a kill';
COMMENT ON COLUMN ingest_runs.message IS 'the failed feeds and their errors, or why the run stopped early';
COMMENT ON COLUMN ingest_runs.finished_at IS 'when the run finished or stopped (UTC); NULL while running or after a kill';
