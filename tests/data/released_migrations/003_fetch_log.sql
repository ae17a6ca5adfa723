-- 003: the crawler's fetch log. One row per URL a discover or fetch stage asked for, whatever
-- happened, so "what did we ask for, what came back, what was skipped and why" is a query.
--
-- History, not a snapshot: rows are keyed by fetch_run (the stage run's WARC file name, unique
-- per stage run). Loading the same stage run again replaces its rows (idempotent); a new run of
-- the same date adds its own rows, so a re-run's 304s sit beside the first run's 200s.
-- The per-URL ETag / Last-Modified memory is not here: it is the crawler's state file
-- ($NEWSMON_HOME/state/<source>/http_cache.json), so fetching never waits for the writer lock.

CREATE TABLE fetch_log (
    source        VARCHAR NOT NULL,
    run_date      DATE NOT NULL,           -- logical date of the run
    fetch_run     VARCHAR NOT NULL,        -- the stage run, e.g. 20240101T000000123456Z-fetch
    stage         VARCHAR NOT NULL,        -- discover | fetch
    url           VARCHAR NOT NULL,        -- the URL asked for (before redirects)
    requested_at  TIMESTAMP,               -- UTC, first attempt
    status        INTEGER,                 -- final HTTP status; NULL when no usable answer came
    bytes         BIGINT NOT NULL,         -- body bytes received for the final answer (0 on a 304)
    etag          VARCHAR,
    last_modified VARCHAR,                 -- as the server sent it (an HTTP date)
    elapsed_s     DOUBLE,                  -- wall seconds for this URL, retries included
    attempts      INTEGER NOT NULL,        -- requests made for it (0: refused before asking)
    outcome       VARCHAR NOT NULL,        -- fetched | not_modified | retried_then_fetched
                                           -- | failed: <reason> | refused: <reason>
    outcome_kind  VARCHAR NOT NULL,        -- the part of outcome before ':'
    raw_ref       VARCHAR                  -- archived bytes used (the earlier 200's on a 304)
);

CREATE VIEW fetch_outcomes AS
SELECT source, run_date, fetch_run, stage, outcome_kind,
       count(*) AS urls, sum(bytes) AS bytes, sum(attempts) AS requests,
       round(sum(elapsed_s), 3) AS seconds
FROM fetch_log
GROUP BY ALL;
