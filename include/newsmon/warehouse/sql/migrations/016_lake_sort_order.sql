-- 016: on DuckLake, the order in which DuckLake writes (and re-writes, when the report DAG merges
-- a table's small daily files: newsmon.warehouse.compaction) the rows of the tables a search
-- reads by key. Sorted files carry narrow min/max statistics per Parquet row group, so a search
-- reads only the row groups of its terms (`search_postings` by termid), of its page's documents
-- (`search_docs` by docid) and of its page's days (`articles` by date, then id), where a merge of
-- unsorted daily files would concatenate them: every row group spanning all terms. A DuckDB file
-- has no sort order to set (its zone maps follow the insert order, which the loads already give
-- by term and docid): there this script is empty.
-- `search_docs` is also written again, in 2,048-row groups (the option `migrate` sets for it on
-- a lake made after this version): a search reads its page's ~10 documents by docid, which in
-- the 122,880-row groups of a lake made before took ~57 ms at a million articles, ~16 ms in
-- 2,048-row groups (docs/scaling.md). Its rows stay as they were (about 1 s at 1M documents).
-- DUCKLAKE ONLY: migrate.for_kind leaves this part out on a DuckDB file. (`lake` is the alias
-- every newsmon session attaches the catalog as: connection.LAKE_ALIAS.)
ALTER TABLE search_postings SET SORTED BY (termid);
ALTER TABLE search_docs SET SORTED BY (docid);
ALTER TABLE articles SET SORTED BY (published_date, article_id);
CALL lake.set_option('parquet_row_group_size', 2048, table_name => 'search_docs');
CREATE TEMP TABLE search_docs_016 AS SELECT * FROM search_docs;
DELETE FROM search_docs;
INSERT INTO search_docs SELECT * FROM search_docs_016;
DROP TABLE search_docs_016;
-- END DUCKLAKE ONLY
