-- deal_history: every status change of every deal, oldest first. Consecutive
-- reports of the same status collapse into the first one; previous_status is the
-- status before the change. When articles of one day report different statuses,
-- each change shows as its own row and contradicted is true for that day.
-- Undated backfill is left out unless the deal has no dated report.
CREATE OR REPLACE VIEW deal_history AS
SELECT
    deal_id,          -- the deal (see deals)
    type,             -- deal type
    participants,     -- canonical names, sorted, "A + B"
    day,              -- UTC day of the reporting article
    published_at,     -- UTC publication time of the reporting article
    status,           -- the status from this report on
    previous_status,  -- status before the change (NULL for the first report)
    article_id,       -- the reporting article
    source,           -- its publisher
    url,              -- its link
    title,            -- its title
    evidence,         -- the sentence reporting the status
    contradicted      -- articles of that day report different statuses
FROM agg_deal_history;
