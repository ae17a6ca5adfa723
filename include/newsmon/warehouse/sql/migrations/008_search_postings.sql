-- 008: newsmon's own inverted index over search_documents, in plain tables (DuckDB and DuckLake
-- alike), replacing the index DuckDB's fts extension rebuilt after every load (schema
-- fts_main_search_documents, dropped here). A load updates only its articles' rows and the one
-- stats row (newsmon.warehouse.search.update_search_index), in the load's transaction; a query
-- reads only the postings of its terms.
--
-- Tokens are exactly the fts extension's with stemmer none, lower 1, strip_accents 0 and the
-- ignore pattern below: lower-case, every run of '.' or of characters that are not a letter,
-- mark, digit or space becomes a space, split on whitespace, empty strings dropped. A document
-- with no token keeps a row (len 0): the fts index counted it in num_docs too.

DROP SCHEMA IF EXISTS fts_main_search_documents CASCADE;

-- The dictionary: one surrogate id per term ever indexed (postings hold the id, not the text).
CREATE TABLE search_terms (
    termid BIGINT NOT NULL,
    term   VARCHAR NOT NULL
);

-- One row per indexed document (a row of search_documents): its id in the postings, its
-- length in tokens (BM25's document length), and what search filters and orders by, so that
-- a query ranks from the index alone and reads articles only for the page it returns.
CREATE TABLE search_docs (
    docid          BIGINT NOT NULL,
    article_id     VARCHAR NOT NULL,
    len            BIGINT NOT NULL,
    source         VARCHAR NOT NULL,
    language       VARCHAR,
    published_date DATE
);

-- (term, document, term frequency, the document's length: BM25 scores from this table alone):
-- kept sorted by termid when built whole, so that a query reads only the row groups (Parquet
-- files on DuckLake) of its terms.
CREATE TABLE search_postings (
    termid BIGINT NOT NULL,
    docid  BIGINT NOT NULL,
    tf     BIGINT NOT NULL,
    len    BIGINT NOT NULL
);

-- One row: the corpus figures BM25 needs (avgdl = total_len / num_docs). Every change of the
-- index updates this row, which also makes two DuckLake writers indexing at once conflict
-- (and retry) instead of both numbering new documents from the same max(docid). text_form:
-- how search_text was made (newsmon.warehouse.search.TEXT_FORM; NULL: by an older newsmon,
-- without stemming): a refresh remakes every document of another form.
CREATE TABLE search_stats (
    num_docs  BIGINT NOT NULL,
    total_len BIGINT NOT NULL,
    text_form VARCHAR
);

-- Fill from the documents an older newsmon normalised (an upgraded warehouse searches at once).
CREATE TEMP TABLE _newsmon_migrate_docs AS
SELECT row_number() OVER (ORDER BY article_id) - 1 AS docid, article_id, source, language, published_date,
       list_filter(string_split_regex(regexp_replace(lower(search_text), '(\.|[^\p{L}\p{M}\p{N}\s])+', ' ', 'g'),
                                      '\s+'), lambda t: t <> '') AS tokens
FROM search_documents;

CREATE TEMP TABLE _newsmon_migrate_tokens AS
SELECT docid, unnest(tokens) AS term, len(tokens) AS doc_len FROM _newsmon_migrate_docs;

INSERT INTO search_docs (docid, article_id, len, source, language, published_date)
SELECT docid, article_id, len(tokens), source, language, published_date FROM _newsmon_migrate_docs ORDER BY docid;

INSERT INTO search_terms (termid, term)
SELECT row_number() OVER (ORDER BY term) - 1, term FROM (SELECT DISTINCT term FROM _newsmon_migrate_tokens);

INSERT INTO search_postings (termid, docid, tf, len)
SELECT s.termid, t.docid, count(*), t.doc_len FROM _newsmon_migrate_tokens t JOIN search_terms s USING (term)
GROUP BY s.termid, t.docid, t.doc_len ORDER BY s.termid, t.docid;

INSERT INTO search_stats (num_docs, total_len, text_form)
SELECT count(*), coalesce(sum(len), 0), NULL FROM search_docs;

DROP TABLE _newsmon_migrate_tokens;
DROP TABLE _newsmon_migrate_docs;
