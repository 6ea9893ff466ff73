-- 0006: mentions and event_participants lose their PRIMARY KEY. Keeping an ART
-- index over every mention (ten million rows at a million articles) cost more
-- than the rest of a batch write, and nothing looks rows up through it. The
-- writer keeps the rows unique instead, as it already must on DuckLake (which has
-- no keys): an article's extraction rows are replaced as a whole inside one
-- transaction, and rows.extraction_tables emits each (article, entity) and
-- (event, entity) once (tests/test_extraction_uniqueness.py). DuckDB cannot drop
-- a key in place, so both tables are copied into unkeyed twins and renamed; the
-- views are recreated by `init` right after the migrations.

CREATE TABLE mentions_unkeyed (
    article_id         VARCHAR NOT NULL,
    entity_id          VARCHAR NOT NULL,
    count              INTEGER NOT NULL,
    extractor_version  VARCHAR NOT NULL
);
INSERT INTO mentions_unkeyed SELECT article_id, entity_id, count, extractor_version FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_unkeyed RENAME TO mentions;

CREATE TABLE event_participants_unkeyed (
    event_id   VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL
);
INSERT INTO event_participants_unkeyed SELECT event_id, entity_id, role FROM event_participants;
DROP TABLE event_participants;
ALTER TABLE event_participants_unkeyed RENAME TO event_participants;

COMMENT ON TABLE mentions IS 'which entities an article names and how often (one row per article and entity)';
COMMENT ON COLUMN mentions.article_id IS 'the article (key into articles)';
COMMENT ON COLUMN mentions.entity_id IS 'the entity (key into entities)';
COMMENT ON COLUMN mentions.count IS 'how many times the article names the entity';
COMMENT ON COLUMN mentions.extractor_version IS 'version of the NLP extractor that produced the row';
COMMENT ON TABLE event_participants IS 'the entities taking part in each event, with their role (one row per event and entity)';
COMMENT ON COLUMN event_participants.event_id IS 'the event (key into events)';
COMMENT ON COLUMN event_participants.entity_id IS 'the participant (key into entities)';
COMMENT ON COLUMN event_participants.role IS 'acquirer, target, investor, investee, partner, seller, ... (ignored when grouping deals)';
