-- 012: LSH bucket rows of 8 bytes (newsmon.warehouse.near_duplicates). A day's load joins its
-- articles' buckets against every stored bucket row (35 per article); with a VARCHAR article_id
-- and a 64-bit bucket per row that join was the largest cost of a load at a million articles.
-- Each signature gets an integer key `doc` (assigned in insert order, only growing), and a
-- bucket row holds the band, the low 32 bits of its 64-bit bucket (as a signed INTEGER, the fold
-- `near_duplicates.stored_buckets` makes) and the doc. The pairs still name article ids.
ALTER TABLE article_minhash ADD COLUMN doc INTEGER;
UPDATE article_minhash SET doc = CAST(k.doc AS INTEGER)
FROM (SELECT article_id, row_number() OVER (ORDER BY computed_at, article_id) AS doc FROM article_minhash) k
WHERE article_minhash.article_id = k.article_id;
CREATE TABLE article_lsh_bands_012 (
    band   SMALLINT NOT NULL,
    bucket INTEGER NOT NULL,
    doc    INTEGER NOT NULL
);
INSERT INTO article_lsh_bands_012 (band, bucket, doc)
SELECT b.band, CAST(((b.bucket & 4294967295) + 2147483648) % 4294967296 - 2147483648 AS INTEGER), m.doc
FROM article_lsh_bands b JOIN article_minhash m ON m.article_id = b.article_id;
DROP TABLE article_lsh_bands;
ALTER TABLE article_lsh_bands_012 RENAME TO article_lsh_bands;
