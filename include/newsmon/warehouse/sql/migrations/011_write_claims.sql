-- 011: one row every load rewrites inside its transaction, so that two loads committing at the
-- same time on a DuckLake warehouse always conflict and one of them is retried on the other's
-- state. DuckLake has no key constraints and does not see two inserts of the same article_id
-- as a conflict: without this, two workers loading overlapping articles at once would both
-- insert them. A DuckDB file has one writer (the lock's holder) and leaves it alone.

CREATE TABLE write_claims (
    id            INTEGER PRIMARY KEY,
    writes        BIGINT NOT NULL,
    last_run_id   VARCHAR,
    last_write_at TIMESTAMP
);
INSERT INTO write_claims VALUES (1, 0, NULL, NULL);
