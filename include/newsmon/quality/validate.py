"""Validate one (source, day) of ArticleRecords with Great Expectations.

Two suites, both files in `include/gx/expectations/`, run through their checkpoints (which
store the results under $NEWSMON_HOME and update the Data Docs):

- `articles` (row level) over the day's records. A row failing any expectation goes to
  quarantine with the names of the expectations it failed and its offending values.
- `articles_batch` (day level) over one row of the day's metrics: the valid article count
  against the trailing same-weekday median from the warehouse, and the quarantined share.
  Any failure rejects the day: `ValidationOutcome.success` is False and nothing is loaded.

Values that depend on the source profile, the run date or the history are `$PARAMETER`s
filled in per call (`row_parameters`, `batch_parameters`), so one suite serves every source.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsmon import settings
from newsmon.quality.context import (
    BATCH_CHECKPOINT,
    DOCS_SITE,
    GX_DIR,
    ROW_CHECKPOINT,
    docs_dir,
    gx_context,
    gx_lock,
)
from newsmon.quality.history import VolumeHistory
from newsmon.quality.offline_docs import make_offline
from newsmon.records import ARTICLE_FIELDS
from newsmon.sources.profile import SourceProfile

SUITE_PATH = GX_DIR / "expectations" / "articles.json"
BATCH_SUITE_PATH = GX_DIR / "expectations" / "articles_batch.json"
# Columns the row suite looks at; the others travel through untouched.
CHECKED_COLUMNS = [
    "article_id", "source", "url", "title", "author", "language", "published_date",
    "original_published_date", "body_text", "word_count", "content_sha256", "parse_warnings",
]
_TEXT_COLUMNS = ["article_id", "source", "url", "title", "author", "language", "body_text", "content_sha256",
                 "parse_warnings"]
_DATE_COLUMNS = ["published_date", "original_published_date"]
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
    metrics: dict[str, Any] = field(default_factory=dict)
    docs_index: Path | None = None


def validate_day(
    df: pd.DataFrame,
    run_date: dt.date,
    profile: SourceProfile,
    history: VolumeHistory | None = None,
    *,
    home: Path | None = None,
    run_name: str | None = None,
    build_docs: bool = True,
) -> ValidationOutcome:
    """Validate one day's records: split them into valid and quarantined rows, give a verdict.

    `df` has the ArticleRecord columns (missing ones count as null). Rows are attributed by
    position, so duplicate or null article_ids are still quarantined row by row. `history`
    is the trailing same-weekday volume (read by the pipeline: `newsmon.warehouse.weekday_volumes`);
    without it volume is not judged.
    Results and Data Docs go under `home` (default $NEWSMON_HOME); `build_docs=False` skips
    the docs (benchmarks use it to show what the docs cost).
    """
    home = Path(home) if home is not None else settings.home()
    history = history or VolumeHistory(run_date, profile.quality.volume_window_days)
    original = _with_article_columns(df)
    run_id = _run_id(run_name or f"{profile.name}-{run_date.isoformat()}")
    context = gx_context(home)

    rows_id, rows_result = _run_checkpoint(context, ROW_CHECKPOINT, _prepared(original),
                                           row_parameters(run_date, profile), run_id)
    failed_by_row: dict[int, list[str]] = {}
    reasons_by_row: dict[int, list[str]] = {}
    results: list[dict[str, Any]] = []
    broken: list[str] = []
    for res in rows_result.results:
        results.append(_result_row(res))
        error = _raised_exception(res.exception_info)
        if error is not None:
            broken.append(f"{expectation_name(res.expectation_config)}: {error}")
            continue
        _attribute(res, original, failed_by_row, reasons_by_row)

    metrics = day_metrics(len(original), len(failed_by_row))
    params = batch_parameters(history, profile)
    batch_id, batch_result = _run_checkpoint(context, BATCH_CHECKPOINT, pd.DataFrame([metrics]), params, run_id)
    if build_docs:
        _build_docs(context, docs_dir(home), [rows_id, batch_id])
    context_info = {"metrics": metrics, "history": history.to_dict(), "parameters": params}
    batch_failures: list[str] = []
    for res in batch_result.results:
        results.append(_result_row(res, extra=context_info))
        error = _raised_exception(res.exception_info)
        if error is not None:
            broken.append(f"{expectation_name(res.expectation_config)}: {error}")
        elif not res.success:
            batch_failures.append(res.expectation_config.meta.get("check", res.expectation_config.type))
    return _outcome(original, failed_by_row, reasons_by_row, results, broken, batch_failures,
                    metrics, history, run_date, profile, docs_dir(home) / "index.html")


def row_parameters(run_date: dt.date, profile: SourceProfile) -> dict[str, Any]:
    """The `$PARAMETER` values of the row suite for one source and day.

    Date bounds are `pd.Timestamp`s: GX compares a datetime column against them (string or
    `datetime.date` bounds make every row fail without raising: measured with GX 1.x).
    """
    q = profile.quality
    tolerance = dt.timedelta(days=q.date_tolerance_days)
    return {
        "sources": [profile.name],
        "url_regex": host_regex(profile.allowed_hosts),
        "min_published_date": pd.Timestamp(run_date - tolerance),
        "max_published_date": pd.Timestamp(run_date + tolerance),
        "languages": list(profile.languages),
        "title_min_chars": q.title_min_chars,
        "title_max_chars": q.title_max_chars,
        "min_body_chars": q.min_body_chars,
        "min_body_words": q.min_body_words,
    }


# Kept for callers of the foundation's name.
suite_parameters = row_parameters


def batch_parameters(history: VolumeHistory, profile: SourceProfile) -> dict[str, Any]:
    """The `$PARAMETER` values of the batch suite: volume floors from the history, share cap.

    Volume is judged only with enough history whose median is above the profile's minimum;
    otherwise the floors are 0 (always met), so a new or quiet source is not failed.
    """
    q = profile.quality
    judged = volume_judged(history, profile)
    return {
        "min_articles_not_empty": 1 if judged else 0,
        "min_articles_volume": q.volume_min_fraction * history.median if judged and history.median else 0,
        "max_quarantine_share": q.max_quarantine_share,
    }


def volume_judged(history: VolumeHistory, profile: SourceProfile) -> bool:
    """True when the history is long and busy enough to judge the day's volume by."""
    q = profile.quality
    return history.days >= q.volume_min_history_days and (history.median or 0) > q.volume_min_median


