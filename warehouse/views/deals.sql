-- deals: one row per deal (same type and participant set across articles; roles
-- ignored). status is where the deal's lifecycle stands (see deal_history: a recap
-- of an earlier stage does not move it back). first_seen/last_seen come from dated
-- reports only; a deal reported only by undated backfill has them NULL (dated =
-- false). max_amount is the largest amount the extractor read as the deal's own
-- price or size in a report that is news about the deal and does not deny it, with
-- the article it comes from.
CREATE OR REPLACE VIEW deals AS
SELECT
    deal_id,              -- stable id of the deal
    type,                 -- deal type
    participants,         -- canonical names, sorted, "A + B"
    status,               -- current status: where the deal's lifecycle stands
    first_seen,           -- first dated report (UTC); NULL when only undated backfill reports it
    last_seen,            -- latest dated report (UTC); NULL when only undated backfill reports it
    articles,             -- articles reporting the deal
    sources,              -- publishers reporting it
    statuses,             -- distinct statuses ever reported
    max_amount,           -- largest amount reported as the deal's price or size
    max_amount_currency,  -- currency of max_amount
    latest_evidence,      -- sentence behind the current status
    deal_key,             -- type|sorted participant names
    dated,                -- false when only undated backfill reports the deal
    status_since,         -- publication time of the report that set the current status (UTC)
    status_article_id,    -- the report that set the current status
    amount_article_id,    -- the article max_amount comes from
    amount_source,        -- its publisher
    amount_url,           -- its link
    amount_title,         -- its title
    amount_evidence       -- the sentence the amount was read from
FROM agg_deals;
