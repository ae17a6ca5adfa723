-- 010: derived text data kept in step with `articles` inside each load's transaction, so a daily
-- load compares its own articles with history without recomputing history.
--
-- Near-duplicates (newsmon.warehouse.near_duplicates): one MinHash signature per current article
-- (word 3-shingles of the normalised body), its LSH band buckets, and the pairs whose exact
-- shingle Jaccard similarity reached the threshold in force when they were computed (`scheme`
-- names the shingling, permutations, bands and threshold: a change recomputes everything).
-- No primary keys: the refresh keeps one row per article (and per pair) itself, as on DuckLake.
CREATE TABLE article_minhash (
    article_id     VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    scheme         VARCHAR NOT NULL,
    shingles       INTEGER NOT NULL,
    signature      BLOB,
    computed_at    TIMESTAMP NOT NULL
);
CREATE TABLE article_lsh_bands (
    band       SMALLINT NOT NULL,
    bucket     BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
CREATE TABLE near_duplicate_pairs (
    article_id_a VARCHAR NOT NULL,
    article_id_b VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL,
    detected_at  TIMESTAMP NOT NULL
);

-- Top terms (newsmon.warehouse.top_terms): how often each term occurs in the current articles
-- of a (source, language, article day), stop words left out; `term_count_articles` records
-- which article versions the counts hold, so a load recounts only the days it changed.
CREATE TABLE term_count_articles (
    article_id     VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    language       VARCHAR,
    article_date   DATE
);
CREATE TABLE term_counts_daily (
    source       VARCHAR NOT NULL,
    language     VARCHAR NOT NULL,
    article_date DATE NOT NULL,
    term         VARCHAR NOT NULL,
    occurrences  INTEGER NOT NULL,
    articles     INTEGER NOT NULL
);
-- The day's most distinctive terms per language against the trailing 28 days, scored by the load
-- for the days its counts changed and the 28 days after them (see newsmon.warehouse.top_terms).
CREATE TABLE top_terms_daily (
    language           VARCHAR NOT NULL,
    article_date       DATE NOT NULL,
    rank               INTEGER NOT NULL,
    term               VARCHAR NOT NULL,
    occurrences        INTEGER NOT NULL,
    articles           INTEGER NOT NULL,
    window_occurrences INTEGER NOT NULL,
    day_terms          INTEGER NOT NULL,
    window_terms       INTEGER NOT NULL,
    score              DOUBLE NOT NULL,
    computed_at        TIMESTAMP NOT NULL
);
