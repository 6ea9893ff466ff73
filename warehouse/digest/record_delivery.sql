-- One delivery attempt of a digest on a channel, delivered or failed.
INSERT OR REPLACE INTO digests
    (digest_id, channel, window_start, window_end, created_at, status, error, subject)
VALUES ($digest_id, $channel, $start, $end, $created_at, $status, $error, $subject);
