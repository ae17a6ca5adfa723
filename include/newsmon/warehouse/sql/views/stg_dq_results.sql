-- One row per expectation evaluated in a run.
CREATE OR REPLACE VIEW stg_dq_results AS
SELECT run_id, source, run_date, expectation, column_name, success, unexpected_count, observed
FROM dq_results;
