-- The latest run of each (source, run_date) with its stage counts, and how many failure rows
-- the date holds (the documents its latest load recorded as failed).
CREATE OR REPLACE VIEW mart_runs AS
WITH failure_rows AS (
    SELECT source, run_date, count(*) AS failure_rows FROM stg_failures GROUP BY source, run_date)
SELECT r.source, r.run_date, r.run_id, r.status, r.started_at, r.finished_at,
       r.discovered, r.fetched, r.parsed, r.valid, r.quarantined, r.failed, r.loaded, r.message,
       coalesce(f.failure_rows, 0) AS failure_rows
FROM stg_latest_runs r
LEFT JOIN failure_rows f USING (source, run_date);
