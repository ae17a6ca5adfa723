"""Data quality: the Great Expectations suite over a day's ArticleRecords (see validate.py)."""

from newsmon.quality.validate import ValidationOutcome, validate_day

__all__ = ["ValidationOutcome", "validate_day"]
