-- When $channel last sent an alert (for the per-channel rate limit).
SELECT max(sent_at) AS sent_at FROM alerts_sent WHERE channel = $channel;
