-- The verdict of each expectation of each (source, run_date), from the date's latest run: what
-- the report's data-quality verdicts show, so a broken source is seen by the check it broke.
CREATE OR REPLACE VIEW mart_dq_results AS
SELECT r.source, r.run_date, r.run_id, d.expectation, d.column_name, d.success, d.unexpected_count
FROM stg_latest_runs r
JOIN stg_dq_results d ON d.run_id = r.run_id;
