"""One day of one source, end to end, as plain functions.

Every stage takes the source's `SourceProfile` (its caller loads it: `newsmon.sources.load_profile`)
and the date. Each stage reads the previous stage's files from the staging area, writes its own, and
returns a small JSON-able summary (paths and counts) — what a DAG task pushes to XCom.
The CLI (`newsmon run`), the DAG tasks and the benchmarks all call these functions.
Every stage is idempotent per (source, date): a re-run replaces its own output only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from newsmon import settings
from newsmon.crawl.addresses import AddressRefused, checked_address, is_declared_mirror
from newsmon.crawl.archive import WarcArchive, latest_responses, read_record
from newsmon.crawl.fetcher import Fetcher, accepted_types
from newsmon.crawl.fetchlog import read_fetch_log, summarise, write_fetch_log
from newsmon.crawl.pace import HostPace
from newsmon.crawl.state import HttpCache
from newsmon.parse.article import ParseError
from newsmon.parse.guard import GuardedParser
from newsmon.records import ARTICLE_FIELDS, FailureRecord
from newsmon.redaction import clean_url
from newsmon.sources.discovery import discover
from newsmon.sources.profile import SourceProfile
from newsmon.staging import Staging

if TYPE_CHECKING:  # GX is slow to import: validate_stage imports it, only when it runs
    from newsmon.quality.validate import ValidationOutcome

log = logging.getLogger("newsmon.pipeline")

CANDIDATES = "candidates.json"
FETCHED = "fetched.json"
ARTICLES = "articles.parquet"
VALID = "valid.parquet"
QUARANTINE = "quarantine.parquet"
DQ_RESULTS = "dq_results.json"
STARTED = "run.json"
OTHER_DATES = "other_dates.json"  # undated candidates whose document gave another date


class BatchRejected(RuntimeError):
    """The day's batch failed a batch-level data-quality check: nothing is loaded."""


class BaseUrlRefused(ValueError):
    """A `base_url` override newsmon will not fetch from (malformed, not http(s), credentials,
    an address that is not public and not allowed), or at which nothing answered: the run
    fails with that one line, before anything of the date is written."""


class SourceUnreachable(ConnectionError):
    """A network stage met network faults (no connection, timeouts, cut bodies) that outlasted
    the fetcher's retries: the stage fails, so the run (or the Airflow task) is retried, instead
    of the day going on without those documents. HTTP answers (404, wrong type...) are not this:
    the server is up and said so; those stay per-document failures."""


# Outcomes (fetch log) of a request that got no answer from the server at all.
_NETWORK_FAULTS = ("connection error", "connect timeout", "read timeout", "body cut short")


_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EIO})


@contextlib.contextmanager
def _raw_archive(source: str, day: dt.date, stage: str) -> Iterator[WarcArchive]:
    """The stage's WARC file; a write to it that fails for lack of disk says so, naming the file."""
    archive = WarcArchive.for_run(settings.raw_dir(source), day, stage)
    try:
        with archive:
            yield archive
    except OSError as exc:
        if exc.errno not in _DISK_ERRNOS or exc.filename:
            raise
        raise OSError(f"{source} {day}: {stage}: cannot write the raw archive {archive.path}: {exc.strerror}") from exc


def _fail_if_unreachable(source: str, day: dt.date, stage: str, entries: list[Any]) -> None:
    faults = [e for e in entries if any(f in (e.outcome or "") for f in _NETWORK_FAULTS)]
    if faults:
        first = faults[0]
        raise SourceUnreachable(
            f"{source} {day}: {stage}: source unreachable, {len(faults)} of {len(entries)} request(s) failed "
            f"with a network fault after retries (first {first.url}: {first.outcome[:160]}); nothing loaded, "
            f"run the date again")


def _profile_of(profile: SourceProfile, stage: str) -> SourceProfile:
    """`profile`, or one line saying what a stage takes.

    Stages are handed the profile by their caller (the CLI loads it once per command, a DAG
    task per run, a test or benchmark builds the one it needs) instead of looking a name up
    themselves, so nobody has to patch a lookup to run a stage with other settings. A caller
    still passing a source name gets told so here, not by an AttributeError three calls deep.
    """
    if not isinstance(profile, SourceProfile):
        raise TypeError(f"{stage}: takes a SourceProfile (newsmon.sources.load_profile({profile!r})), "
                        f"not a {type(profile).__name__}")
    return profile


