-- The documents of each (source, run_date) that did not become articles, as its latest load left them.
CREATE OR REPLACE VIEW stg_failures AS
SELECT source, run_date, url, stage, error, failed_at
FROM failures;