def day_metrics(records: int, quarantined: int) -> dict[str, Any]:
    """The one-row frame the batch suite checks."""
    return {"records": records, "articles": records - quarantined, "quarantined": quarantined,
            "quarantine_share": quarantined / records if records else 0.0}


def host_regex(allowed_hosts: tuple[str, ...] | list[str]) -> str:
    """A regex that matches http(s) URLs on exactly these hosts (any port), case-insensitively.

    Anchored after the host so `https://afgazad.com.evil.example/` does not pass.
    """
    if not allowed_hosts:
        return r"(?!)"  # nothing is allowed
    hosts = "|".join(re.escape(h.lower()) for h in allowed_hosts)
    return rf"(?i)^https?://(?:{hosts})(?::\d+)?(?:[/?#]|$)"


def load_suite_dict(path: Path = SUITE_PATH) -> dict[str, Any]:
    """A suite file as a dict (GX's ExpectationSuite JSON)."""
    if not path.is_file():
        raise FileNotFoundError(f"expectation suite {path}: not found (include/gx must ship beside newsmon)")
    return json.loads(path.read_text(encoding="utf-8"))


def expectation_name(config: Any) -> str:
    """A readable, unique name: type(column)[:check], e.g.
    `expect_column_values_to_not_match_regex(title):presentation_forms`."""
    kwargs = config.kwargs
    columns = kwargs.get("column") or ",".join(c for c in (kwargs.get("column_A"), kwargs.get("column_B")) if c)
    check = (config.meta or {}).get("check")
    return f"{config.type}({columns})" + (f":{check}" if check else "")


def _run_checkpoint(
    context: Any, name: str, frame: pd.DataFrame, params: dict[str, Any], run_id: Any
) -> tuple[Any, Any]:
    """Run one checkpoint (validation, stored in the results store); return (result id, result)."""
    with gx_lock():
        result = context.checkpoints.get(name).run(
            batch_parameters={"dataframe": frame}, expectation_parameters=params, run_id=run_id)
    return next(iter(result.run_results.items()))


def _build_docs(context: Any, site: Path, result_ids: list[Any]) -> None:
    """Add this run's result pages to the Data Docs site and refresh its index, then point
    the pages just written at the site's own copies of GX's CDN files (make_offline).

    One build for both suites instead of an UpdateDataDocsAction per checkpoint: GX compiles
    its page templates afresh for every build, which costs more than the validation itself.
    """
    with gx_lock():
        started = time.time() - 1.0  # a page written by this build has an mtime after this
        context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=result_ids)
        make_offline(site, since=started)


