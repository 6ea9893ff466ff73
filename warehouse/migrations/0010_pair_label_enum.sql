-- lake: skip
-- 0010: agg_pair_week's two label columns become an ENUM of the four labels that
-- co-mentions count. Read into Arrow or pandas, an ENUM travels as a dictionary
-- (one byte a row) instead of a string, which takes a full read of co_mentions
-- (8.8M rows at a million articles) from 1.1 s to 0.8 s. DuckLake keeps plain
-- VARCHAR (it has no ENUM types), so this migration is skipped there.

CREATE TYPE pair_label AS ENUM ('GPE', 'NORP', 'ORG', 'PERSON');
ALTER TABLE agg_pair_week ALTER COLUMN label_a SET DATA TYPE pair_label;
ALTER TABLE agg_pair_week ALTER COLUMN label_b SET DATA TYPE pair_label;
COMMENT ON COLUMN agg_pair_week.label_a IS 'label of entity_a: ORG, PERSON, GPE or NORP';
COMMENT ON COLUMN agg_pair_week.label_b IS 'label of entity_b: ORG, PERSON, GPE or NORP';
