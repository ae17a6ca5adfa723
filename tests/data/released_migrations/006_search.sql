-- 006: the full-text search documents. One row per current article with `search_text`, the
-- title and body normalised by newsmon.warehouse.search.normalise (the same function that
-- normalises queries): NFKC, ZWNJ and tatweel removed, Arabic yeh/kaf to Persian forms,
-- Arabic diacritics removed, case folded. `refresh_search_index` keeps it in step with
-- `articles` and rebuilds the BM25 index (schema fts_main_search_documents) after loads.

CREATE TABLE search_documents (
    article_id     VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    language       VARCHAR,
    published_date DATE,
    title          VARCHAR,
    url            VARCHAR NOT NULL,
    content_sha256 VARCHAR,
    search_text    VARCHAR NOT NULL,
    indexed_at     TIMESTAMP NOT NULL
);
