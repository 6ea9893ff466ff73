-- 0008: articles, article_signatures and events lose their PRIMARY KEY, and the
-- four lookup indexes of 0002 go. DuckDB rewrites every ART index in full at each
-- checkpoint, and a writer's batch ends in one, so with a million articles the
-- keys cost more per batch than writing the batch itself (bench/bench_warehouse.py).
-- No query reads through them: DuckDB answers the writer's anti-joins and the
-- views' filters with hash joins and zone maps. The writer keeps ids unique, as it
-- already must on DuckLake (which has no keys): an article is inserted only when
-- neither its id nor its canonical URL is stored, at most once per batch, and an
-- article's extraction rows are replaced as a whole (tests/test_writer_keys.py).
-- DuckDB cannot drop a key in place, so the tables are copied into unkeyed twins
-- and renamed; `init` recreates the views right after the migrations.

DROP INDEX IF EXISTS events_article;
DROP INDEX IF EXISTS market_moves_article;

CREATE TABLE articles_unkeyed (
    article_id        VARCHAR NOT NULL,
    url               VARCHAR NOT NULL,
    canonical_url     VARCHAR NOT NULL,
    title             VARCHAR,
    source            VARCHAR,
    feed_name         VARCHAR,
    author            VARCHAR,
    published_at      TIMESTAMP NOT NULL,
    published_source  VARCHAR NOT NULL,
    fetched_at        TIMESTAMP NOT NULL,
    lang              VARCHAR,
    text              VARCHAR,
    text_source       VARCHAR NOT NULL,
    text_note         VARCHAR,
    content_hash      VARCHAR NOT NULL,
    cluster_id        VARCHAR,
    is_duplicate      BOOLEAN NOT NULL DEFAULT false,
    run_id            VARCHAR
);
INSERT INTO articles_unkeyed SELECT * FROM articles ORDER BY published_at;
DROP TABLE articles;   -- takes articles_canonical_url and articles_content_hash with it
ALTER TABLE articles_unkeyed RENAME TO articles;

CREATE TABLE article_signatures_unkeyed (
    article_id  VARCHAR NOT NULL,
    signature   BLOB NOT NULL
);
INSERT INTO article_signatures_unkeyed SELECT article_id, signature FROM article_signatures;
DROP TABLE article_signatures;
ALTER TABLE article_signatures_unkeyed RENAME TO article_signatures;

CREATE TABLE events_unkeyed (
    event_id           VARCHAR NOT NULL,
    article_id         VARCHAR NOT NULL,
    deal_key           VARCHAR NOT NULL,
    type               VARCHAR NOT NULL,
    status             VARCHAR NOT NULL,
    amount_value       DOUBLE,
    amount_currency    VARCHAR,
    evidence           VARCHAR,
    confidence         DOUBLE,
    extractor_version  VARCHAR NOT NULL
);
INSERT INTO events_unkeyed SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_unkeyed RENAME TO events;

COMMENT ON TABLE articles IS 'one row per stored article: metadata, main text, near-duplicate cluster';
COMMENT ON COLUMN articles.article_id IS 'first 16 hex of sha256(canonical_url); unique, kept so by the writer';
COMMENT ON COLUMN articles.url IS 'the link as the feed gave it';
COMMENT ON COLUMN articles.canonical_url IS 'normalised publisher URL (tracking params dropped); unique';
COMMENT ON COLUMN articles.title IS 'headline as published';
COMMENT ON COLUMN articles.source IS 'publisher / site name';
COMMENT ON COLUMN articles.feed_name IS 'the configured feed it came from first';
COMMENT ON COLUMN articles.author IS 'byline, when the page or feed gives one';
COMMENT ON COLUMN articles.published_at IS 'UTC publication time (the fetch time for undated backfill)';
COMMENT ON COLUMN articles.published_source IS 'feed | page | fetch (fetch = undated backfill)';
COMMENT ON COLUMN articles.fetched_at IS 'UTC';
COMMENT ON COLUMN articles.lang IS 'ISO 639-1 code, detected';
COMMENT ON COLUMN articles.text IS 'main text of the article (or the feed summary, see text_source)';
COMMENT ON COLUMN articles.text_source IS 'page | feed_summary';
COMMENT ON COLUMN articles.text_note IS 'why the fallback was used, if it was';
COMMENT ON COLUMN articles.content_hash IS 'hash of the normalised text: exact duplicates are not stored twice';
COMMENT ON COLUMN articles.cluster_id IS 'near-duplicate cluster (id of its first article)';
COMMENT ON COLUMN articles.is_duplicate IS 'true for a near-duplicate copy of a story stored earlier (same cluster_id)';
COMMENT ON COLUMN articles.run_id IS 'ingest run that stored it';

COMMENT ON TABLE article_signatures IS 'MinHash signature of each article, for near-duplicate detection';
COMMENT ON COLUMN article_signatures.article_id IS 'the article (key into articles; one row each)';
COMMENT ON COLUMN article_signatures.signature IS 'MinHash signature for near-duplicate detection';

COMMENT ON TABLE events IS 'deal events read from articles: one per article and deal';
COMMENT ON COLUMN events.event_id IS 'article_id + deal key, hashed; unique';
COMMENT ON COLUMN events.article_id IS 'the article reporting the event';
COMMENT ON COLUMN events.deal_key IS 'type | sorted participant names: groups events into deals';
COMMENT ON COLUMN events.type IS 'merger | acquisition | investment | divestment | partnership';
COMMENT ON COLUMN events.status IS 'proposed | talks | agreed | completed | collapsed | denied';
COMMENT ON COLUMN events.amount_value IS 'deal amount, when reported';
COMMENT ON COLUMN events.amount_currency IS 'ISO 4217 currency of amount_value';
COMMENT ON COLUMN events.evidence IS 'the sentence the event was read from';
COMMENT ON COLUMN events.confidence IS 'extractor confidence, 0..1';
COMMENT ON COLUMN events.extractor_version IS 'version of the NLP extractor that produced the row';
