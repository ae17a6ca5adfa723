-- The latest run of each (source, run_date): retries and re-runs of a date replace it.
-- The one definition of "latest run": by finish time (start time when it never finished),
-- ties broken by run_id, so every mart and the report pick the same run.
CREATE OR REPLACE VIEW stg_latest_runs AS
SELECT *
FROM stg_runs
QUALIFY row_number() OVER (PARTITION BY source, run_date
                           ORDER BY coalesce(finished_at, started_at) DESC NULLS LAST, run_id DESC) = 1;