def discover_stage(profile: SourceProfile, day: dt.date, base_url: str | None = None,
                   force: bool = False) -> dict[str, Any]:
    """List the day's article URLs (and archive the listing pages).

    Listing pages are asked for conditionally like articles: an unchanged page answers 304
    and is read back from the archive, so a re-run of a date costs no listing bytes either.
    The date's `run.json` and candidates are written only once discovery held, so a failed
    run (a refused base URL, an unreachable source) never changes how the date re-parses.
    """
    profile = _profile_of(profile, "discover_stage")
    source, staging = profile.name, Staging(profile.name, day)
    base_url = checked_base_url(profile, day, base_url)
    started_at = _now().isoformat()
    cache = _http_cache(source, force)
    with _raw_archive(source, day, "discover") as archive:
        fetcher = Fetcher(profile, archive, base_url, cache=cache, stage="discover", pace=_pace())
        result = discover(profile, day, fetcher, base_url, mirror=is_declared_mirror(base_url))
        _fail_if_nothing_at(profile, base_url, day, fetcher)
    cache.save()
    write_fetch_log(staging, "discover", fetcher.log)
    staging.write_failures("discover", result.failures)
    _log_failures(result.failures)
    log.info("discover %s %s: %d candidates on %d page(s) (%s), %d failure(s)", source, day, len(result.candidates),
             result.pages_read, ", ".join(f"{k}={n}" for k, n in result.by_method.items()), len(result.failures))
    _fail_if_unreachable(source, day, "discover", fetcher.log)
    staging.write_json(CANDIDATES, [c.to_dict() for c in result.candidates])
    staging.write_json(STARTED, {"started_at": started_at, "base_url": base_url})
    return {"candidates": len(result.candidates), "failures": len(result.failures), "by_method": result.by_method,
            "path": str(staging.path(CANDIDATES)), "requests": summarise(fetcher.log)}


