-- Data-quality pass rates per (source, run_date), from the date's latest run.
CREATE OR REPLACE VIEW mart_dq_daily AS
SELECT r.source, r.run_date, r.run_id, r.status,
       count(d.expectation)                                        AS expectations,
       count(d.expectation) FILTER (WHERE d.success)               AS expectations_passed,
       count(d.expectation) FILTER (WHERE d.success) / nullif(count(d.expectation), 0)
                                                                   AS expectation_pass_rate,
       any_value(r.valid)                                          AS rows_valid,
       any_value(r.quarantined)                                    AS rows_quarantined,
       any_value(r.valid) / nullif(any_value(r.valid) + any_value(r.quarantined), 0)
                                                                   AS row_pass_rate
FROM stg_latest_runs r
LEFT JOIN stg_dq_results d ON d.run_id = r.run_id
GROUP BY r.source, r.run_date, r.run_id, r.status;
