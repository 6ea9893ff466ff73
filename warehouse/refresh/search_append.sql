-- Add the articles the full-text index does not hold yet, the way create_fts_index
-- would have indexed them: the index's own tokenize macro (lower case, accents
-- stripped, non-letters split), its stopword list and the fts extension's porter
-- stemmer. The index tables stay exactly what a full rebuild would give (up to
-- document and term numbering), so match_bm25 keeps working on them, and the
-- term-sorted postings (search_postings.sql) grow by the new rows.
CREATE OR REPLACE TEMP TABLE _fts_new_docs AS
SELECT (SELECT coalesce(max(docid) + 1, 0) FROM fts_main_articles.docs)
         + row_number() OVER (ORDER BY a.article_id) - 1 AS docid,
       a.article_id, a.title, a.text, a.published_at, a.is_duplicate
FROM articles a
ANTI JOIN fts_main_articles.docs d ON d.name = a.article_id;

CREATE OR REPLACE TEMP TABLE _fts_new_tokens AS
WITH words AS (
    SELECT n.docid, f.fieldid,
           unnest(fts_main_articles.tokenize(CASE f.field WHEN 'title' THEN n.title ELSE n.text END)) AS word
    FROM _fts_new_docs n
    CROSS JOIN fts_main_articles.fields f
)
SELECT w.docid, w.fieldid, stem(w.word, 'porter') AS term
FROM words w
WHERE w.word <> ''
  AND w.word NOT IN (SELECT sw FROM fts_main_articles.stopwords);

INSERT INTO fts_main_articles.dict (termid, term, df)
SELECT (SELECT coalesce(max(termid) + 1, 0) FROM fts_main_articles.dict)
         + row_number() OVER (ORDER BY n.term) - 1,
       n.term, 0
FROM (SELECT DISTINCT term FROM _fts_new_tokens) n
ANTI JOIN fts_main_articles.dict d ON d.term = n.term;

UPDATE fts_main_articles.dict
SET df = dict.df + n.docs
FROM (SELECT term, count(DISTINCT docid) AS docs FROM _fts_new_tokens GROUP BY term) n
WHERE dict.term = n.term;

INSERT INTO fts_main_articles.terms (docid, fieldid, termid)
SELECT t.docid, t.fieldid, d.termid
FROM _fts_new_tokens t
JOIN fts_main_articles.dict d ON d.term = t.term;

INSERT INTO fts_main_articles.docs (docid, name, len)
SELECT n.docid, n.article_id, count(t.term)
FROM _fts_new_docs n
LEFT JOIN _fts_new_tokens t ON t.docid = n.docid
GROUP BY n.docid, n.article_id;

DELETE FROM fts_main_articles.stats;
INSERT INTO fts_main_articles.stats (num_docs, avgdl)
SELECT count(*), avg(len) FROM fts_main_articles.docs;

INSERT INTO fts_main_articles.postings (termid, docid, tf, len)
SELECT d.termid, t.docid, CAST(count(*) AS INTEGER), CAST(any_value(n.len) AS INTEGER)
FROM _fts_new_tokens t
JOIN fts_main_articles.dict d ON d.term = t.term
JOIN fts_main_articles.docs n ON n.docid = t.docid
GROUP BY d.termid, t.docid
ORDER BY d.termid, t.docid;

INSERT INTO fts_main_articles.doc_articles (docid, article_id, published_at, is_duplicate)
SELECT docid, article_id, published_at, is_duplicate FROM _fts_new_docs ORDER BY docid;

DROP TABLE _fts_new_tokens;
DROP TABLE _fts_new_docs;