def checked_base_url(profile: SourceProfile, day: dt.date, base_url: str | None) -> str | None:
    """The run's `base_url` override (None or "" for the source's own site), or BaseUrlRefused.

    Checked before anything is fetched or written: its form (`SourceProfile.base_url_refusal`)
    and where it points (a public address, or one the operator allows: `crawl.addresses`)."""
    if not base_url:
        return None
    reason = profile.base_url_refusal(base_url)
    if reason is None:
        parts = urlsplit(base_url)
        try:
            checked_address(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        except AddressRefused as exc:
            reason = str(exc)
    if reason:
        raise BaseUrlRefused(f"{profile.name} {day}: base_url {clean_url(base_url)!r} refused: {reason}")
    return base_url


def _fail_if_nothing_at(profile: SourceProfile, base_url: str | None, day: dt.date, fetcher: Fetcher) -> None:
    """A base URL override at which no listing request got a document, and whose front page
    does not answer either, is a mistake (a typo in the path, the wrong port), never an empty
    day. Where the front page answers, the date simply has no listing (a day the site did
    not publish): that stays an empty day."""
    asked = [e for e in fetcher.log if not e.url.endswith("/robots.txt")]
    if not base_url or not asked or any(e.raw_ref for e in asked) or any(e.status is None for e in asked):
        return  # something answered, or nothing could (a network fault: SourceUnreachable says so)
    front = fetcher.get(profile.root(base_url) + profile.discovery.front_page.lstrip("/"))
    if not front.ok:
        raise BaseUrlRefused(f"{profile.name} {day}: base_url {clean_url(base_url)!r}: nothing answers there "
                             f"(no listing page, front page {front.outcome[:120]}; first listing "
                             f"{clean_url(asked[0].url)}: {asked[0].outcome[:120]})")


def fetch_stage(profile: SourceProfile, day: dt.date, base_url: str | None = None,
                force: bool = False) -> dict[str, Any]:
    """Fetch every candidate politely and incrementally; every response goes to the day's WARC file.

    A document the server says is unchanged (304) keeps the `raw_ref` and `fetched_at` of the
    200 that brought it, so the parse stage reads the same bytes and the day loads unchanged.
    Every URL's outcome goes to the fetch log; the ones that gave no document also become
    failures (with the outcome as the reason), and the run goes on with the others.
    """
    profile = _profile_of(profile, "fetch_stage")
    source, staging = profile.name, Staging(profile.name, day)
    base_url = checked_base_url(profile, day, base_url)
    candidates = staging.read_json(CANDIDATES)
    cache, accept = _http_cache(source, force), accepted_types(profile)
    fetched, failures = [], []
    with _raw_archive(source, day, "fetch") as archive:
        fetcher = Fetcher(profile, archive, base_url, cache=cache, stage="fetch", pace=_pace())
        for cand in candidates:
            result = fetcher.get(cand["url"], accept=accept)
            if result.ok:
                fetched.append({**cand, "raw_ref": result.raw_ref, "bytes": result.bytes_received,
                                "fetched_at": (result.fetched_at or _now().isoformat()).replace("Z", "+00:00"),
                                "outcome": result.outcome})
            else:
                failures.append(FailureRecord(source, cand["canonical_url"], "fetch", result.outcome, day))
    cache.save()
    write_fetch_log(staging, "fetch", fetcher.log)
    staging.write_json(FETCHED, fetched)
    staging.write_failures("fetch", failures)
    _log_failures(failures)
    log.info("fetch %s %s: %d of %d fetched, %d failure(s)", source, day, len(fetched), len(candidates), len(failures))
    _fail_if_unreachable(source, day, "fetch", fetcher.log)
    return {"fetched": len(fetched), "failures": len(failures), "path": str(staging.path(FETCHED)),
            "requests": summarise(fetcher.log)}


NO_DATE = "no date in link, URL or document"


def date_decision(listed_date: str | None, published: dt.date | None, day: dt.date) -> str:
    """What a parsed document is to the run for `day`, by the dates known of it:

    - "keep": discovery dated it (a dated listing, a feed or sitemap entry, a date beside its link
      or in its URL: `listed_date`), or it came undated and the document says `day`. A document
      that contradicts the date its listing gave it is kept for the quality gate, which
      quarantines it (published_date is not the run date): a listing that lies is worth seeing;
    - "other_date": it came undated and the document says another date: not this day's article
      (a section page lists many days), so it is left out, and it is no failure;
    - "no_date": it came undated and the document gives no date either: a failure, since the run
      cannot tell whether it missed one of the day's articles.
    """
    if listed_date is not None:
        return "keep"
    if published is None:
        return "no_date"
    return "keep" if published == day else "other_date"


def parse_stage(profile: SourceProfile, day: dt.date, from_archive: bool = False) -> dict[str, Any]:
    """Parse every fetched document into an ArticleRecord; failures become records.

    Documents that discovery could not date are kept only if they say they are of `day`
    (`date_decision`): the others are counted (`other_dates`) and listed in the staging area."""
    profile = _profile_of(profile, "parse_stage")
    source, staging = profile.name, Staging(profile.name, day)
    documents = _archived_documents(profile, day) if from_archive else staging.read_json(FETCHED)
    records, failures, elsewhere = [], [], []
    with GuardedParser() as parser:
        for doc in documents:
            try:
                body = read_record(doc["raw_ref"]).body
                record = parser.parse(body, url=doc["url"], canonical_url=doc["canonical_url"], profile=profile,
                                      fetched_at=dt.datetime.fromisoformat(doc["fetched_at"]),
                                      raw_ref=doc["raw_ref"])
            except (ParseError, OSError, ValueError) as exc:
                failures.append(FailureRecord(source, doc["canonical_url"], "parse", str(exc), day))
                continue
            decision = date_decision(_listed_date(doc), record.published_date, day)
            if decision == "keep":
                records.append(record.to_dict())
            elif decision == "other_date":
                assert record.published_date is not None  # decided on the record's date
                elsewhere.append({"url": doc["canonical_url"], "published_date": record.published_date.isoformat()})
            else:
                failures.append(FailureRecord(source, doc["canonical_url"], "parse", NO_DATE, day))
    frame = articles_frame(records)
    staging.write_parquet(ARTICLES, frame)
    staging.write_json(OTHER_DATES, elsewhere)
    staging.write_failures("parse", failures)
    _log_failures(failures)
    log.info("parse %s %s: %d article(s), %d of other dates left out, %d failure(s)", source, day, len(frame),
             len(elsewhere), len(failures))
    return {"parsed": len(frame), "other_dates": len(elsewhere), "failures": len(failures),
            "path": str(staging.path(ARTICLES))}


def _listed_date(doc: dict[str, Any]) -> str | None:
    """The date discovery gave a document. A document from before discovery recorded dates
    (no `date_from` key) was found on a dated listing: it is the run's, as it always was."""
    if "date_from" not in doc:
        return "listed"
    return doc.get("date")


def validate_stage(profile: SourceProfile, day: dt.date, quarantine_only: bool = False) -> dict[str, Any]:
    """Great Expectations over the day's records: split valid rows from quarantine, judge the day.

    The day's volume is judged against the warehouse's trailing same-weekday history, read
    (read-only) before anything of the day is loaded. A rejected day loads nothing; its run
    is recorded as failed, with the reason and DQ results, then `BatchRejected` is raised.
    """
    from newsmon.quality.history import VolumeHistory  # GX is slow to import: only here
    from newsmon.quality.validate import validate_day
    from newsmon.warehouse import weekday_volumes

    profile = _profile_of(profile, "validate_stage")
    source, staging = profile.name, Staging(profile.name, day)
    window = profile.quality.volume_window_days
    history = VolumeHistory(day, window, weekday_volumes(source, day, window, settings.warehouse_path()))
    outcome = validate_day(staging.read_parquet(ARTICLES), day, profile, history, home=settings.home())
    staging.write_parquet(VALID, articles_frame(outcome.valid.to_dict("records")))  # type: ignore[arg-type]  # str columns
    staging.write_parquet(QUARANTINE, outcome.quarantine)
    staging.write_json(DQ_RESULTS, {"success": outcome.success, "message": outcome.message,
                                    "metrics": outcome.metrics, "history": history.to_dict(),
                                    "docs": str(outcome.docs_index), "results": outcome.results})
    log.info("validate %s %s: %d valid, %d quarantined; batch %s%s; Data Docs %s", source, day,
             len(outcome.valid), len(outcome.quarantine), "passed" if outcome.success else "FAILED",
             f" ({outcome.message})" if outcome.message else "", outcome.docs_index)
    if not outcome.success and quarantine_only:  # the operator's choice for a manual run (DAG param)
        log.warning("validate %s %s: batch check failed (%s) but quarantine_only is set: loading the %d valid "
                    "row(s), %d quarantined", source, day, outcome.message, len(outcome.valid), len(outcome.quarantine))
    elif not outcome.success:
        _record_rejected(staging, outcome)
        raise BatchRejected(f"{source} {day}: data-quality batch check failed, nothing loaded: {outcome.message}")
    return {"valid": len(outcome.valid), "quarantined": len(outcome.quarantine), "path": str(staging.path(VALID))}


def _record_rejected(staging: Staging, outcome: ValidationOutcome) -> bool:
    """Store a rejected day's verdict: its `runs` row (status 'failed', with the reason and the
    stage counts the staging area knows) and its DQ results, in one transaction; best effort.

    Returns False (and logs) when the warehouse could not be written, so the task still
    fails with the data-quality reason rather than with a lock timeout.
    """
    from newsmon.warehouse import WarehouseError, record_rejected_run

    counts = {"discovered": _staged_len(staging, CANDIDATES), "fetched": _staged_len(staging, FETCHED),
              "parsed": outcome.metrics.get("records"), "valid": outcome.metrics.get("articles"),
              "quarantined": outcome.metrics.get("quarantined"), "failed": len(staging.all_failures())}
    started = staging.read_json_or(STARTED, {}).get("started_at")
    try:
        record_rejected_run(staging.source, staging.day, started, outcome.message, counts, outcome.results,
                            settings.warehouse_path())
        return True
    except WarehouseError as exc:
        log.warning("could not record the rejected run of %s %s: %s", staging.source, staging.day, exc)
        return False


def _staged_len(staging: Staging, name: str) -> int | None:
    return len(staging.read_json(name)) if staging.path(name).is_file() else None


def load_stage(profile: SourceProfile, day: dt.date, counts: dict[str, Any] | None = None) -> dict[str, Any]:
    """Load the validated day into the warehouse in one transaction."""
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.load import load_day
    from newsmon.warehouse.migrate import migrate

    source = _profile_of(profile, "load_stage").name
    staging = Staging(source, day)
    dq = staging.read_json(DQ_RESULTS)
    started = staging.read_json_or(STARTED, {}).get("started_at")
    run = {"source": source, "run_date": day, "started_at": started or _now().isoformat(),
           "finished_at": _now().isoformat(), "status": "success", **(counts or {})}
    # Another process holds the file (a reader, another backfill): wait, bounded, and say so in one line.
    con = connect_with_retry(settings.warehouse_path(), on_wait=log.warning)
    try:
        migrate(con)
        day_data = dict(source=source, run_date=day, articles=staging.read_parquet(VALID),
                        failures=staging.all_failures(), quarantine=staging.read_parquet(QUARANTINE),
                        dq_results=dq["results"], run=run, fetch_log=read_fetch_log(staging))
        result = load_day(con, **day_data)  # the day's search index is updated in its transaction
    finally:
        con.close()
    search_index = (f"{result.search_documents} documents, {result.indexed} indexed, "
                    f"{result.unindexed} removed")
    log.info("load %s %s: %s; search index: %s", source, day, result, search_index)
    return {**dataclasses.asdict(result), "search_index": search_index}


def run_day(profile: SourceProfile, day: dt.date, base_url: str | None = None,
            from_archive: bool = False) -> dict[str, Any]:
    """All stages for one day, in one process (what `newsmon run` does)."""
    profile = _profile_of(profile, "run_day")
    started = time.monotonic()
    # The run's own start (and so its run_id), not the staging's run.json, which another process
    # running the same date at the same time (two overlapping backfills) may have rewritten.
    counts: dict[str, Any] = {"started_at": _now().isoformat()}
    if not from_archive:
        counts["discovered"] = discover_stage(profile, day, base_url)["candidates"]
        counts["fetched"] = fetch_stage(profile, day, base_url)["fetched"]
    counts["parsed"] = parse_stage(profile, day, from_archive=from_archive)["parsed"]
    validated = validate_stage(profile, day)
    counts.update(valid=validated["valid"], quarantined=validated["quarantined"])
    loaded = load_stage(profile, day, counts)
    return {**counts, **loaded, "seconds": round(time.monotonic() - started, 2)}


def _pace() -> HostPace:
    """The machine-wide politeness schedule: the turns of every task process asking a host."""
    return HostPace.shared(settings.home())


def _http_cache(source: str, force: bool) -> HttpCache:
    """The crawler's validator memory; with `force`, an empty one that is not saved.

    A forced re-fetch (DAG param `force_refetch`) asks every URL unconditionally, and leaves
    the remembered validators as they were: they still point at archived bytes that exist.
    """
    return HttpCache(None) if force else HttpCache.for_source(source)


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
    known = {c["url"]: c for c in staging.read_json_or(CANDIDATES, [])}
    base_url = staging.read_json_or(STARTED, {}).get("base_url")
    docs = []
    for url, response in sorted(latest_responses(day_dir, accept=accepted_types(profile)).items()):
        if url.endswith("/robots.txt"):
            continue
        canonical = known.get(url, {}).get("canonical_url") or \
            profile.canonical_url(url, base_url if is_declared_mirror(base_url) else None)
        dated = {k: known[url][k] for k in ("date", "date_from") if url in known and k in known[url]}
        docs.append({"url": url, "canonical_url": canonical, "raw_ref": response.raw_ref,
                     "fetched_at": response.date.replace("Z", "+00:00"), **dated})
    return docs


def _log_failures(failures: list[FailureRecord]) -> None:
    for failure in failures:
        log.warning("%s failed for %s: %s", failure.stage, failure.url, failure.error)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
