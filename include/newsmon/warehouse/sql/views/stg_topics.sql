-- The watched topics as last matched (one row per topic): their scope and digest.
CREATE OR REPLACE VIEW stg_topics AS
SELECT topic, title, description, languages, sources, digest, file, matched_at
FROM topics;
