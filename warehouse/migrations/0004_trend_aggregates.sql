-- 0004: pre-aggregated trend and deal tables, maintained after every write by
-- pipeline.store.trends.refresh_trends so the trend views answer in well under a
-- second at a million articles. They hold counts of *stories*: one representative
-- article per near-duplicate cluster (its earliest dated copy); undated backfill
-- (published_source = 'fetch') is not counted. Rebuilt from scratch by
-- refresh_trends(con) with no article ids; never edit them by hand.

-- agg_entity_day: per entity and UTC day, stories and mentions with the rolling statistics behind entity_trends
CREATE TABLE IF NOT EXISTS agg_entity_day (
    day        DATE NOT NULL,              -- UTC calendar day of publication
    entity_id  VARCHAR NOT NULL,           -- key into entities
    mentions   BIGINT NOT NULL,            -- sum of in-article mention counts
    articles   BIGINT NOT NULL,            -- distinct stories (clusters)
    avg_7d     DOUBLE,                     -- mentions averaged over this day and the 6 before
    mean_28d   DOUBLE,                     -- mean daily mentions over the 28 days before
    std_28d    DOUBLE                      -- population std-dev of the same 28 days
);

-- agg_pair_week: per ISO week, pairs of entities named in the same story (behind co_mentions)
CREATE TABLE IF NOT EXISTS agg_pair_week (
    week      DATE NOT NULL,               -- Monday of the ISO week (UTC)
    entity_a  VARCHAR NOT NULL,            -- canonical name sorting first (then by label)
    entity_b  VARCHAR NOT NULL,            -- canonical name sorting second
    label_a   VARCHAR NOT NULL,            -- label of entity_a
    label_b   VARCHAR NOT NULL,            -- label of entity_b
    articles  BIGINT NOT NULL              -- distinct stories naming both
);

-- agg_story: one row per story, its earliest dated copy (behind trend_articles)
CREATE TABLE IF NOT EXISTS agg_story (
    cluster_id    VARCHAR NOT NULL,        -- the story (near-duplicate cluster)
    article_id    VARCHAR NOT NULL,        -- its earliest dated copy, the one trends count
    source        VARCHAR,                 -- publisher of that copy
    published_at  TIMESTAMP NOT NULL,      -- UTC publication time of that copy
    day           DATE NOT NULL            -- UTC calendar day of published_at
);

-- agg_deal_reports: every deal event with its article (behind deal_reports)
CREATE TABLE IF NOT EXISTS agg_deal_reports (
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
    published_at       TIMESTAMP NOT NULL, -- UTC publication time of the article
    day                DATE NOT NULL,      -- UTC publication day
    source             VARCHAR,            -- publisher
    url                VARCHAR,            -- article link
    title              VARCHAR,            -- article title
    is_duplicate       BOOLEAN NOT NULL,   -- near-duplicate copy of an earlier story
    dated              BOOLEAN NOT NULL,   -- false for undated backfill
    counts_for_status  BOOLEAN NOT NULL,   -- dated, or the deal has no dated report
    day_statuses       BIGINT NOT NULL     -- distinct statuses reported for the deal that day
);

-- agg_deals: one row per deal (behind deals)
CREATE TABLE IF NOT EXISTS agg_deals (
    deal_id              VARCHAR NOT NULL, -- first 16 hex of md5(deal_key)
    deal_key             VARCHAR NOT NULL, -- type|sorted participant names
    type                 VARCHAR NOT NULL, -- deal type
    participants         VARCHAR NOT NULL, -- canonical names, sorted, joined by ' + '
    status               VARCHAR,          -- status of the most recent counted report
    first_seen           TIMESTAMP,        -- first report (UTC)
    last_seen            TIMESTAMP,        -- latest report (UTC)
    articles             BIGINT,           -- articles reporting the deal
    sources              BIGINT,           -- publishers reporting it
    statuses             BIGINT,           -- distinct statuses ever reported
    max_amount           DOUBLE,           -- largest amount reported
    max_amount_currency  VARCHAR,          -- currency of max_amount
    latest_evidence      VARCHAR           -- sentence behind the current status
);

-- agg_deal_history: every status change of every deal (behind deal_history)
CREATE TABLE IF NOT EXISTS agg_deal_history (
    deal_id          VARCHAR NOT NULL,     -- the deal
    deal_key         VARCHAR NOT NULL,     -- type|sorted participant names
    type             VARCHAR NOT NULL,     -- deal type
    participants     VARCHAR NOT NULL,     -- canonical names, sorted
    day              DATE NOT NULL,        -- UTC day of the reporting article
    published_at     TIMESTAMP NOT NULL,   -- UTC publication time of the reporting article
    status           VARCHAR NOT NULL,     -- status from this report on
    previous_status  VARCHAR,              -- status before the change
    article_id       VARCHAR NOT NULL,     -- the reporting article
    source           VARCHAR,              -- its publisher
    url              VARCHAR,              -- its link
    title            VARCHAR,              -- its title
    evidence         VARCHAR,              -- the sentence reporting the status
    contradicted     BOOLEAN NOT NULL      -- articles of that day report different statuses
);

-- agg_state: when each kind of derived data was last refreshed
CREATE TABLE IF NOT EXISTS agg_state (
    name          VARCHAR PRIMARY KEY,     -- which derived data: trends | search
    refreshed_at  TIMESTAMP NOT NULL,      -- UTC
    articles      BIGINT NOT NULL          -- articles in the warehouse at that refresh
);

-- The views below changed their columns in this release; dropping them lets
-- `init` recreate the views that depend on them in the right order.
DROP VIEW IF EXISTS deal_reports;
DROP VIEW IF EXISTS trend_articles;
