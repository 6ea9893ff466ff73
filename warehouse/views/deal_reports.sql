-- deal_reports: every deal event read from an article, with its deal, the article's
-- publication time and how the deal tracker read it: the input of the tracker.
-- Events of one deal share deal_id across articles (same type and participant set;
-- roles ignored). reading: opens, advances, ends, reopens (the report changed the
-- status, see deal_history), confirms (same status), recap (an earlier stage, or a
-- stage after the deal ended without saying it came back), disputed (a denial of a
-- deal already agreed or completed: shown, not applied), undated (undated backfill, which
-- counts only when the deal has no dated report).
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
    published_at,       -- UTC publication time of the article (fetch time when undated)
    day,                -- UTC publication day (NULL: undated backfill)
    source,             -- publisher
    url,                -- article link
    title,              -- article title
    is_duplicate,       -- near-duplicate copy of an earlier story
    dated,              -- false for undated backfill
    counts_for_status,  -- dated, or the deal has no dated report
    day_statuses,       -- distinct statuses among the day's fresh reports
    amount_is_price,    -- the extractor read the amount as the deal's price or size
    reading,            -- how the tracker read the report (see above)
    fresh,              -- news about the deal, not a recap: opens/advances/ends/reopens/confirms/disputed
    contradicted,       -- fresh reports of that day disagree
    amount_counts       -- the amount is taken as the deal's amount (a price, fresh, not a denial)
FROM agg_deal_reports;
