-- 001: the warehouse tables. One row per article (latest content), every content version,
-- one row per run, and the day's failures, quarantined rows and data-quality results.

CREATE TABLE articles (
    article_id              VARCHAR PRIMARY KEY,   -- stable hash of source + canonical URL
    source                  VARCHAR NOT NULL,      -- profile name, e.g. afgazad
    url                     VARCHAR NOT NULL,      -- canonical URL
    section                 VARCHAR,
    language                VARCHAR,               -- ISO 639-1
    title                   VARCHAR,
    author                  VARCHAR,
    published_date          DATE,
    original_published_date DATE,
    body_text               VARCHAR NOT NULL,
    captions                VARCHAR[],
    word_count              INTEGER,
    content_sha256          VARCHAR,               -- hash of normalised body_text
    fetched_at              TIMESTAMP,             -- UTC
    raw_ref                 VARCHAR,               -- WARC file and record offset
    published_date_raw      VARCHAR,               -- the date as printed by the source
    run_date                DATE NOT NULL,         -- logical date of the run that loaded it
    loaded_at               TIMESTAMP NOT NULL     -- UTC; when this row's values last changed
);

CREATE TABLE article_versions (
    article_id     VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    first_seen     TIMESTAMP NOT NULL,             -- UTC, first load with this content
    last_seen      TIMESTAMP NOT NULL,             -- UTC, latest load with this content
    title          VARCHAR,
    body_text      VARCHAR,
    PRIMARY KEY (article_id, content_sha256)
);

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,               -- e.g. the Airflow run id
    source      VARCHAR NOT NULL,
    run_date    DATE NOT NULL,
    started_at  TIMESTAMP,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,
    discovered  INTEGER,
    fetched     INTEGER,
    parsed      INTEGER,
    valid       INTEGER,
    quarantined INTEGER,
    failed      INTEGER,
    loaded      INTEGER,
    message     VARCHAR
);

CREATE TABLE failures (
    source   VARCHAR NOT NULL,
    run_date DATE NOT NULL,
    url      VARCHAR,
    stage    VARCHAR NOT NULL,                     -- discover | fetch | parse | validate
    error    VARCHAR,
    failed_at TIMESTAMP                            -- UTC ("at" is a reserved word in DuckDB)
);

CREATE TABLE quarantine (
    source              VARCHAR NOT NULL,
    run_date            DATE NOT NULL,
    article_id          VARCHAR,
    url                 VARCHAR,
    failed_expectations VARCHAR[],                 -- e.g. expect_column_values_to_be_in_set(language)
    reasons             VARCHAR,
    record              JSON,                      -- the whole ArticleRecord as it was
    quarantined_at      TIMESTAMP                  -- UTC, the run's start
);

CREATE TABLE dq_results (
    run_id           VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    run_date         DATE NOT NULL,
    expectation      VARCHAR NOT NULL,
    column_name      VARCHAR,
    success          BOOLEAN NOT NULL,
    unexpected_count BIGINT,
    observed         JSON
);
