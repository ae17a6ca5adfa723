-- The scored terms of each (language, day): the columns of `top_terms_daily` but the timestamp.
CREATE OR REPLACE VIEW stg_top_terms_daily AS
SELECT language, article_date, rank, term, occurrences, articles, window_occurrences, day_terms, window_terms, score
FROM top_terms_daily;
