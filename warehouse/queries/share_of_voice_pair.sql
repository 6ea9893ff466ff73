-- How does one entity's share of voice compare with another's, week by week?
-- share = the entity's mentions / all ORG and PERSON mentions that week.
-- @param entity_a VARCHAR             first entity (required)
-- @param entity_b VARCHAR             second entity (required)
-- @param since DATE = NULL             first week; NULL: all
SELECT week,
       coalesce(max(share) FILTER (WHERE entity = $entity_a), 0) AS share_a,
       coalesce(max(share) FILTER (WHERE entity = $entity_b), 0) AS share_b,
       coalesce(max(mentions) FILTER (WHERE entity = $entity_a), 0) AS mentions_a,
       coalesce(max(mentions) FILTER (WHERE entity = $entity_b), 0) AS mentions_b,
       $entity_a AS entity_a, $entity_b AS entity_b
FROM share_of_voice
WHERE entity IN ($entity_a, $entity_b)
  AND (CAST($since AS DATE) IS NULL OR week >= date_trunc('week', CAST($since AS DATE)))
GROUP BY week
ORDER BY week;
