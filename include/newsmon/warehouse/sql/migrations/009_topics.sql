-- 009: watched topics (newsmon.topics, docs/topics.md). `topics` holds the definition each
-- topic was last matched with and its digest (a changed file has another digest: `newsmon
-- topics refresh` re-matches it over all history); `topic_documents` each current article as
-- term text (newsmon.topics.text: normalised terms, ` a b c `), which the matcher tests with
-- substrings; `topic_matches` which article matches which topic; `topic_alerts` the spike
-- alerts sent, so a spike is reported once.

CREATE TABLE topics (
    topic       VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    description VARCHAR,
    languages   VARCHAR[],
    sources     VARCHAR[],
    definition  JSON NOT NULL,
    digest      VARCHAR NOT NULL,
    file        VARCHAR,
    matched_at  TIMESTAMP NOT NULL
);

CREATE TABLE topic_documents (
    article_id     VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    language       VARCHAR,
    title          VARCHAR,
    content_sha256 VARCHAR,
    tokeniser      VARCHAR NOT NULL,
    terms          VARCHAR NOT NULL,
    tokenised_at   TIMESTAMP NOT NULL
);

CREATE TABLE topic_matches (
    topic      VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    matched_at TIMESTAMP NOT NULL,
    PRIMARY KEY (topic, article_id)
);

CREATE TABLE topic_alerts (
    topic         VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    article_date  DATE NOT NULL,
    articles      INTEGER NOT NULL,
    median        DOUBLE NOT NULL,
    sent_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (topic, source, article_date)
);
