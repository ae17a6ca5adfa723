-- Pairs of current articles whose normalised bodies are near-duplicates (shingle Jaccard
-- similarity at or above the threshold), smaller article_id first; kept by each load.
CREATE OR REPLACE VIEW stg_near_duplicate_pairs AS
SELECT article_id_a, article_id_b, similarity, detected_at
FROM near_duplicate_pairs;
