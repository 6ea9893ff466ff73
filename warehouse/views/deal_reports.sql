-- deal_reports: every deal event read from an article, with its deal and the
-- article's publication time: the input of the deal tracker. Events of one deal
-- share deal_id across articles (same type and participant set; roles ignored).
-- Undated backfill reports (dated = false) count as articles of the deal but set
-- its status only when the deal has no dated report at all (counts_for_status).
CREATE OR REPLACE VIEW deal_reports AS
SELECT
    deal_id,            -- stable id of the deal: first 16 hex of md5(deal_key)
    deal_key,           -- type|sorted participant names
    event_id,           -- the event (one per article and deal)
    article_id,         -- the reporting article
    type,               -- merger, acquisition, investment, divestment, partnership
    participants,       -- canonical names, sorted, "A + B"
    status,             -- status this article reports
    amount_value,       -- amount reported, if any
    amount_currency,    -- ISO currency of amount_value
    evidence,           -- the sentence the event was read from
    confidence,         -- extractor confidence 0..1
    published_at,       -- UTC publication time of the article
    day,                -- UTC publication day
    source,             -- publisher
    url,                -- article link
    title,              -- article title
    is_duplicate,       -- near-duplicate copy of an earlier story
    dated,              -- false for undated backfill
    counts_for_status,  -- used for the deal's status and history
    day_statuses        -- distinct statuses reported for the deal that day (> 1: contradiction)
FROM agg_deal_reports;
