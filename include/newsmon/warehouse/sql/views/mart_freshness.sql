-- Per source: the latest run, the latest successful run and the latest article.
CREATE OR REPLACE VIEW mart_freshness AS
WITH run_facts AS (
    SELECT source,
           max(run_date)                                          AS last_run_date,
           arg_max(status, coalesce(finished_at, started_at))     AS last_run_status,
           max(coalesce(finished_at, started_at))                 AS last_run_at,
           max(run_date) FILTER (WHERE status = 'success')        AS last_success_run_date,
           max(finished_at) FILTER (WHERE status = 'success')     AS last_success_at
    FROM stg_runs GROUP BY source),
article_facts AS (
    SELECT source, max(article_date) AS last_article_date, max(loaded_at) AS last_loaded_at,
           max(fetched_at) AS last_fetched_at, count(*) AS articles
    FROM stg_articles GROUP BY source)
SELECT source, r.last_run_date, r.last_run_status, r.last_run_at,
       r.last_success_run_date, r.last_success_at,
       a.last_article_date, a.last_loaded_at, a.last_fetched_at, coalesce(a.articles, 0) AS articles,
       current_date - a.last_article_date AS days_since_last_article
FROM run_facts r FULL OUTER JOIN article_facts a USING (source);
