-- Which current article matches which topic (matches of a changed article are re-made with it).
CREATE OR REPLACE VIEW stg_topic_matches AS
SELECT topic, article_id, matched_at
FROM topic_matches;
