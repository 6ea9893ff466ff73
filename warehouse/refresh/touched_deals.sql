-- Deals whose reports may have changed: those with events in the written articles,
-- and those that had reports from them before (an extraction may have been replaced).
CREATE OR REPLACE TEMP TABLE _touched_deals AS
SELECT DISTINCT deal_key FROM events
WHERE article_id IN (SELECT article_id FROM _refresh_articles)
UNION
SELECT DISTINCT deal_key FROM agg_deal_reports
WHERE article_id IN (SELECT article_id FROM _refresh_articles);
