"""Data quality, pure: a day's records and its volume history in, a verdict out.

Great Expectations suites over a day's ArticleRecords (validate.py) give a
`ValidationOutcome`: the rows to load, the rows to quarantine, whether the day passes and
why. The history it is judged against is data (history.py), read from the warehouse by the
pipeline; storing a rejected verdict is the pipeline's too (`newsmon.warehouse`).
Nothing here opens the warehouse.
"""

from newsmon.quality.validate import ValidationOutcome, validate_day

__all__ = ["ValidationOutcome", "validate_day"]
