-- Attention per topic: topic x article day x source x language, the articles that match and
-- their share of that day's articles (of that source and language). Every day with articles in
-- the topic's scope (its languages and sources) has a row, 0 when none matched, so a line over
-- time and a trailing median see the quiet days too.
CREATE OR REPLACE VIEW mart_topic_daily AS
WITH day_totals AS (
    SELECT article_date, source, language, count(*) AS day_articles
    FROM stg_articles
    GROUP BY article_date, source, language),
matched AS (
    SELECT m.topic, a.article_date, a.source, a.language, count(*) AS articles
    FROM stg_topic_matches m
    JOIN stg_articles a USING (article_id)
    GROUP BY m.topic, a.article_date, a.source, a.language)
SELECT t.topic, t.title AS topic_title, d.article_date, d.source, d.language,
       coalesce(m.articles, 0)                                  AS articles,
       d.day_articles,
       coalesce(m.articles, 0) / d.day_articles                 AS share
FROM stg_topics t
JOIN day_totals d
  ON (t.languages IS NULL OR list_contains(t.languages, d.language))
 AND (t.sources IS NULL OR list_contains(t.sources, d.source))
LEFT JOIN matched m
  ON m.topic = t.topic AND m.article_date = d.article_date AND m.source = d.source
 AND m.language IS NOT DISTINCT FROM d.language;
