-- daily_mentions: how often each entity was named per UTC day, counting each story
-- (near-duplicate cluster) once on its publication day; undated backfill excluded.
CREATE OR REPLACE VIEW daily_mentions AS
SELECT
    g.day,                        -- UTC calendar day of publication
    e.name AS entity,             -- canonical name
    e.label,                      -- ORG, PERSON, GPE, NORP, ...
    g.mentions,                   -- sum of in-article mention counts
    g.articles,                   -- distinct stories naming the entity
    g.entity_id                   -- key into entities
FROM agg_entity_day g
JOIN entities e ON e.entity_id = g.entity_id;
