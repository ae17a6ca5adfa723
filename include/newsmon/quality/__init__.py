"""Data quality: Great Expectations suites over a day's ArticleRecords (see validate.py),
the volume history they are judged against (history.py), and the record of a rejected day
(rejected.py)."""

from newsmon.quality.validate import ValidationOutcome, validate_day

__all__ = ["ValidationOutcome", "validate_day"]
