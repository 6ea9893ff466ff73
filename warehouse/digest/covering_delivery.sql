-- A successful delivery on $channel whose window already holds ($start, $end]:
-- same end (nothing stored since) and a start no later than this one.
SELECT digest_id, window_start, window_end, created_at, subject
FROM digests
WHERE channel = $channel AND status = 'delivered'
  AND window_end = $end AND window_start <= $start
ORDER BY created_at DESC
LIMIT 1;
