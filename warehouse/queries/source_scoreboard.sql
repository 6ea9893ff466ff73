-- Which publishers carry the most stories, and which break them first?
-- @param limit INTEGER = 20            rows to return
SELECT source, articles, stories, stories_first, syndicated_copies, undated,
       round(stories_first / greatest(stories, 1), 3) AS first_ratio,
       first_published, last_published
FROM source_coverage
ORDER BY stories DESC, source
LIMIT $limit;
