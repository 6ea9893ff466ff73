-- The mentions of every story representative on a touched day: one pass over
-- mentions, shared by entity_days and pair_weeks.
CREATE OR REPLACE TEMP TABLE _rep_mentions AS
SELECT r.day, r.article_id, m.entity_id, m.count
FROM _story_reps r
JOIN mentions m ON m.article_id = r.article_id;
