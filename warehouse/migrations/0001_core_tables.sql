-- 0001: the core tables of the warehouse. All timestamps are UTC (TIMESTAMP without zone).

CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR PRIMARY KEY,   -- first 16 hex of sha256(canonical_url)
    url               VARCHAR NOT NULL,      -- the link as the feed gave it
    canonical_url     VARCHAR NOT NULL,      -- normalised publisher URL (tracking params dropped)
    title             VARCHAR,
    source            VARCHAR,               -- publisher / site name
    feed_name         VARCHAR,               -- the configured feed it came from first
    author            VARCHAR,
    published_at      TIMESTAMP NOT NULL,    -- UTC
    published_source  VARCHAR NOT NULL,      -- feed | page | fetch (fetch = undated backfill)
    fetched_at        TIMESTAMP NOT NULL,    -- UTC
    lang              VARCHAR,               -- ISO 639-1 code, detected
    text              VARCHAR,
    text_source       VARCHAR NOT NULL,      -- page | feed_summary
    text_note         VARCHAR,               -- why the fallback was used, if it was
    content_hash      VARCHAR NOT NULL,
    cluster_id        VARCHAR,               -- near-duplicate cluster (id of its first article)
    is_duplicate      BOOLEAN NOT NULL DEFAULT false,
    run_id            VARCHAR                -- ingest run that stored it
);

CREATE TABLE IF NOT EXISTS article_signatures (
    article_id  VARCHAR PRIMARY KEY,
    signature   BLOB NOT NULL                -- MinHash signature for near-duplicate detection
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id  VARCHAR PRIMARY KEY,          -- first 16 hex of sha256(label || ':' || name)
    name       VARCHAR NOT NULL,             -- canonical name
    label      VARCHAR NOT NULL,             -- spaCy label: ORG, PERSON, GPE, ...
    kb_id      VARCHAR                       -- Wikidata id when known
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id         VARCHAR NOT NULL,
    entity_id          VARCHAR NOT NULL,
    count              INTEGER NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);

CREATE TABLE IF NOT EXISTS events (
    event_id           VARCHAR PRIMARY KEY,  -- article_id + deal key, hashed
    article_id         VARCHAR NOT NULL,
    deal_key           VARCHAR NOT NULL,     -- type | sorted participant names: groups events into deals
    type               VARCHAR NOT NULL,     -- merger | acquisition | investment | divestment | partnership
    status             VARCHAR NOT NULL,     -- proposed | talks | agreed | completed | collapsed | denied
    amount_value       DOUBLE,
    amount_currency    VARCHAR,
    evidence           VARCHAR,
    confidence         DOUBLE,
    extractor_version  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_participants (
    event_id   VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    PRIMARY KEY (event_id, entity_id)
);

CREATE TABLE IF NOT EXISTS market_moves (
    article_id         VARCHAR NOT NULL,
    entity_id          VARCHAR NOT NULL,
    direction          VARCHAR NOT NULL,     -- up | down
    pct                DOUBLE,
    evidence           VARCHAR,
    extractor_version  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    feeds_ok      INTEGER NOT NULL DEFAULT 0,
    feeds_failed  INTEGER NOT NULL DEFAULT 0,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    articles_new  INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    status        VARCHAR,                   -- ok | partial | failed
    message       VARCHAR
);

CREATE TABLE IF NOT EXISTS feed_state (
    feed_name              VARCHAR PRIMARY KEY,
    url                    VARCHAR NOT NULL,
    title                  VARCHAR,
    etag                   VARCHAR,
    last_modified          VARCHAR,
    last_unconditional_at  TIMESTAMP,
    last_success_at        TIMESTAMP,
    last_error_at          TIMESTAMP,
    last_error             VARCHAR,
    consecutive_failures   INTEGER NOT NULL DEFAULT 0,
    items_seen             BIGINT NOT NULL DEFAULT 0,
    last_status_code       INTEGER,
    updated_at             TIMESTAMP
);

CREATE TABLE IF NOT EXISTS fetch_log (
    run_id       VARCHAR NOT NULL,
    logged_at    TIMESTAMP NOT NULL,
    feed_name    VARCHAR,
    kind         VARCHAR NOT NULL,           -- feed | article
    url          VARCHAR NOT NULL,
    ok           BOOLEAN NOT NULL,
    status_code  INTEGER,
    error_kind   VARCHAR,                    -- transient | permanent | robots | parse
    error        VARCHAR
);
