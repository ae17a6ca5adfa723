-- The day's most distinctive terms per language against the trailing 28 days (all sources of the
-- language): at most 20 a day, rank 1 the most distinctive. The load scores them
-- (newsmon.warehouse.top_terms: a z-scored log-odds ratio, formula in docs/warehouse.md).
CREATE OR REPLACE VIEW mart_top_terms_daily AS
SELECT article_date, language, rank, term, score, occurrences, articles, window_occurrences, day_terms, window_terms
FROM stg_top_terms_daily;
