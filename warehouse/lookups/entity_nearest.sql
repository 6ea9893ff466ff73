-- Stored entity names nearest to an unknown parameter value (Jaro-Winkler on lower case), for the hint.
SELECT name, jaro_winkler_similarity(lower(name), lower($value)) AS similarity
FROM entities
WHERE jaro_winkler_similarity(lower(name), lower($value)) >= 0.8
ORDER BY similarity DESC, name
LIMIT 5;
