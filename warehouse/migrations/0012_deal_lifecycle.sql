-- 0012: the deal tracker follows each deal's lifecycle instead of the latest article.
-- events.amount_is_price records whether the extractor read the amount as the deal's
-- own price or size (NULL for rows extracted before this migration: `newsmon
-- reprocess` fills it). The three deal tables are derived data: they are rebuilt
-- with the new columns (how each report was read: opens, advances, ends, reopens,
-- confirms, recap, disputed, undated; the report behind each status change with its
-- confidence; the article an amount comes from) on the next refresh, which the
-- removed 'trends' state row triggers.
ALTER TABLE events ADD COLUMN amount_is_price BOOLEAN;
COMMENT ON COLUMN events.amount_is_price IS 'the extractor read the amount as the deal''s own price or size (NULL: extracted before migration 0012)';

DROP VIEW IF EXISTS deal_history;
DROP VIEW IF EXISTS deal_reports;
DROP VIEW IF EXISTS deals;
DROP TABLE IF EXISTS agg_deal_history;
DROP TABLE IF EXISTS agg_deal_reports;
DROP TABLE IF EXISTS agg_deals;

-- agg_deal_reports: every deal event with its article and how the tracker read it (behind deal_reports)
CREATE TABLE agg_deal_reports (
    deal_id            VARCHAR NOT NULL,   -- first 16 hex of md5(deal_key)
    deal_key           VARCHAR NOT NULL,   -- type|sorted participant names
    event_id           VARCHAR NOT NULL,   -- the event (one per article and deal)
    article_id         VARCHAR NOT NULL,   -- the reporting article
    type               VARCHAR NOT NULL,   -- deal type
    participants       VARCHAR NOT NULL,   -- canonical names, sorted, joined by ' + '
    status             VARCHAR NOT NULL,   -- status this article reports
    amount_value       DOUBLE,             -- amount reported, if any
    amount_currency    VARCHAR,            -- currency of amount_value
    evidence           VARCHAR,            -- the sentence the event was read from
    confidence         DOUBLE,             -- extractor confidence 0..1
    published_at       TIMESTAMP NOT NULL, -- UTC publication time (fetch time when undated)
    day                DATE,               -- UTC publication day; NULL when undated
    source             VARCHAR,            -- publisher
    url                VARCHAR,            -- article link
    title              VARCHAR,            -- article title
    is_duplicate       BOOLEAN NOT NULL,   -- near-duplicate copy of an earlier story
    dated              BOOLEAN NOT NULL,   -- false for undated backfill
    counts_for_status  BOOLEAN NOT NULL,   -- dated, or the deal has no dated report
    day_statuses       BIGINT NOT NULL,    -- distinct statuses among the day's fresh reports
    amount_is_price    BOOLEAN,            -- the extractor read the amount as the deal's price or size
    reading            VARCHAR NOT NULL,   -- how the tracker read the report (see deal_reports)
    fresh              BOOLEAN NOT NULL,   -- reports news about the deal, not a recap of an earlier stage
    contradicted       BOOLEAN NOT NULL,   -- fresh reports of that day contradict each other
    amount_counts      BOOLEAN NOT NULL    -- the amount is taken as the deal's amount
);

-- agg_deals: one row per deal (behind deals)
CREATE TABLE agg_deals (
    deal_id              VARCHAR NOT NULL, -- first 16 hex of md5(deal_key)
    deal_key             VARCHAR NOT NULL, -- type|sorted participant names
    type                 VARCHAR NOT NULL, -- deal type
    participants         VARCHAR NOT NULL, -- canonical names, sorted, joined by ' + '
    status               VARCHAR,          -- where the deal's lifecycle stands
    first_seen           TIMESTAMP,        -- first dated report (UTC); NULL when undated only
    last_seen            TIMESTAMP,        -- latest dated report (UTC); NULL when undated only
    articles             BIGINT,           -- articles reporting the deal
    sources              BIGINT,           -- publishers reporting it
    statuses             BIGINT,           -- distinct statuses ever reported
    max_amount           DOUBLE,           -- largest amount reported as the deal's price or size
    max_amount_currency  VARCHAR,          -- currency of max_amount
    latest_evidence      VARCHAR,          -- sentence behind the current status
    dated                BOOLEAN,          -- false when only undated backfill reports the deal
    status_since         TIMESTAMP,        -- publication time of the report that set the status
    status_article_id    VARCHAR,          -- the report that set the status
    amount_article_id    VARCHAR,          -- the article max_amount comes from
    amount_source        VARCHAR,          -- its publisher
    amount_url           VARCHAR,          -- its link
    amount_title         VARCHAR,          -- its title
    amount_evidence      VARCHAR           -- the sentence the amount was read from
);

-- agg_deal_history: every status change of every deal (behind deal_history)
CREATE TABLE agg_deal_history (
    deal_id          VARCHAR NOT NULL,     -- the deal
    deal_key         VARCHAR NOT NULL,     -- type|sorted participant names
    type             VARCHAR NOT NULL,     -- deal type
    participants     VARCHAR NOT NULL,     -- canonical names, sorted
    day              DATE,                 -- UTC day of the reporting article; NULL when undated
    published_at     TIMESTAMP,            -- UTC publication time of the reporting article; NULL when undated
    status           VARCHAR NOT NULL,     -- status from this report on
    previous_status  VARCHAR,              -- status before the change
    article_id       VARCHAR NOT NULL,     -- the reporting article
    source           VARCHAR,              -- its publisher
    url              VARCHAR,              -- its link
    title            VARCHAR,              -- its title
    evidence         VARCHAR,              -- the sentence reporting the status
    contradicted     BOOLEAN NOT NULL,     -- fresh reports of that day contradict each other
    change           VARCHAR NOT NULL,     -- opens, advances, ends or reopens
    confidence       DOUBLE,               -- extractor confidence of the report
    event_id         VARCHAR NOT NULL,     -- the report (key into events)
    stamp            TIMESTAMP NOT NULL,   -- publication (or, undated, fetch) time: orders the rows
    dated            BOOLEAN NOT NULL      -- false when the report is undated backfill
);

-- agg_deal_settings: the extractor confidence under which deal reports are left out of
-- the tracker ([digest] min_confidence, recorded by init, ingest and digest; changing
-- it rebuilds the deal tables)
CREATE TABLE IF NOT EXISTS agg_deal_settings (
    min_confidence  DOUBLE NOT NULL        -- reports below it read as low_confidence
);

-- Rebuild all derived data (the deal tables are empty) on the next refresh.
DELETE FROM agg_state WHERE name = 'trends';
