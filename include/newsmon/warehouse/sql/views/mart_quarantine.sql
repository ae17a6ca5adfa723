-- The quarantined records of each (source, run_date), for a person to review (the report
-- lists the day's).
CREATE OR REPLACE VIEW mart_quarantine AS
SELECT source, run_date, article_id, url, title, language, failed_expectations, reasons, quarantined_at
FROM stg_quarantine;
