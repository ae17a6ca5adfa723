-- One row per current article, without its text: what the report lists and searches in the page.
CREATE OR REPLACE VIEW mart_articles AS
SELECT article_id, source, article_date, published_date, run_date, language, section, title,
       author, url, word_count
FROM stg_articles;
