-- 005: reporting views, staging -> marts. `stg_*` views clean and key the raw tables once;
-- `mart_*` views answer the report's questions and are what `newsmon export` writes.
-- The day of an article is its published_date (the source's date), falling back to the
-- run date when the source printed none.

CREATE VIEW stg_articles AS
SELECT article_id, source, url, section, language, title, author,
       coalesce(published_date, run_date) AS article_date,
       published_date, original_published_date, word_count, content_sha256,
       run_date, loaded_at
FROM articles;

-- The latest run of each (source, run_date): retries and re-runs of a date replace it.
CREATE VIEW stg_latest_runs AS
SELECT *
FROM runs
QUALIFY row_number() OVER (PARTITION BY source, run_date
                           ORDER BY coalesce(finished_at, started_at) DESC NULLS LAST, run_id DESC) = 1;

CREATE VIEW mart_articles_daily AS
SELECT article_date, source, section, language,
       count(*)                AS articles,
       sum(word_count)         AS words,
       count(DISTINCT author)  AS authors
FROM stg_articles
GROUP BY article_date, source, section, language;

CREATE VIEW mart_authors AS
SELECT source, author,
       count(*)                                  AS articles,
       min(article_date)                         AS first_date,
       max(article_date)                         AS last_date,
       list(DISTINCT language ORDER BY language) AS languages,
       sum(word_count)                           AS words
FROM stg_articles
WHERE author IS NOT NULL
GROUP BY source, author;

CREATE VIEW mart_dq_daily AS
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
LEFT JOIN dq_results d ON d.run_id = r.run_id
GROUP BY r.source, r.run_date, r.run_id, r.status;

CREATE VIEW mart_freshness AS
WITH run_facts AS (
    SELECT source,
           max(run_date)                                          AS last_run_date,
           arg_max(status, coalesce(finished_at, started_at))     AS last_run_status,
           max(coalesce(finished_at, started_at))                 AS last_run_at,
           max(run_date) FILTER (WHERE status = 'success')        AS last_success_run_date,
           max(finished_at) FILTER (WHERE status = 'success')     AS last_success_at
    FROM runs GROUP BY source),
article_facts AS (
    SELECT source, max(article_date) AS last_article_date, max(loaded_at) AS last_loaded_at,
           count(*) AS articles
    FROM stg_articles GROUP BY source)
SELECT source, r.last_run_date, r.last_run_status, r.last_run_at,
       r.last_success_run_date, r.last_success_at,
       a.last_article_date, a.last_loaded_at, coalesce(a.articles, 0) AS articles,
       current_date - a.last_article_date AS days_since_last_article
FROM run_facts r FULL OUTER JOIN article_facts a USING (source);

-- The same body (content hash, current or earlier version) under more than one URL or date.
-- An article has one URL and one current date, so only hashes shared by several articles can
-- qualify: `shared` finds them from the narrow key columns before any list is built.
CREATE VIEW mart_republished AS
WITH shared AS (
    SELECT content_sha256 FROM article_versions GROUP BY content_sha256 HAVING count(*) > 1)
SELECT v.content_sha256,
       count(DISTINCT a.article_id)                           AS articles,
       count(DISTINCT a.url)                                  AS urls,
       min(a.article_date)                                    AS first_date,
       max(a.article_date)                                    AS last_date,
       list(DISTINCT a.url ORDER BY a.url)                    AS url_list,
       list(DISTINCT a.article_date ORDER BY a.article_date)  AS date_list,
       any_value(a.title)                                     AS title,
       any_value(a.language)                                  AS language
FROM shared s
JOIN article_versions v USING (content_sha256)
JOIN stg_articles a USING (article_id)
GROUP BY v.content_sha256
HAVING count(DISTINCT a.url) > 1 OR count(DISTINCT a.article_date) > 1;
