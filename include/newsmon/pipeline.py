"""One day of one source, end to end, as plain functions.

Each stage reads the previous stage's files from the staging area, writes its own, and
returns a small JSON-able summary (paths and counts) — what a DAG task pushes to XCom.
The CLI (`newsmon run`), the DAG tasks and the benchmarks all call these functions.
Every stage is idempotent per (source, date): a re-run replaces its own output only.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

import pandas as pd

from newsmon import settings
from newsmon.crawl.archive import WarcArchive, latest_responses, read_record
from newsmon.crawl.fetcher import Fetcher
from newsmon.parse.article import ParseError, parse_pdf_article
from newsmon.records import ARTICLE_FIELDS, FailureRecord
from newsmon.sources.discovery import discover
from newsmon.sources.profile import SourceProfile, load_profile
from newsmon.staging import Staging

log = logging.getLogger("newsmon.pipeline")

CANDIDATES = "candidates.json"
FETCHED = "fetched.json"
ARTICLES = "articles.parquet"
VALID = "valid.parquet"
QUARANTINE = "quarantine.parquet"
DQ_RESULTS = "dq_results.json"
STARTED = "run.json"


class BatchRejected(RuntimeError):
    """The day's batch failed a batch-level data-quality check: nothing is loaded."""


def discover_stage(source: str, day: dt.date, base_url: str | None = None) -> dict[str, Any]:
    """List the day's article URLs (and archive the listing pages)."""
    profile, staging = load_profile(source), Staging(source, day)
    staging.write_json(STARTED, {"started_at": _now().isoformat(), "base_url": base_url})
    with WarcArchive.for_run(settings.raw_dir(source), day, "discover") as archive:
        result = discover(profile, day, Fetcher(profile, archive, base_url), base_url)
    staging.write_json(CANDIDATES, [c.to_dict() for c in result.candidates])
    staging.write_failures("discover", result.failures)
    _log_failures(result.failures)
    log.info("discover %s %s: %d candidates on %d listing page(s), %d failure(s)",
             source, day, len(result.candidates), result.pages_read, len(result.failures))
    return {"candidates": len(result.candidates), "failures": len(result.failures),
            "path": str(staging.path(CANDIDATES))}


def fetch_stage(source: str, day: dt.date, base_url: str | None = None) -> dict[str, Any]:
    """Fetch every candidate politely; every response goes to the day's WARC file."""
    profile, staging = load_profile(source), Staging(source, day)
    candidates = staging.read_json(CANDIDATES)
    fetched, failures = [], []
    with WarcArchive.for_run(settings.raw_dir(source), day, "fetch") as archive:
        fetcher = Fetcher(profile, archive, base_url)
        for cand in candidates:
            result = fetcher.get(cand["url"])
            if result.ok:
                fetched.append({**cand, "raw_ref": result.raw_ref, "fetched_at": _now().isoformat(),
                                "bytes": len(result.body)})
            else:
                failures.append(FailureRecord(source, cand["canonical_url"], "fetch", result.error or "failed", day))
    staging.write_json(FETCHED, fetched)
    staging.write_failures("fetch", failures)
    _log_failures(failures)
    log.info("fetch %s %s: %d of %d fetched, %d failure(s)", source, day, len(fetched), len(candidates), len(failures))
    return {"fetched": len(fetched), "failures": len(failures), "path": str(staging.path(FETCHED))}


def parse_stage(source: str, day: dt.date, from_archive: bool = False) -> dict[str, Any]:
    """Parse every fetched document into an ArticleRecord; failures become records."""
    profile, staging = load_profile(source), Staging(source, day)
    documents = _archived_documents(profile, day) if from_archive else staging.read_json(FETCHED)
    records, failures = [], []
    for doc in documents:
        try:
            body = read_record(doc["raw_ref"]).body
            record = parse_pdf_article(body, url=doc["url"], canonical_url=doc["canonical_url"], profile=profile,
                                       fetched_at=dt.datetime.fromisoformat(doc["fetched_at"]),
                                       raw_ref=doc["raw_ref"])
            records.append(record.to_dict())
        except (ParseError, OSError, ValueError) as exc:
            failures.append(FailureRecord(source, doc["canonical_url"], "parse", str(exc), day))
    frame = articles_frame(records)
    staging.write_parquet(ARTICLES, frame)
    staging.write_failures("parse", failures)
    _log_failures(failures)
    log.info("parse %s %s: %d article(s), %d failure(s)", source, day, len(frame), len(failures))
    return {"parsed": len(frame), "failures": len(failures), "path": str(staging.path(ARTICLES))}


