"""The daily DAG of every configured source: discover → fetch → parse → validate → load.

One DAG per source profile (`newsmon_<source>`). A run for logical date D collects
what the source dated D, and a scheduled run starts only once D is over. Tasks call
`newsmon.pipeline` and hand each other only paths and counts; heavy libraries are
imported inside the tasks, never when the scheduler parses this file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from _common import ARTICLES_ASSET, DEFAULT_ARGS, DUCKDB_POOL, log, run_date
from airflow.sdk import CronDataIntervalTimetable, Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from newsmon.sources import available_sources

if TYPE_CHECKING:
    from newsmon.sources.profile import SourceProfile

# The form's first check of `base_url` (the pipeline checks again, and where it points): an
# http(s) URL of a plain host[:port], no credentials, query or fragment.
BASE_URL_PATTERN = r"^https?://[A-Za-z0-9._~\[\]:-]+(/[^\s?#@]*)?$"

# What the operator reads on the DAG's page in the UI ({source} is filled in per DAG).
DOC_MD = """
### Daily articles of `{source}`

One run per day: a run for date D starts once D is over (UTC) and loads the articles `{source}`
published on D into the DuckDB warehouse. The source is described by its profile,
`include/newsmon/sources/{source}.yaml`; this DAG exists because that file does.

| task | what it does |
|---|---|
| `discover` | lists D's article URLs (listing, section, feed or sitemap pages, as the profile says), honouring robots.txt |
| `fetch` | downloads them politely and conditionally (ETag / Last-Modified); every response goes to the raw WARC archive |
| `parse` | turns each document into an article record; a document that cannot be read becomes a failure row, not a failed task |
| `validate` | Great Expectations: bad rows go to quarantine; a bad day (volume, quarantine share) is rejected and loads nothing |
| `load` | one transaction into the warehouse, then the `newsmon_articles` asset, which triggers `newsmon_report` |

**Re-running a date** is safe: every stage replaces only its own output for (source, date).
Trigger params: `base_url` (fetch from a mirror), `from_archive` (re-parse offline from the WARC
archive), `force_refetch` (ignore remembered validators), `quarantine_only` (load the valid rows of
a day the batch checks rejected).

**When a task fails**: network stages are retried twice (a source that is down fails as
*source unreachable*); a refused `base_url` or a rejected batch fails at once, since no retry
mends them. Either way one line names source, date, stage and reason in the log (and the webhook
in `NEWSMON_ALERT_WEBHOOK`, when set). `validate` and `load` write the warehouse, so they share the
one-slot `{pool}` pool.

From a shell, without Airflow: `newsmon run --source {source} --date YYYY-MM-DD`.
"""


def build_daily_dag(source: str) -> Any:
    """The daily DAG of one source profile (`newsmon_<source>`)."""
    base_url_default = os.environ.get(f"NEWSMON_{source.upper()}_BASE_URL") or os.environ.get("NEWSMON_BASE_URL")

    @dag(
        dag_id=f"newsmon_{source}",
        description=f"Daily articles of {source} into the newsmon DuckDB warehouse",
        schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
        start_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["newsmon", source],
        doc_md=DOC_MD.format(source=source, pool=DUCKDB_POOL),
        params={
            "base_url": Param(base_url_default, type=["null", "string"], title="Base URL",
                              pattern=BASE_URL_PATTERN, maxLength=2000,
                              description="Fetch from this http(s) URL instead of the live site (e.g. the offline "
                                          "mirror). Loopback and private addresses only where NEWSMON_ALLOW_HOSTS "
                                          "allows them; documents are filed under the source's own URLs only for "
                                          "an allowed mirror, else under the URL they came from."),
            "from_archive": Param(False, type="boolean", title="Re-parse from the archive only",
                                  description="Re-parse the date from the raw WARC archive, with no network."),
            "force_refetch": Param(False, type="boolean", title="Force a re-fetch",
                                   description="Fetch every listing page and article again, unconditionally "
                                               "(ignore the remembered ETag / Last-Modified)."),
            "quarantine_only": Param(False, type="boolean", title="Skip validation failures into quarantine only",
                                     description="When a batch-level data-quality check fails, load the valid "
                                                 "rows anyway and keep the failing ones in quarantine, instead "
                                                 "of rejecting the whole day."),
        },
    )
    def daily() -> None:
        def profile() -> SourceProfile:
            """The source's profile, read in the task (never while the scheduler parses this file)."""
            from newsmon.sources import load_profile

            return load_profile(source)

        def crawl(stage: Callable[..., dict], skipped_key: str) -> dict:
            """Run a network stage, or skip it when the day is re-parsed from the archive."""
            ctx = get_current_context()
            params = ctx["params"]
            if params["from_archive"]:
                return {skipped_key: None, "skipped": "from_archive"}
            from newsmon.pipeline import BaseUrlRefused

            try:
                return stage(profile(), run_date(ctx), params["base_url"], force=params["force_refetch"])
            except BaseUrlRefused as exc:  # no retry mends a wrong base URL: failed at once
                raise AirflowFailException(str(exc)) from None

        @task
        def discover() -> dict:
            from newsmon.pipeline import discover_stage

            return crawl(discover_stage, "candidates")

        @task
        def fetch(discovered: dict) -> dict:
            from newsmon.pipeline import fetch_stage

            return crawl(fetch_stage, "fetched")

        @task
        def parse(fetched: dict) -> dict:
            from newsmon.pipeline import parse_stage

            ctx = get_current_context()
            return parse_stage(profile(), run_date(ctx), from_archive=ctx["params"]["from_archive"])

        @task(pool=DUCKDB_POOL)  # a rejected batch is recorded in the warehouse: a writer too
        def validate(parsed: dict) -> dict:
            # A failed batch check raises AirflowFailException: failed at once, no retries.
            from newsmon.pipeline import BatchRejected, validate_stage

            ctx = get_current_context()
            try:
                return validate_stage(profile(), run_date(ctx), quarantine_only=ctx["params"]["quarantine_only"])
            except BatchRejected as exc:
                raise AirflowFailException(str(exc)) from None

        @task(pool=DUCKDB_POOL, outlets=[ARTICLES_ASSET])
        def load(discovered: dict, fetched: dict, parsed: dict, validated: dict) -> dict:
            from newsmon.alerts import check_loaded
            from newsmon.pipeline import load_stage

            ctx = get_current_context()
            counts = {"discovered": discovered.get("candidates"), "fetched": fetched.get("fetched"),
                      "parsed": parsed["parsed"], "valid": validated["valid"],
                      "quarantined": validated["quarantined"]}
            loaded = load_stage(profile(), run_date(ctx), counts)
            # A day that loads nothing is never silent: a warning line and the webhook.
            check_loaded(source, run_date(ctx), loaded.get("articles"), counts, logger=log,
                         dag_id=ctx["dag"].dag_id, run_id=ctx["run_id"])
            # The report DAG (scheduled on this asset) reads which day to report from here.
            ctx["outlet_events"][ARTICLES_ASSET].extra = {"source": source, "date": run_date(ctx).isoformat(),
                                                          "articles": loaded.get("articles")}
            return loaded

        found = discover()
        got = fetch(found)
        parsed = parse(got)
        checked = validate(parsed)
        load(found, got, parsed, checked)

    return daily()


for _source in available_sources():
    globals()[f"newsmon_{_source}"] = build_daily_dag(_source)
