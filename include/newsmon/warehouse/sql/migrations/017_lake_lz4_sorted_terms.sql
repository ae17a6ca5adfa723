-- 017: on DuckLake, the Parquet codec and the dictionary's order, for search at a million articles.
-- A search's largest reads on a lake were (docs/scaling.md, 200,000 articles, EXPLAIN ANALYZE):
-- the page's articles, whose bodies a search decompresses a whole 2,048-row group at a time per
-- hit (~35 of ~55 ms a page in Snappy: bodies are most of the bytes), and the dictionary lookup,
-- which read every row of `search_terms` (unsorted: its row groups' min/max span every term).
-- So: every file DuckLake writes from now on is LZ4_RAW (the same size as Snappy on these
-- tables, a page of 10 hits read in ~28 ms against ~54 ms; zstd level 1 was smaller and slower
-- to read: 47 ms), and `search_terms` is sorted by term, in 16,384-row groups
-- (`migrate.LAKE_TERMS_ROW_GROUP_ROWS`), written again here (~1.3 M short rows at a million
-- articles), so a query's terms are found in a few row groups. Older files of the other tables keep
-- their codec until a merge (`newsmon.warehouse.compaction`) or a rewrite writes them again:
-- DuckDB reads both. A DuckDB file has neither: there this script is empty.
-- DUCKLAKE ONLY: migrate.for_kind leaves this part out on a DuckDB file.
CALL lake.set_option('parquet_compression', 'lz4_raw');
ALTER TABLE search_terms SET SORTED BY (term);
CALL lake.set_option('parquet_row_group_size', 16384, table_name => 'search_terms');
CREATE TEMP TABLE search_terms_017 AS SELECT * FROM search_terms;
DELETE FROM search_terms;
INSERT INTO search_terms SELECT * FROM search_terms_017;
DROP TABLE search_terms_017;
-- END DUCKLAKE ONLY