def _run_id(run_name: str) -> Any:
    from great_expectations.core.run_identifier import RunIdentifier

    safe = re.sub(r"[/\\]", "-", run_name)  # GX's filesystem store refuses slashes in keys
    return RunIdentifier(run_name=safe, run_time=dt.datetime.now(dt.UTC))


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
    for column in _DATE_COLUMNS:
        work[column] = _day_datetimes(work[column])
    work["word_count"] = pd.to_numeric(work["word_count"], errors="coerce").astype("Float64")
    work["parse_warnings"] = work["parse_warnings"].map(_joined)
    for column in _TEXT_COLUMNS:
        work[column] = work[column].astype(object)
    return work


def _joined(values: Any) -> Any:
    """A list of parse warnings as one "; "-separated string (regex expectations read strings);
    null stays null (records staged before warnings were recorded)."""
    if isinstance(values, (list, tuple, np.ndarray)):
        return "; ".join(str(v) for v in values)
    return values


def _day_datetimes(values: pd.Series) -> pd.Series:
    """ISO 8601 only: a free-text date must not be guessed into some other day (or year 1)."""
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    except (ValueError, TypeError):  # mixed naive and tz-aware values
        parsed = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.dt.normalize()


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
    """Record, per failing row position, which expectation it failed and why (with its values)."""
    if res.success:
        return
    config = res.expectation_config
    name = expectation_name(config)
    columns = [c for c in (config.kwargs.get("column"), config.kwargs.get("column_A"), config.kwargs.get("column_B"))
               if c]
    description = config.description or name
    for position in res.result.get("unexpected_index_list") or []:
        values = ", ".join(f"{c}={_short(original[c].iloc[position])}" for c in columns if c in original.columns)
        failed_by_row.setdefault(position, []).append(name)
        reasons_by_row.setdefault(position, []).append(f"{description} ({values})")


def _result_row(res: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
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
    if extra:
        observed.update(extra)
    config = res.expectation_config
    check = (config.meta or {}).get("check")
    count = result.get("unexpected_count")
    return {
        "expectation": config.type + (f":{check}" if check else ""),
        "column_name": config.kwargs.get("column") or ",".join(
            c for c in (config.kwargs.get("column_A"), config.kwargs.get("column_B")) if c) or None,
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
    batch_failures: list[str],
    metrics: dict[str, Any],
    history: VolumeHistory,
    run_date: dt.date,
    profile: SourceProfile,
    docs_index: Path,
) -> ValidationOutcome:
    """Split the rows and phrase the verdict."""
    bad = sorted(failed_by_row)
    good = [i for i in range(len(original)) if i not in failed_by_row]
    valid = original.iloc[good].reset_index(drop=True)
    quarantine = original.iloc[bad].reset_index(drop=True)
    quarantine["failed_expectations"] = pd.Series([failed_by_row[i] for i in bad], dtype=object)
    quarantine["reasons"] = pd.Series(["; ".join(reasons_by_row[i]) for i in bad], dtype=object)

    head = (f"{profile.name} {run_date.isoformat()}: {metrics['records']} rows, {metrics['articles']} valid, "
            f"{metrics['quarantined']} quarantined")
    problems = _batch_problems(batch_failures, metrics, history, profile, failed_by_row)
    if broken:
        problems.append("expectation could not be evaluated: " + "; ".join(broken))
    message = head + (" — FAILED: " + " | ".join(problems) if problems else "")
    return ValidationOutcome(valid=valid, quarantine=quarantine, results=results, success=not problems,
                             message=message, metrics=metrics, docs_index=docs_index)


def _batch_problems(
    failed: list[str],
    metrics: dict[str, Any],
    history: VolumeHistory,
    profile: SourceProfile,
    failed_by_row: dict[int, list[str]],
) -> list[str]:
    """One sentence per failed batch check, with the numbers an operator needs."""
    q = profile.quality
    median = history.median if history.median is not None else math.nan
    trailing = (f"the trailing {history.window_days}-day median for {history.weekday}s is {median:g} "
                f"({history.days} earlier {history.weekday}(s) loaded)")
    problems = []
    if "not_empty" in failed:
        problems.append(f"no articles ({metrics['records']} parsed, {metrics['quarantined']} quarantined) but "
                        f"{trailing}, above volume_min_median {q.volume_min_median:g}")
    elif "volume" in failed:
        problems.append(f"{metrics['articles']} articles is below volume_min_fraction "
                        f"{q.volume_min_fraction:.0%} of {trailing}")
    if "quarantine_share" in failed:
        top = Counter(n for names in failed_by_row.values() for n in names).most_common(3)
        problems.append(f"quarantined share {metrics['quarantine_share']:.0%} exceeds max_quarantine_share "
                        f"{q.max_quarantine_share:.0%} (most failed: {', '.join(f'{n} x{c}' for n, c in top)})")
    problems.extend(f"batch check {name} failed" for name in failed
                    if name not in ("not_empty", "volume", "quarantine_share"))
    return problems


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
