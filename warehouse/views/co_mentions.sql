-- co_mentions: pairs of ORG/PERSON/GPE/NORP entities named in the same story, per
-- ISO week; each story counts once. entity_a sorts before entity_b.
CREATE OR REPLACE VIEW co_mentions AS
SELECT
    week,          -- Monday of the ISO week (UTC)
    entity_a,      -- first canonical name alphabetically
    entity_b,      -- second canonical name alphabetically
    articles,      -- stories naming both that week
    label_a,       -- label of entity_a
    label_b        -- label of entity_b
FROM agg_pair_week;
