-- The last successful delivery on $channel (end of its window, when it was made), and
-- the earliest window start of a failed attempt (where a channel that never
-- succeeded must start, so its first failure is caught up).
SELECT max(window_end) FILTER (WHERE status = 'delivered') AS window_end,
       max(created_at) FILTER (WHERE status = 'delivered') AS created_at,
       min(window_start) FILTER (WHERE status = 'failed') AS failed_start
FROM digests
WHERE channel = $channel;
