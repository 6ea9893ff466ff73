-- Stored entity names matching a parameter value exactly or case-insensitively, most mentioned first.
-- $value: what the user typed (already mapped through the knowledge base when it knows the name).
SELECT e.name, e.name = $value AS exact, coalesce(sum(m.count), 0) AS mentions
FROM entities e
LEFT JOIN mentions m ON m.entity_id = e.entity_id
WHERE lower(e.name) = lower($value)
GROUP BY e.name
ORDER BY exact DESC, mentions DESC, e.name
LIMIT 5;
