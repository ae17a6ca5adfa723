-- 002: small summary views for analysts and the report.

CREATE VIEW articles_per_date_language AS
SELECT run_date, language, count(*) AS articles
FROM articles
GROUP BY run_date, language;

CREATE VIEW dq_pass_rates AS
SELECT source, run_date, expectation, column_name,
       count(*) AS evaluations,
       avg(CASE WHEN success THEN 1.0 ELSE 0.0 END) AS pass_rate
FROM dq_results
GROUP BY source, run_date, expectation, column_name;
