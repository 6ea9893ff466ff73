-- deal_history: every status change of every deal, oldest first, each with the
-- report that caused it. Reports are read in publication order as a lifecycle
-- (proposed → talks → agreed → completed; collapsed or denied end it): a report of
-- an earlier stage is a recap and changes nothing; after an end, a report moves the
-- deal again only when it says the deal came back (change = 'reopens'). contradicted:
-- fresh reports of that day disagree (some end the deal, others advance it), a recap
-- beside a fresh report is no contradiction. Undated backfill is left out unless the
-- deal has no dated report; those rows have day and published_at NULL.
CREATE OR REPLACE VIEW deal_history AS
SELECT
    deal_id,          -- the deal (see deals)
    type,             -- deal type
    participants,     -- canonical names, sorted, "A + B"
    day,              -- UTC day of the reporting article (NULL: undated backfill)
    published_at,     -- UTC publication time of the reporting article (NULL: undated backfill)
    status,           -- the status from this report on
    previous_status,  -- status before the change (NULL for the first report)
    article_id,       -- the reporting article
    source,           -- its publisher
    url,              -- its link
    title,            -- its title
    evidence,         -- the sentence reporting the status
    contradicted,     -- fresh reports of that day disagree
    change,           -- opens, advances, ends or reopens
    confidence,       -- extractor confidence of the report, 0..1
    event_id          -- the report (key into events and deal_reports)
FROM agg_deal_history;
