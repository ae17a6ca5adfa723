-- Quarantined records with the two fields a person reviewing them reads first taken out of
-- the stored record (the record itself stays in the table).
CREATE OR REPLACE VIEW stg_quarantine AS
SELECT source, run_date, article_id, url, failed_expectations, reasons,
       json_extract_string(record, '$.title')    AS title,
       json_extract_string(record, '$.language') AS language,
       quarantined_at
FROM quarantine;
