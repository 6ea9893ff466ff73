-- Which of the candidate alert keys were already sent on $channel.
SELECT alert_key FROM alerts_sent
WHERE channel = $channel AND alert_key IN (SELECT unnest($keys));
