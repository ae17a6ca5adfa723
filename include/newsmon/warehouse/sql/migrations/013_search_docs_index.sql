-- 013: an index on search_docs.docid. A search ranks documents from the postings alone, then
-- reads the page's few documents by docid (newsmon.warehouse.search.DOCS_BY_ID): with this
-- index that is an index scan (~2 ms at 1M articles) instead of a scan of every row group
-- (~60 ms). On DuckLake, which has no indexes, this script is empty (migrate.for_kind).
-- A later migration that alters search_docs drops the index first (DuckDB cannot alter a
-- table an index depends on) and creates it again after.
CREATE INDEX search_docs_docid ON search_docs (docid);
