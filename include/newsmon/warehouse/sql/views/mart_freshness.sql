-- Per source: the latest run, the latest successful run and the latest article, and how old
-- each is. Every age is a count of days from an earlier day to a later one, never negative:
-- - days_since_last_article: from the newest article to today;
-- - days_since_last_success: from the day the latest successful run finished to today;
-- - days_behind_at_last_run: from the newest article dated on or before the latest run date
--   to that run date (how stale the source already was when it last ran).
-- An article dated after today is a date the source printed or we parsed wrong, not news from
-- the future: it is not the newest article (it would make an age negative) and is counted in
-- future_dated_articles, so it shows instead of vanishing.
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
    SELECT source, max(article_date) FILTER (WHERE article_date <= current_date) AS last_article_date,
           max(loaded_at) AS last_loaded_at, max(fetched_at) AS last_fetched_at, count(*) AS articles,
           count(*) FILTER (WHERE article_date > current_date) AS future_dated_articles
    FROM stg_articles GROUP BY source),
at_last_run AS (
    SELECT r.source, max(a.article_date) AS newest_by_last_run
    FROM run_facts r JOIN stg_articles a ON a.source = r.source AND a.article_date <= r.last_run_date
    GROUP BY r.source)
SELECT source, r.last_run_date, r.last_run_status, r.last_run_at,
       r.last_success_run_date, r.last_success_at,
       a.last_article_date, a.last_loaded_at, a.last_fetched_at, coalesce(a.articles, 0) AS articles,
       current_date - a.last_article_date AS days_since_last_article,
       greatest(current_date - CAST(r.last_success_at AS DATE), 0) AS days_since_last_success,
       r.last_run_date - l.newest_by_last_run AS days_behind_at_last_run,
       coalesce(a.future_dated_articles, 0) AS future_dated_articles
FROM run_facts r FULL OUTER JOIN article_facts a USING (source) LEFT JOIN at_last_run l USING (source);
