-- 0009: the articles written since the trend aggregates last counted them. A
-- run's batches each add their ids here inside their own transaction, and the
-- trend refresh at the end of the run counts them all at once and empties the
-- table, so a run of many batches recounts each touched day and deal once, not
-- once per batch. A run that dies between its batches leaves its ids here, and
-- the next refresh (the next run, or `newsmon init`) counts them.

-- agg_pending: articles whose rows are stored but not yet counted by the trend aggregates
CREATE TABLE IF NOT EXISTS agg_pending (
    article_id  VARCHAR NOT NULL   -- an article written or re-extracted since the last trend refresh
);
