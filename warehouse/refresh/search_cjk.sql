-- Japanese (and any Han/Katakana) text in the full-text index.
--
-- The fts extension's tokenizer splits on spaces and ASCII punctuation, so a Japanese
-- sentence, written without spaces, would be one long "word" and no query could match
-- it. The index's `tokenize` macro is replaced by one that reads the text without its
-- Han/Katakana/Hiragana and CJK punctuation exactly as before (English articles index
-- to the same terms), and adds the overlapping two-character pieces of each run of
-- Han and Katakana (日産自動車 -> 日産 産自 自動 動車; a lone character stands for
-- itself); hiragana, which mostly spells particles and endings, separates runs. A
-- query goes through the same macro, so 日産 finds 日産自動車 and ホンダ finds
-- ホンダ株, and BM25 ranks Japanese and English articles on one scale.
-- `{base}` is the tokenizer the fts extension generated for this index.
CREATE OR REPLACE MACRO fts_main_articles.tokenize_base(s) AS {base};

CREATE OR REPLACE MACRO fts_main_articles.cjk_pieces(s) AS
    flatten(list_transform(
        regexp_extract_all(CAST(s AS VARCHAR), '[\p{Han}\p{Katakana}ー々]+'),
        r -> CASE WHEN length(r) = 1 THEN [r]
                  ELSE list_transform(range(1, length(r)), i -> substr(r, i, 2)) END));

CREATE OR REPLACE MACRO fts_main_articles.tokenize(s) AS
    list_concat(
        fts_main_articles.tokenize_base(regexp_replace(CAST(s AS VARCHAR),
            '[\p{Han}\p{Hiragana}\p{Katakana}ー々\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]+', ' ', 'g')),
        fts_main_articles.cjk_pieces(s));

-- The articles indexed with the extension's own tokenizer that hold such text leave
-- the index here and come back through search_append.sql with the new one.
CREATE OR REPLACE TEMP TABLE _cjk_docs AS
SELECT d.docid
FROM fts_main_articles.docs d
JOIN articles a ON a.article_id = d.name
WHERE regexp_matches(coalesce(a.title, '') || coalesce(a.text, ''), '[\p{Han}\p{Hiragana}\p{Katakana}]');

UPDATE fts_main_articles.dict
SET df = dict.df - n.docs
FROM (SELECT termid, count(DISTINCT docid) AS docs
      FROM fts_main_articles.terms WHERE docid IN (SELECT docid FROM _cjk_docs) GROUP BY termid) n
WHERE dict.termid = n.termid;

DELETE FROM fts_main_articles.terms WHERE docid IN (SELECT docid FROM _cjk_docs);
DELETE FROM fts_main_articles.postings WHERE docid IN (SELECT docid FROM _cjk_docs);
DELETE FROM fts_main_articles.doc_articles WHERE docid IN (SELECT docid FROM _cjk_docs);
DELETE FROM fts_main_articles.docs WHERE docid IN (SELECT docid FROM _cjk_docs);
DROP TABLE _cjk_docs;
