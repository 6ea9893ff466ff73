-- Companies and people with the largest rise in mentions: the publication days the
-- window covers ($since_pub, $series_end] against the span of equal length before it.
-- Near-duplicate copies count once (the trend views do that). has_history is false
-- when the warehouse holds no story published before the window: "previous" is then
-- no comparison (a first digest, --since all) and is shown as such. Spikes need 28
-- days of history (entity_trends.is_spike).
WITH win AS (
    SELECT entity, sum(mentions) AS mentions, sum(articles) AS articles,
           bool_or(is_spike) AS spiked, max(zscore) AS top_zscore,
           arg_max(day, zscore) FILTER (WHERE is_spike) AS spike_day,
           arg_max(mentions, zscore) FILTER (WHERE is_spike) AS spike_mentions,
           max(zscore) FILTER (WHERE is_spike) AS spike_zscore
    FROM entity_trends
    WHERE day > CAST($since_pub AS DATE) AND day <= CAST($series_end AS DATE)
      AND label IN ('ORG', 'PERSON')
    GROUP BY entity
),
prev AS (
    SELECT entity, sum(mentions) AS mentions
    FROM daily_mentions
    WHERE label IN ('ORG', 'PERSON')
      AND day > CAST($since_pub AS DATE) - CAST(CAST($series_end AS DATE) - CAST($since_pub AS DATE) AS INTEGER)
      AND day <= CAST($since_pub AS DATE)
    GROUP BY entity
)
SELECT w.entity, w.mentions, coalesce(p.mentions, 0) AS previous, w.articles, w.spiked,
       w.top_zscore, w.spike_day, w.spike_mentions, w.spike_zscore, w.mentions - coalesce(p.mentions, 0) AS rise,
       EXISTS (SELECT 1 FROM trend_articles t WHERE t.day <= CAST($since_pub AS DATE)) AS has_history
FROM win w LEFT JOIN prev p USING (entity)
WHERE w.mentions > coalesce(p.mentions, 0) OR w.spiked
ORDER BY w.spiked DESC, rise DESC, w.mentions DESC, w.entity
LIMIT $limit;
