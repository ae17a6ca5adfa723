-- Near-duplicate pairs, each told as "article repeats earlier_article": the earlier one is the
-- one published first (published_date; an article without one counts as later), then the one
-- first loaded (its first version's first_seen), then the smaller article_id. Pairs whose
-- article has gone are left out (the next load drops them).
CREATE OR REPLACE VIEW mart_near_duplicates AS
WITH paired AS (  -- only the articles of some pair: the versions and articles scanned are cut to them early
    SELECT article_id_a AS article_id FROM stg_near_duplicate_pairs
    UNION
    SELECT article_id_b FROM stg_near_duplicate_pairs),
first_loaded AS (
    SELECT article_id, min(first_seen) AS first_loaded
    FROM stg_article_versions SEMI JOIN paired USING (article_id) GROUP BY article_id),
sides AS (
    SELECT a.article_id, a.source, a.article_date, a.published_date, a.language, a.title, a.url,
           f.first_loaded,
           (coalesce(a.published_date, DATE '9999-12-31'),
            coalesce(f.first_loaded, TIMESTAMP '9999-12-31 00:00:00'), a.article_id) AS first_key
    FROM stg_articles a SEMI JOIN paired USING (article_id)
    LEFT JOIN first_loaded f USING (article_id)),
pairs AS (
    SELECT p.similarity, p.detected_at,
           CASE WHEN x.first_key <= y.first_key THEN y ELSE x END AS later,
           CASE WHEN x.first_key <= y.first_key THEN x ELSE y END AS earlier
    FROM stg_near_duplicate_pairs p
    JOIN sides x ON x.article_id = p.article_id_a
    JOIN sides y ON y.article_id = p.article_id_b)
SELECT later.article_id        AS article_id,
       later.source            AS source,
       later.article_date      AS article_date,
       later.published_date    AS published_date,
       later.language          AS language,
       later.title             AS title,
       later.url               AS url,
       earlier.article_id      AS earlier_article_id,
       earlier.source          AS earlier_source,
       earlier.article_date    AS earlier_article_date,
       earlier.published_date  AS earlier_published_date,
       earlier.title           AS earlier_title,
       earlier.url             AS earlier_url,
       similarity,
       detected_at
FROM pairs;
