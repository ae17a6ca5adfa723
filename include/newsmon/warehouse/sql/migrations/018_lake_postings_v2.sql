-- 018: on DuckLake, the postings written as Parquet version 2, sorted by term then document.
-- A search's ranking reads every posting of its query's terms (`search.SCORES`): at a million
-- articles the p95 query reads ~300,000 of them, and most of the bytes are `docid`, which
-- version 1 stores PLAIN (8 bytes a posting, 115 of the 148 MB of the postings at 200,000
-- articles). Version 2 stores it DELTA_BINARY_PACKED (38 MB: a term's documents are increasing
-- numbers) and the other columns RLE_DICTIONARY as before; reading a query's postings took
-- ~40 instead of ~66-90 ns a posting (docs/scaling.md, "Search on DuckLake: the postings as
-- Parquet version 2"). The same values, so the same scores and pages.
-- The sort order adds docid (016 sorted by termid alone) so that a merge of daily files
-- (newsmon.warehouse.compaction) keeps each term's documents increasing, which the delta
-- encoding needs to be small; loads already insert in that order (`search.ADD_POSTINGS`).
-- A table option stored in the catalog: every postings file written after it (loads, merges,
-- rewrites) is version 2; files a lake holds already keep version 1 until a merge or a rewrite
-- writes them again (DuckDB reads both; rewriting ~150 M postings at a million articles here
-- would hold a load for minutes). A DuckDB file has neither: there this script is empty.
-- DUCKLAKE ONLY: migrate.for_kind leaves this part out on a DuckDB file.
ALTER TABLE search_postings SET SORTED BY (termid, docid);
CALL lake.set_option('parquet_version', 2, table_name => 'search_postings');
-- END DUCKLAKE ONLY
