-- Every distinct body an article has had, without the body itself (marts need only the hash).
CREATE OR REPLACE VIEW stg_article_versions AS
SELECT article_id, content_sha256, first_seen, last_seen, title
FROM article_versions;
