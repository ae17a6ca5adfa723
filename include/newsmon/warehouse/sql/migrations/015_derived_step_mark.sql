-- 015: on a DuckDB file, the aggregate of `articles` that the last load or refresh left the
-- derived tables in step with (newsmon.warehouse.step_mark): the next load then checks the
-- rest of history by reading `articles` alone, not also `article_minhash` and
-- `term_count_articles` (~0.2 s of a day's load at a million articles). One row at most.
-- DUCKDB ONLY: on DuckLake the catalog's snapshots tell the same (warehouse.lake_snapshots).
CREATE TABLE derived_step_mark (
    articles   BIGINT NOT NULL,   -- count(*) of articles
    signed     UBIGINT NOT NULL,  -- bit_xor of near_duplicates.IN_STEP_KEY over articles
    counted    UBIGINT NOT NULL,  -- bit_xor of top_terms.IN_STEP_ARTICLES_KEY over articles
    marked_at  TIMESTAMP NOT NULL
);
-- END DUCKDB ONLY
