"""Validate one (source, day) of ArticleRecords with Great Expectations.

The row-level expectation suite is a reviewed file (`include/gx/expectations/articles_suite.json`,
GX's own suite format). Values that depend on the source profile or the run date are
`$PARAMETER`s, filled in per call by `suite_parameters()`, so one suite serves every source.

Rows that fail any row-level expectation go to quarantine with the names of the expectations
they failed and a readable reason; the batch verdict fails when too large a share of the day
is quarantined or when an expectation could not be evaluated at all.

Great Expectations costs seconds to import, so it is imported on first use and the context,
batch definition and suite are built once per process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsmon.records import ARTICLE_FIELDS
from newsmon.sources.profile import SourceProfile

SUITE_PATH = Path(__file__).resolve().parents[2] / "gx" / "expectations" / "articles_suite.json"
MAX_QUARANTINE_SHARE = 0.5
BATCH_EXPECTATION = "newsmon_quarantined_share_at_most"
# Columns the suite looks at; the others travel through untouched.
CHECKED_COLUMNS = [
    "article_id", "source", "url", "title", "language", "published_date", "body_text", "word_count",
]
_PARTIAL_LIST_MAX = 20
_VALUE_TEXT_MAX = 80


@dataclass
class ValidationOutcome:
    """What validation decided about one day: the rows to load, the rows to quarantine, why."""

    valid: pd.DataFrame
    quarantine: pd.DataFrame
    results: list[dict[str, Any]] = field(default_factory=list)
    success: bool = True
    message: str = ""


@dataclass
class _GXState:
    batch_definition: Any
    suite: Any


_STATE: _GXState | None = None
_LOCK = threading.Lock()


def validate_day(df: pd.DataFrame, run_date: dt.date, profile: SourceProfile) -> ValidationOutcome:
    """Validate one day's records: split them into valid and quarantined rows, give a verdict.

    `df` has the ArticleRecord columns (missing ones count as null). Rows are attributed by
    position, so duplicate or null article_ids are still quarantined row by row.
    """
    original = _with_article_columns(df)
    work = _prepared(original)
    state = _gx_state()
    with _LOCK:  # GX's suite-parameter parser is a module-level object: not thread-safe
        batch = state.batch_definition.get_batch(batch_parameters={"dataframe": work})
        suite_result = batch.validate(
            state.suite,
            expectation_parameters=suite_parameters(run_date, profile),
            result_format={"result_format": "COMPLETE"},
        )
    failed_by_row: dict[int, list[str]] = {}
    reasons_by_row: dict[int, list[str]] = {}
    results: list[dict[str, Any]] = []
    broken: list[str] = []
    for res in suite_result.results:
        row = _result_row(res)
        results.append(row)
        error = _raised_exception(res.exception_info)
        if error is not None:
            broken.append(f"{_expectation_name(res)}: {error}")
            continue
        _attribute(res, original, failed_by_row, reasons_by_row)
    return _outcome(original, failed_by_row, reasons_by_row, results, broken, run_date, profile)


def suite_parameters(run_date: dt.date, profile: SourceProfile) -> dict[str, Any]:
    """The `$PARAMETER` values of the suite for one source and day.

    Date bounds are `pd.Timestamp`s: GX compares a datetime column against them (string or
    `datetime.date` bounds make every row fail without raising, see PLATFORM_NOTES).
    """
    tolerance = dt.timedelta(days=profile.quality.date_tolerance_days)
    return {
        "url_regex": host_regex(profile.allowed_hosts),
        "min_published_date": pd.Timestamp(run_date - tolerance),
        "max_published_date": pd.Timestamp(run_date + tolerance),
        "languages": list(profile.languages),
        "title_max_chars": profile.quality.title_max_chars,
        "min_body_words": profile.quality.min_body_words,
    }


def host_regex(allowed_hosts: tuple[str, ...] | list[str]) -> str:
    """A regex that matches http(s) URLs on exactly these hosts (any port), case-insensitively.

    Anchored after the host so `https://afgazad.com.evil.example/` does not pass.
    """
    if not allowed_hosts:
        return r"(?!)"  # nothing is allowed
    hosts = "|".join(re.escape(h.lower()) for h in allowed_hosts)
    return rf"(?i)^https?://(?:{hosts})(?::\d+)?(?:[/?#]|$)"


def load_suite_dict(path: Path = SUITE_PATH) -> dict[str, Any]:
    """The suite file as a dict (GX's ExpectationSuite JSON)."""
    if not path.is_file():
        raise FileNotFoundError(f"expectation suite {path}: not found (include/gx must ship beside newsmon)")
    return json.loads(path.read_text(encoding="utf-8"))


def _gx_state() -> _GXState:
    """Build (once per process) an ephemeral GX context with a pandas datasource and the suite."""
    global _STATE
    if _STATE is not None:
        return _STATE
    with _LOCK:
        if _STATE is None:
            _STATE = _build_gx_state()
    return _STATE


def _build_gx_state() -> _GXState:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas("newsmon").add_dataframe_asset("articles")
    batch_definition = asset.add_batch_definition_whole_dataframe("day")
    suite = context.suites.add(gx.ExpectationSuite(**load_suite_dict()))
    return _GXState(batch_definition=batch_definition, suite=suite)


def _with_article_columns(df: pd.DataFrame) -> pd.DataFrame:
    """The input with a 0..n-1 index and every ArticleRecord column (missing ones as null)."""
    out = df.reset_index(drop=True)
    missing = [c for c in ARTICLE_FIELDS if c not in out.columns]
    if missing:
        out = out.copy()
        for column in missing:
            out[column] = pd.Series([None] * len(out), dtype=object)
    return out


def _prepared(original: pd.DataFrame) -> pd.DataFrame:
    """The checked columns with types GX compares reliably.

    Dates become day-precision datetimes (non-ISO text becomes null and fails not-null),
    word_count becomes numeric; an empty frame gets typed columns so GX does not trip on
    comparing an empty object column with a Timestamp.
    """
    work = original[CHECKED_COLUMNS].copy()
    # ISO 8601 only: a free-text date must not be guessed into some other day (or year 1).
    try:
        published = pd.to_datetime(work["published_date"], errors="coerce", format="ISO8601")
    except (ValueError, TypeError):  # mixed naive and tz-aware values
        published = pd.to_datetime(work["published_date"], errors="coerce", format="ISO8601", utc=True)
    if isinstance(published.dtype, pd.DatetimeTZDtype):
        published = published.dt.tz_localize(None)
    work["published_date"] = published.dt.normalize()
    work["word_count"] = pd.to_numeric(work["word_count"], errors="coerce").astype("Float64")
    for column in ("article_id", "source", "url", "title", "language", "body_text"):
        work[column] = work[column].astype(object)
    return work


def _expectation_name(res: Any) -> str:
    config = res.expectation_config
    return f"{config.type}({config.kwargs.get('column')})"


def _raised_exception(info: Any) -> str | None:
    """The message of an exception GX caught while evaluating an expectation, if any.

    GX reports either `{"raised_exception": ...}` or one such dict per metric.
    """
    if not isinstance(info, dict):
        return None
    if "raised_exception" in info:
        return str(info.get("exception_message")) if info.get("raised_exception") else None
    for value in info.values():
        message = _raised_exception(value)
        if message is not None:
            return message
    return None


def _attribute(
    res: Any,
    original: pd.DataFrame,
    failed_by_row: dict[int, list[str]],
    reasons_by_row: dict[int, list[str]],
) -> None:
    """Record, per failing row position, which expectation it failed and why (with its value)."""
    if res.success:
        return
    name = _expectation_name(res)
    column = res.expectation_config.kwargs.get("column")
    description = res.expectation_config.description or name
    for position in res.result.get("unexpected_index_list") or []:
        value = original[column].iloc[position] if column in original.columns else None
        failed_by_row.setdefault(position, []).append(name)
        reasons_by_row.setdefault(position, []).append(f"{description} ({column}={_short(value)})")


def _result_row(res: Any) -> dict[str, Any]:
    """One expectation's result as a dq_results row: names, verdict, counts, observed as JSON."""
    result = res.result or {}
    observed: dict[str, Any] = {
        key: result[key]
        for key in ("element_count", "unexpected_count", "unexpected_percent", "missing_count", "observed_value")
        if key in result
    }
    if "partial_unexpected_list" in result:
        observed["partial_unexpected_list"] = [
            v if isinstance(v, (int, float, bool)) else _short(v, 200, quote=False)
            for v in result["partial_unexpected_list"][:_PARTIAL_LIST_MAX]
        ]
    error = _raised_exception(res.exception_info)
    if error is not None:
        observed["exception"] = error
    count = result.get("unexpected_count")
    return {
        "expectation": res.expectation_config.type,
        "column_name": res.expectation_config.kwargs.get("column"),
        "success": bool(res.success),
        "unexpected_count": int(count) if count is not None else None,
        "observed": json.dumps(observed, default=str, ensure_ascii=False),
    }


def _outcome(
    original: pd.DataFrame,
    failed_by_row: dict[int, list[str]],
    reasons_by_row: dict[int, list[str]],
    results: list[dict[str, Any]],
    broken: list[str],
    run_date: dt.date,
    profile: SourceProfile,
) -> ValidationOutcome:
    """Split the rows, add the batch-level check, and phrase the verdict."""
    bad = sorted(failed_by_row)
    good = [i for i in range(len(original)) if i not in failed_by_row]
    valid = original.iloc[good].reset_index(drop=True)
    quarantine = original.iloc[bad].reset_index(drop=True)
    quarantine["failed_expectations"] = pd.Series([failed_by_row[i] for i in bad], dtype=object)
    quarantine["reasons"] = pd.Series(["; ".join(reasons_by_row[i]) for i in bad], dtype=object)

    total = len(original)
    share = len(bad) / total if total else 0.0
    share_ok = share <= MAX_QUARANTINE_SHARE
    results.append({
        "expectation": BATCH_EXPECTATION,
        "column_name": None,
        "success": share_ok,
        "unexpected_count": len(bad),
        "observed": json.dumps({"rows": total, "quarantined": len(bad), "share": round(share, 4),
                                "max_share": MAX_QUARANTINE_SHARE}),
    })
    head = f"{profile.name} {run_date.isoformat()}: {total} rows, {len(good)} valid, {len(bad)} quarantined"
    problems: list[str] = []
    if not share_ok:
        top = Counter(n for names in failed_by_row.values() for n in names).most_common(3)
        problems.append(
            f"quarantined share {share:.0%} exceeds {MAX_QUARANTINE_SHARE:.0%} "
            f"(most failed: {', '.join(f'{n} x{c}' for n, c in top)})"
        )
    if broken:
        problems.append("expectation could not be evaluated: " + "; ".join(broken))
    message = head + (" — FAILED: " + " | ".join(problems) if problems else "")
    return ValidationOutcome(valid=valid, quarantine=quarantine, results=results,
                             success=not problems, message=message)


def _short(value: Any, limit: int = _VALUE_TEXT_MAX, quote: bool = True) -> str:
    """A value as short readable text for reasons (quoted, so '' and None differ) and lists."""
    if isinstance(value, np.generic) and not isinstance(value, (np.datetime64, np.timedelta64)):
        value = value.item()  # numpy scalar -> Python, so reasons read 5 not np.int64(5)
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        text = "null"
    elif isinstance(value, pd.Timestamp):
        text = value.date().isoformat() if value == value.normalize() else value.isoformat()
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, str) and not quote:
        text = value
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
