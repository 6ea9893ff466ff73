-- One alerted change on one channel: it is never alerted there again.
INSERT OR IGNORE INTO alerts_sent (alert_key, channel, sent_at, message)
VALUES ($alert_key, $channel, $sent_at, $message);
