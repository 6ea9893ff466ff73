-- Which deals involve the largest amounts?
-- The amount is the largest the extractor read as the deal's own price or size, in the
-- currency reported, with the article it comes from.
-- @param status VARCHAR = NULL         only deals whose current status is this; NULL: all
-- @param limit INTEGER = 20            rows to return
SELECT type, participants, status, max_amount, max_amount_currency, articles, sources,
       first_seen, last_seen, amount_source, amount_url, deal_id
FROM deals
WHERE max_amount IS NOT NULL
  AND (CAST($status AS VARCHAR) IS NULL OR status = $status)
ORDER BY max_amount DESC, last_seen DESC NULLS LAST
LIMIT $limit;
