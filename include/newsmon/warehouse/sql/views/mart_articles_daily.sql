-- Articles per day (article_date) x source x section x language.
CREATE OR REPLACE VIEW mart_articles_daily AS
SELECT article_date, source, section, language,
       count(*)                AS articles,
       sum(word_count)         AS words,
       count(DISTINCT author)  AS authors
FROM stg_articles
GROUP BY article_date, source, section, language;
