-- Sort the postings by term again once the rows appended since the last sort
-- (search_append.sql adds them in per-batch runs) pass a tenth of the table: the
-- zone maps then skip every row group that holds none of a query's terms.
CREATE OR REPLACE TABLE fts_main_articles.postings AS
SELECT termid, docid, tf, len FROM fts_main_articles.postings ORDER BY termid, docid;

CREATE OR REPLACE TABLE fts_main_articles.postings_state AS
SELECT count(*) AS sorted_rows FROM fts_main_articles.postings;
