-- Which deals involve the largest amounts?
-- Amounts are the largest reported for the deal, in the currency reported.
-- @param status VARCHAR = NULL         only deals whose current status is this; NULL: all
-- @param limit INTEGER = 20            rows to return
SELECT type, participants, status, max_amount, max_amount_currency, articles, sources,
       first_seen, last_seen, deal_id
FROM deals
WHERE max_amount IS NOT NULL
  AND (CAST($status AS VARCHAR) IS NULL OR status = $status)
ORDER BY max_amount DESC, last_seen DESC
LIMIT $limit;