def validate_stage(source: str, day: dt.date) -> dict[str, Any]:
    """Great Expectations over the day's records: split valid rows from quarantine."""
    from newsmon.quality.validate import validate_day  # GX is slow to import: only here

    profile, staging = load_profile(source), Staging(source, day)
    outcome = validate_day(staging.read_parquet(ARTICLES), day, profile)
    staging.write_parquet(VALID, articles_frame(outcome.valid.to_dict("records")))
    staging.write_parquet(QUARANTINE, outcome.quarantine)
    staging.write_json(DQ_RESULTS, {"success": outcome.success, "message": outcome.message,
                                    "results": outcome.results})
    log.info("validate %s %s: %d valid, %d quarantined; batch %s%s", source, day, len(outcome.valid),
             len(outcome.quarantine), "passed" if outcome.success else "FAILED",
             f" ({outcome.message})" if outcome.message else "")
    if not outcome.success:
        raise BatchRejected(f"{source} {day}: data-quality batch check failed: {outcome.message}")
    return {"valid": len(outcome.valid), "quarantined": len(outcome.quarantine), "path": str(staging.path(VALID))}


def load_stage(source: str, day: dt.date, counts: dict[str, int] | None = None) -> dict[str, Any]:
    """Load the validated day into the warehouse in one transaction."""
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.load import load_day
    from newsmon.warehouse.migrate import migrate

    staging = Staging(source, day)
    dq = staging.read_json(DQ_RESULTS)
    started = staging.read_json(STARTED).get("started_at") if staging.path(STARTED).is_file() else None
    run = {"source": source, "run_date": day, "started_at": started or _now().isoformat(),
           "finished_at": _now().isoformat(), "status": "success", **(counts or {})}
    con = connect_with_retry(settings.warehouse_path())
    try:
        migrate(con)
        result = load_day(con, source=source, run_date=day, articles=staging.read_parquet(VALID),
                          failures=staging.all_failures(), quarantine=staging.read_parquet(QUARANTINE),
                          dq_results=dq["results"], run=run)
    finally:
        con.close()
    log.info("load %s %s: %s", source, day, result)
    return _as_summary(result)


def run_day(source: str, day: dt.date, base_url: str | None = None, from_archive: bool = False) -> dict[str, Any]:
    """All stages for one day, in one process (what `newsmon run` does)."""
    started = time.monotonic()
    counts: dict[str, Any] = {}
    if not from_archive:
        counts["discovered"] = discover_stage(source, day, base_url)["candidates"]
        counts["fetched"] = fetch_stage(source, day, base_url)["fetched"]
    counts["parsed"] = parse_stage(source, day, from_archive=from_archive)["parsed"]
    validated = validate_stage(source, day)
    counts.update(valid=validated["valid"], quarantined=validated["quarantined"])
    loaded = load_stage(source, day, counts)
    return {**counts, **loaded, "seconds": round(time.monotonic() - started, 2)}


def articles_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a DataFrame with the contract's columns and types, even when empty."""
    frame = pd.DataFrame(records, columns=ARTICLE_FIELDS)
    for column in ("published_date", "original_published_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["fetched_at"] = pd.to_datetime(frame["fetched_at"], utc=True)
    frame["word_count"] = frame["word_count"].astype("int64")
    return frame


def _archived_documents(profile: SourceProfile, day: dt.date) -> list[dict[str, Any]]:
    """The day's documents as the raw archive holds them: re-parse with no network."""
    day_dir = settings.raw_dir(profile.name) / day.isoformat()
    if not day_dir.is_dir():
        raise FileNotFoundError(f"no raw archive for {profile.name} {day} in {day_dir}")
    staging = Staging(profile.name, day)
    known = {c["url"]: c for c in staging.read_json(CANDIDATES)} if staging.path(CANDIDATES).is_file() else {}
    base_url = staging.read_json(STARTED).get("base_url") if staging.path(STARTED).is_file() else None
    docs = []
    for url, response in sorted(latest_responses(day_dir).items()):
        if url.endswith("/robots.txt"):
            continue
        canonical = known.get(url, {}).get("canonical_url") or profile.canonical_url(url, base_url)
        docs.append({"url": url, "canonical_url": canonical, "raw_ref": response.raw_ref,
                     "fetched_at": response.date.replace("Z", "+00:00")})
    return docs


def _as_summary(result: Any) -> dict[str, Any]:
    if isinstance(result, dict):
        return result
    import dataclasses

    return dataclasses.asdict(result) if dataclasses.is_dataclass(result) else {"result": str(result)}


def _log_failures(failures: list[FailureRecord]) -> None:
    for failure in failures:
        log.warning("%s failed for %s: %s", failure.stage, failure.url, failure.error)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
