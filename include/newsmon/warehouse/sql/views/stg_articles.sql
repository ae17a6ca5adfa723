-- Articles without their text, one row per article (its current version), with the article's
-- day: `article_date` is its published_date (the source's date), or the run date when the
-- source printed none. Every mart that counts articles by day uses this one definition.
CREATE OR REPLACE VIEW stg_articles AS
SELECT article_id, source, url, section, language, title, author,
       coalesce(published_date, run_date) AS article_date,
       published_date, original_published_date, word_count, content_sha256,
       run_date, fetched_at, loaded_at
FROM articles;
