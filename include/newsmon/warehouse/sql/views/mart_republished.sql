-- The same body (content hash, current or earlier version) under more than one URL or date.
-- An article has one URL and one current date, so only hashes shared by several articles can
-- qualify: `shared` finds them from the narrow key columns before any list is built.
CREATE OR REPLACE VIEW mart_republished AS
WITH shared AS (
    SELECT content_sha256 FROM stg_article_versions GROUP BY content_sha256 HAVING count(*) > 1)
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
JOIN stg_article_versions v USING (content_sha256)
JOIN stg_articles a USING (article_id)
GROUP BY v.content_sha256
HAVING count(DISTINCT a.url) > 1 OR count(DISTINCT a.article_date) > 1;
