-- The articles of each topic, one row per (topic, article), with the article's day and labels.
CREATE OR REPLACE VIEW mart_topic_articles AS
SELECT m.topic, t.title AS topic_title, a.article_id, a.source, a.article_date, a.language, a.section,
       a.title, a.author, a.url, a.word_count, m.matched_at
FROM stg_topic_matches m
JOIN stg_topics t USING (topic)
JOIN stg_articles a USING (article_id);
