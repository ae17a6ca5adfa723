-- 004: quarantine releases. A quarantined row leaves `quarantine` when a later load of its
-- (source, run_date) no longer quarantines it (e.g. after a parser fix and `newsmon reparse`).
-- This table keeps what was released, when, by which run, and how: 'loaded' (it is an
-- article now) or 'gone' (the day no longer has it at all).

CREATE TABLE quarantine_releases (
    source              VARCHAR NOT NULL,
    run_date            DATE NOT NULL,
    article_id          VARCHAR,
    url                 VARCHAR,
    failed_expectations VARCHAR[],                 -- what it had failed
    reasons             VARCHAR,
    quarantined_at      TIMESTAMP,                 -- UTC, when it was quarantined
    released_at         TIMESTAMP NOT NULL,        -- UTC, the releasing load
    released_by_run     VARCHAR NOT NULL,          -- runs.run_id of the releasing load
    outcome             VARCHAR NOT NULL           -- loaded | gone
);
