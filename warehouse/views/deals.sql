-- deals: one row per deal (same type and participant set, across articles).
-- status = the status reported by the most recent article; participants is the
-- sorted list of canonical names with roles as first reported ("Foxconn:partner").
CREATE OR REPLACE VIEW deals AS
WITH parts AS (
    SELECT ev.deal_key,
           string_agg(DISTINCT e.name, ' + ' ORDER BY e.name) AS participants
    FROM events ev
    JOIN event_participants p ON p.event_id = ev.event_id
    JOIN entities e ON e.entity_id = p.entity_id
    GROUP BY ev.deal_key
)
SELECT
    r.deal_id,
    r.type,
    p.participants,
    arg_max(r.status, r.published_at) AS status,
    min(r.published_at) AS first_seen,
    max(r.published_at) AS last_seen,
    count(DISTINCT r.article_id) AS articles,
    count(DISTINCT r.source) AS sources,
    max(r.amount_value) AS max_amount,
    arg_max(r.amount_currency, r.amount_value) AS max_amount_currency,
    arg_max(r.evidence, r.published_at) AS latest_evidence
FROM deal_reports r
JOIN parts p ON p.deal_key = r.deal_key
GROUP BY r.deal_id, r.type, p.participants;
