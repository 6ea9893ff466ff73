-- The newest moment articles became visible at or before $now: the end of a digest window.
SELECT max(stored_at) AS watermark
FROM digest_articles
WHERE stored_at <= $now;
