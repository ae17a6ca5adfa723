-- Every run of every (source, run_date), retries and rejected runs included.
CREATE OR REPLACE VIEW stg_runs AS
SELECT run_id, source, run_date, started_at, finished_at, status,
       discovered, fetched, parsed, valid, quarantined, failed, loaded, message
FROM runs;
