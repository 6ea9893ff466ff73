-- deals: one row per deal (same type and participant set across articles; roles
-- ignored). status is the one reported by the most recent dated article (ties
-- broken by article_id); amounts are the largest reported.
CREATE OR REPLACE VIEW deals AS
SELECT
    deal_id,              -- stable id of the deal
    type,                 -- deal type
    participants,         -- canonical names, sorted, "A + B"
    status,               -- current status: the most recent dated report's
    first_seen,           -- first report (UTC)
    last_seen,            -- latest report (UTC)
    articles,             -- articles reporting the deal
    sources,              -- publishers reporting it
    statuses,             -- distinct statuses ever reported
    max_amount,           -- largest amount reported
    max_amount_currency,  -- currency of max_amount
    latest_evidence,      -- sentence behind the current status
    deal_key              -- type|sorted participant names
FROM agg_deals;
