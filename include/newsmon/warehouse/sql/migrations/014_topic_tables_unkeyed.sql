-- 014: topic_documents and topic_matches without primary keys. A key's index is read back from
-- the file by the first insert of each process (every load is a fresh process), and at a million
-- articles that cost a day's load ~70 ms (topic_documents) and 130-180 ms (topic_matches, whose
-- key is two strings over 1.9 M rows) of its ~1.8 s, for 50 articles. Neither key guards
-- anything the code relies on: both tables are derived (newsmon.topics rebuilds them from
-- `articles` and the topic files), and the code already keeps them unique without keys, as it
-- must on DuckLake, which has none (it deletes an article's text and matches before it writes
-- them again). DuckDB cannot drop a key, so each table is made again, in the same row order.
-- DUCKDB ONLY: DuckLake's tables have no keys to drop (migrate.for_kind leaves this part out).
CREATE TABLE topic_documents_014 (
    article_id     VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    language       VARCHAR,
    title          VARCHAR,
    content_sha256 VARCHAR,
    tokeniser      VARCHAR NOT NULL,
    terms          VARCHAR NOT NULL,
    tokenised_at   TIMESTAMP NOT NULL
);
INSERT INTO topic_documents_014 SELECT * FROM topic_documents;
DROP TABLE topic_documents;
ALTER TABLE topic_documents_014 RENAME TO topic_documents;
CREATE TABLE topic_matches_014 (
    topic      VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    matched_at TIMESTAMP NOT NULL
);
INSERT INTO topic_matches_014 SELECT * FROM topic_matches;
DROP TABLE topic_matches;
ALTER TABLE topic_matches_014 RENAME TO topic_matches;
-- END DUCKDB ONLY
