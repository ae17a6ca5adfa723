-- Per named author: how much, when, in which languages.
CREATE OR REPLACE VIEW mart_authors AS
SELECT source, author,
       count(*)                                  AS articles,
       min(article_date)                         AS first_date,
       max(article_date)                         AS last_date,
       list(DISTINCT language ORDER BY language) AS languages,
       sum(word_count)                           AS words
FROM stg_articles
WHERE author IS NOT NULL
GROUP BY source, author;
