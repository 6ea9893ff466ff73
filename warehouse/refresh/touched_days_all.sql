-- Every day of every week that has a dated article: a full rebuild.
CREATE OR REPLACE TEMP TABLE _touched_days AS
WITH weeks AS (
    SELECT DISTINCT CAST(date_trunc('week', published_at) AS DATE) AS week
    FROM articles
    WHERE published_source <> 'fetch'
)
SELECT CAST(week + INTERVAL (d) DAY AS DATE) AS day
FROM weeks, range(7) AS r(d);
