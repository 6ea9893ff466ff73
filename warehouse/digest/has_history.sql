-- Whether the warehouse holds a dated story published before the window began: without
-- one, nothing in the window is "new" (a first digest, --since all), only first seen.
SELECT EXISTS (SELECT 1 FROM trend_articles WHERE published_at <= $since) AS has_history;
