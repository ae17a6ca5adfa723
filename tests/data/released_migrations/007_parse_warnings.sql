-- 007: what the parser could not establish about an article (ArticleRecord.parse_warnings),
-- e.g. no_byline, unknown_section. Records with a serious warning (no_title, no_header_date,
-- suspicious_title) are quarantined by the GX row suite and keep theirs in quarantine.record.

ALTER TABLE articles ADD COLUMN parse_warnings VARCHAR[];
