"""Polite HTTP fetching and the raw archive (WARC)."""
