"""The `newsmon` command: the same pipeline functions the DAGs call, without Airflow."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import json
import logging
import math
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsmon.progress import Progress
    from newsmon.sources.profile import SourceProfile

MAX_DATES_WITHOUT_YES = 366  # a year (leap or not) of dates; more is likely a typo (1900..2100)
DEFAULT_PARSE_SOURCE = "afgazad"  # `newsmon parse` without --source
_JSON_UNSAFE = re.compile("[\x7f-\x9f]")  # DEL and C1 controls, which json.dumps leaves raw


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # its INFO is noise here
    for name in ("trafilatura", "htmldate", "courlan"):  # what they log of a page comes back as the ParseError's line
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback, for a user's mistake or bad input
        print(f"newsmon {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    """An error as one printable line: DuckDB's messages go on with "LINE 1: ..." and candidate
    lists, and may quote what a user or a page wrote (control characters included)."""
    from newsmon.redaction import printable

    lines = [line for line in str(exc).splitlines() if line.strip()]
    return printable(lines[0].strip()) if lines else type(exc).__name__


def installed_version() -> str:
    """The version of the installed `newsmon` distribution, as a bug report should quote it: the
    package metadata pip wrote, not a constant in the code that a release could forget to bump."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsmon")
    except PackageNotFoundError:  # imported from a checkout on PYTHONPATH, never installed
        return "(not installed: no package metadata)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsmon", description="Monitor news sources into DuckDB.")
    parser.add_argument("--version", action="version", version=f"newsmon {installed_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one document (file or URL) into an article record")
    p.add_argument("target", help="path or http(s) URL of a document (PDF or HTML)")
    p.add_argument("--source", help="source profile to parse by, its document_type included (default: afgazad's "
                                    "settings, the format told by the document's first bytes)")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds one document may take (default 60)")
    p.set_defaults(handler=_cmd_parse)

    for name, helptext in (("run", "run one day of a source, no Airflow"),
                           ("reparse", "rebuild one day from the raw archive, offline")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--source", required=True, metavar="SOURCE",
                       help="a shipped source's name, or a profile file (PROFILE.yaml) to run by")
        p.add_argument("--date", type=_date, metavar="DATE", help="the day (or give a range with --from and --to)")
        p.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                       help="first day of a range (a backfill), with --to")
        p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day of a range, inclusive")
        if name == "run":
            p.add_argument("--base-url", help="fetch from here instead of the profile's base URL (a mirror)")
        p.add_argument("--yes", action="store_true",
                       help=f"go ahead with a range of more than {MAX_DATES_WITHOUT_YES} dates")
        p.add_argument("-v", "--verbose", action="store_true")
        p.set_defaults(handler=_cmd_run)

    p = sub.add_parser("discover", help="dry run of discovery: the candidate URLs of a date, by method, "
                                        "fetching no article")
    p.add_argument("--source", required=True)
    p.add_argument("--date", type=_date, required=True, metavar="DATE")
    p.add_argument("--base-url", help="read the listings from here instead of the profile's base URL (a mirror)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_discover)

    _source_parser(sub)
    _topics_parser(sub)

    p = sub.add_parser("sql", help="read-only SQL on the warehouse (sandboxed: no files, no network, bounded)")
    p.add_argument("query")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table: control characters shown escaped; json: always terminal-safe and faithful; "
                        "csv: faithful into a file or pipe, escaped on a terminal")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds to wait while a load holds the file, and again seconds the query may run "
                        "before it is interrupted (default 30)")
    p.add_argument("--memory-limit", help="DuckDB memory limit of the query, e.g. 512MB "
                                          "(default $NEWSMON_READER_MEMORY_LIMIT or 1GB)")
    p.add_argument("--threads", type=int, help="DuckDB threads of the query (default $NEWSMON_READER_THREADS or 2)")
    p.set_defaults(handler=_cmd_sql)

    p = sub.add_parser("search", help="full-text search over titles and bodies (BM25)")
    p.add_argument("query", help="words; any of them may match, articles with more rank higher")
    p.add_argument("--lang", help="only this language (ISO 639-1, e.g. fa, ps, en, de)")
    p.add_argument("--since", type=_date, help="only articles published on or after YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser("export", help="write the reporting marts (mart_* views) as files")
    p.add_argument("dir", type=Path)
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("report", help="the report as a self-contained HTML file")
    p.add_argument("--date", type=_date, help="the day the report is about (default: the newest date with articles)")
    p.add_argument("--out", type=Path, help="file to write (default: $NEWSMON_HOME/reports/report-<date>.html)")
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("eval", help="score the parser on the gold corpora (PDF and HTML), dev and held-out partitions "
                                    "(exit 1 below the floors)")
    p.add_argument("--floors", type=Path, help="JSON file of minimum scores (e.g. benchmarks/parse_floors.json)")
    p.add_argument("--partition", choices=["dev", "heldout", "html-dev", "html-heldout", "all"], default="all",
                   help="dev/heldout: the PDF corpus; html-dev/html-heldout: the HTML pages (default: all)")
    p.add_argument("--variants-dir", type=Path, help="the varied corpus (default: corpus/variants of the checkout)")
    p.add_argument("--dir", type=Path, dest="adhoc_dir",
                   help="score only this folder of <id>.pdf + <id>.json as an ad-hoc partition (e.g. a probe "
                        "sample of tools/corpus/probe.py); no floors")
    p.add_argument("--update-floors", action="store_true",
                   help="raise the floors in --floors to the scores and pin each partition's corpus digest; "
                        "refuses (writing nothing) where a score is below its floor, unless --allow-lower")
    p.add_argument("--allow-lower", action="store_true",
                   help="with --update-floors: lower the floors a score fell below (after reviewing why)")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("mirror", help="the offline mirror of a source")
    msub = p.add_subparsers(dest="mirror_command", required=True)
    b = msub.add_parser("build", help="write the mirror site and its ground truth to DIR")
    b.add_argument("dir", type=Path)
    b.add_argument("--source", default="afgazad", help="which mirrored source (afgazad, darya)")
    b.set_defaults(handler=_cmd_mirror_build)
    s = msub.add_parser("serve", help="serve the mirror on 127.0.0.1 (one source per port)")
    s.add_argument("--dir", type=Path)
    s.add_argument("--source", default="afgazad", help="which mirrored source (afgazad, darya)")
    s.add_argument("--port", type=int, default=8765)
    s.set_defaults(handler=_cmd_mirror_serve)
    d = msub.add_parser("dates", help="print the first and last date the mirror publishes (`make up` backfills them)")
    d.add_argument("--source", default="afgazad", help="which mirrored source (afgazad, darya)")
    d.set_defaults(handler=_cmd_mirror_dates)
    return parser


def _source_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`newsmon source check|try`: the tools of a maintainer adapting a profile (docs/sources.md)."""
    p = sub.add_parser("source", help="check a source profile, or try it on one document")
    ssub = p.add_subparsers(dest="source_command", required=True)
    c = ssub.add_parser("check", help="validate a profile file against the published JSON Schema "
                                      "(every error with its line and column; exit 1 on any)")
    c.add_argument("profile", help="a profile file (PROFILE.yaml) or the name of a shipped source")
    c.set_defaults(handler=_cmd_source_check, command="source check")
    t = ssub.add_parser("try", help="fetch one document politely and print its parsed record with the "
                                    "evidence of each field")
    t.add_argument("url", help="http(s) URL of one article of the source")
    t.add_argument("--source", required=True)
    t.add_argument("--base-url", help="the source served from here instead of its base URL (a mirror)")
    t.add_argument("--timeout", type=float, default=60.0, help="seconds the parse may take (default 60)")
    t.set_defaults(handler=_cmd_source_try, command="source try")


def _topics_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`newsmon topics list|show|refresh|check`: the watched topics (docs/topics.md)."""
    p = sub.add_parser("topics", help="watched topics: list, show one's attention over time, refresh matches")
    tsub = p.add_subparsers(dest="topics_command", required=True)
    formats = {"choices": ["table", "csv", "json"], "default": "table"}
    li = tsub.add_parser("list", help="the topic files and their state in the warehouse")
    li.add_argument("--format", **formats)  # type: ignore[arg-type]  # argparse's kwargs are untyped
    li.set_defaults(handler=_cmd_topics_list, command="topics list")
    sh = tsub.add_parser("show", help="one topic: its queries and its articles per day, source and language")
    sh.add_argument("name")
    sh.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first day shown")
    sh.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day shown")
    sh.add_argument("--format", **formats)  # type: ignore[arg-type]  # argparse's kwargs are untyped
    sh.set_defaults(handler=_cmd_topics_show, command="topics show")
    rf = tsub.add_parser("refresh", help="match new and changed topics over all history (one transaction)")
    rf.add_argument("names", nargs="*", metavar="NAME", help="only these topics (default: all)")
    rf.add_argument("--force", action="store_true", help="re-match even topics whose file did not change")
    rf.set_defaults(handler=_cmd_topics_refresh, command="topics refresh")
    ch = tsub.add_parser("check", help="validate topic files (every mistake with its line and column)")
    ch.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to check (default: every topic file)")
    ch.set_defaults(handler=_cmd_topics_check, command="topics check")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _cmd_parse(args: argparse.Namespace) -> int:
    from newsmon.parse.article import ParseError
    from newsmon.parse.document import sniff_document_type
    from newsmon.parse.guard import GuardedParser
    from newsmon.sources import load_profile

    _seconds(args.timeout)
    profile = load_profile(args.source or DEFAULT_PARSE_SOURCE)
    data = _read_target(args.target, profile)
    # A named source parses by its profile's format; with none, the file's extension (.pdf, .html)
    # says which, and else the bytes do.
    document_type = None if args.source else _FORMAT_OF_SUFFIX.get(_suffix(args.target)) or sniff_document_type(data)
    try:
        with GuardedParser(timeout_s=args.timeout) as parser:
            record = parser.parse(data, url=args.target, profile=profile, document_type=document_type)
    except ParseError as exc:
        raise ParseError(f"{args.target}: {exc}") from None
    if args.format == "json":
        print(json.dumps(record.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{record.title}\n{record.author or ''} · {record.published_date} · {record.language}")
        if record.parse_warnings:
            print("parse warnings: " + ", ".join(record.parse_warnings))
        print(f"\n{record.body_text}")
    return 0


_FORMAT_OF_SUFFIX = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html"}


def _suffix(target: str) -> str:
    """The extension of a file target, lower case ('' for a URL: its bytes tell)."""
    return "" if target.startswith(("http://", "https://")) else Path(target).suffix.lower()


def _read_target(target: str, profile: SourceProfile) -> bytes:
    if target.startswith(("http://", "https://")):
        from newsmon import settings
        from newsmon.crawl.fetcher import Fetcher
        from newsmon.crawl.pace import HostPace

        result = Fetcher(profile, base_url=target, pace=HostPace.shared(settings.home())).get(target)
        if not result.ok:
            raise ValueError(f"{target}: {result.error}")
        return result.body
    path = Path(target)
    if not path.is_file():
        raise FileNotFoundError(f"{target}: no such file")
    return path.read_bytes()


def _topic_problems(problems: list[str]) -> None:
    from newsmon.redaction import printable

    for problem in problems:
        print(printable(problem), file=sys.stderr)


def _topic_states() -> dict[str, dict[str, Any]]:
    """The warehouse's view of each stored topic ({} without a warehouse)."""
    from newsmon.warehouse.connection import WarehouseMissing, connect_with_retry
    from newsmon.warehouse.migrate import upgrade_if_needed
    from newsmon.warehouse.topics import topic_state

    try:
        upgrade_if_needed(on_wait=_tell_waiting)
        con = connect_with_retry(read_only=True, on_wait=_tell_waiting)
    except WarehouseMissing:
        return {}
    try:
        return topic_state(con)
    finally:
        con.close()


def _cmd_topics_list(args: argparse.Namespace) -> int:
    """Each topic file with its state: new (never matched), changed (refresh needed), current."""
    from newsmon.topics import load_topics

    found = load_topics()
    states = _topic_states()
    columns = ["topic", "title", "languages", "sources", "state", "articles", "file"]
    rows: list[tuple[Any, ...]] = []
    for topic in found.topics:
        stored = states.get(topic.name)
        state = "new: run topics refresh" if stored is None else \
            "current" if stored["digest"] == topic.digest else "changed: run topics refresh"
        rows.append((topic.name, topic.title, ",".join(topic.languages or ["all"]), ",".join(topic.sources or ["all"]),
                     state, stored["articles"] if stored else None, topic.file))
    for name in sorted(set(states) - {t.name for t in found.topics}):
        rows.append((name, None, None, None, "file gone: refresh drops it", states[name]["articles"], None))
    print_rows(columns, rows, args.format)
    _topic_problems(found.problems)
    return 1 if found.problems else 0


def _cmd_topics_show(args: argparse.Namespace) -> int:
    """A topic's queries, then its rows of mart_topic_daily (`--from`/`--to` bound the days)."""
    from newsmon.redaction import printable
    from newsmon.topics import load_topics
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.migrate import upgrade_if_needed
    from newsmon.warehouse.topics import topic_daily

    if args.date_from and args.date_to and args.date_to < args.date_from:
        raise ValueError(f"--to {args.date_to} is before --from {args.date_from}")
    topic = load_topics().named(args.name)
    upgrade_if_needed(on_wait=_tell_waiting)
    con = connect_with_retry(read_only=True, on_wait=_tell_waiting)
    try:
        columns, rows = topic_daily(con, topic.name, args.date_from, args.date_to)
    finally:
        con.close()
    if not rows:
        print(f"newsmon topics show: no rows for {topic.name!r}: not matched yet (run newsmon topics refresh), "
              "or no article in the days asked for", file=sys.stderr)
    if args.format == "json":
        body = {"topic": topic.name, "title": topic.title, "queries": topic.queries, "languages": topic.languages,
                "sources": topic.sources, "daily": [dict(zip(columns, row)) for row in rows]}
        print(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                               json.dumps(body, ensure_ascii=False, default=str)))
        return 0
    if args.format == "table":
        print(printable(f"{topic.name}: {topic.title}"))
        for language, query in topic.queries.items():
            print(printable(f"  {language}: {query}"))
        matched = sum(int(row[columns.index("articles")]) for row in rows)
        print(f"{matched} matching article(s) on {len(rows)} row(s)\n")
    print_rows(columns, rows, args.format)
    return 0


def _cmd_topics_refresh(args: argparse.Namespace) -> int:
    """Refresh in one transaction; a file that does not validate is reported and left as stored."""
    from newsmon.topics import load_topics
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.migrate import migrate
    from newsmon.warehouse.topics import refresh_topics

    found = load_topics()
    con = connect_with_retry(on_wait=_tell_waiting)
    try:
        migrate(con)
        result = refresh_topics(con, found, force=args.force, names=args.names or None)
    finally:
        con.close()
    print(f"refreshed {len(result.refreshed)} topic(s) in {result.seconds:.2f} s "
          f"({result.tokenised} article(s) tokenised): {', '.join(result.refreshed) or 'none changed'}")
    for name, count in result.matches.items():
        print(f"  {name}: {count} article(s)")
    if result.removed:
        print(f"dropped (file gone): {', '.join(result.removed)}")
    _topic_problems(found.problems)
    return 1 if found.problems else 0


def _cmd_topics_check(args: argparse.Namespace) -> int:
    """Every mistake of the topic files, one line each (FILE:LINE:COL: where: what)."""
    from newsmon.topics import check_topic_file, load_topics, topic_dirs

    if args.files:
        problems = [p for path in args.files for p in check_topic_file(path)[1]]
        count = len(args.files)
    else:
        found = load_topics()
        problems, count = found.problems, sum(len(list(folder.glob("*.yaml"))) for folder in topic_dirs())
    _topic_problems(problems)
    print(f"{count} file(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def _cmd_discover(args: argparse.Namespace) -> int:
    """Discovery alone, as the pipeline runs it (robots.txt and listing, section, feed and sitemap
    pages only: `discover` never fetches an article), with nothing archived, cached or staged."""
    from newsmon import settings
    from newsmon.crawl.addresses import is_declared_mirror
    from newsmon.crawl.fetcher import Fetcher
    from newsmon.crawl.pace import HostPace
    from newsmon.pipeline import checked_base_url
    from newsmon.redaction import printable
    from newsmon.sources import load_profile
    from newsmon.sources.discovery import discover

    profile = load_profile(args.source)
    base_url = checked_base_url(profile, args.date, args.base_url)
    fetcher = Fetcher(profile, base_url=base_url, stage="discover", pace=HostPace.shared(settings.home()))
    result = discover(profile, args.date, fetcher, base_url, mirror=is_declared_mirror(base_url))
    if args.format == "json":
        print(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(
            {"candidates": [c.to_dict() for c in result.candidates], "by_method": result.by_method,
             "pages_read": result.pages_read, "failures": [f"{f.url}: {f.error}" for f in result.failures]},
            ensure_ascii=False)))
    else:
        for c in result.candidates:
            dated = f"{c.date} ({c.date_from})" if c.date else "undated (the document will tell)"
            print(printable(f"{c.method:<13} {dated:<24} {c.url}"))
            print(printable(f"    {c.link_text!r} · listed at {c.listing_url}"))
        counts = ", ".join(f"{k}={n}" for k, n in result.by_method.items())
        print(printable(f"{len(result.candidates)} candidate(s) on {result.pages_read} page(s): {counts}"))
    for failure in result.failures:
        print(printable(f"failed: {failure.url}: {failure.error}"), file=sys.stderr)
    return 0


def _cmd_source_check(args: argparse.Namespace) -> int:
    """Every problem of a profile file, one line each (FILE:LINE:COL: where: what was expected)."""
    from newsmon.redaction import printable
    from newsmon.sources.check import check_file
    from newsmon.sources.profile import PROFILE_DIR

    path = Path(args.profile)
    if not path.suffix and not path.exists():
        path = PROFILE_DIR / f"{args.profile}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"{args.profile}: no such profile file")
    problems = check_file(path)
    for problem in problems:
        print(printable(problem.format(str(path))))
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    from newsmon.sources import load_profile

    profile = load_profile(path)
    kinds = ", ".join(m.kind for m in profile.discovery.methods)
    print(printable(f"{path}: valid profile {profile.name!r} ({profile.document_type}; discovery: {kinds})"))
    return 0


def _cmd_source_try(args: argparse.Namespace) -> int:
    """One document of a source, fetched as a run would, parsed with the evidence of each field."""
    from newsmon.sources import load_profile
    from newsmon.sources.trial import format_trial, try_url

    profile = load_profile(args.source)
    trial = try_url(profile, args.url, args.base_url, timeout_s=_seconds(args.timeout))
    print("\n".join(format_trial(trial, profile.document_type)))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from newsmon.pipeline import run_day
    from newsmon.progress import Progress, open_progress
    from newsmon.sources import load_profile

    days = _days(args)  # a mistyped range is refused before the profile is even read
    profile = load_profile(args.source)  # once: every date of a range runs by the same settings
    failed: list[dt.date] = []
    loaded = 0
    # A range shows its progress on stderr (a bar on a terminal, a line per date elsewhere); one
    # date has its JSON line, or its error, and nothing more to say.
    progress = open_progress(len(days), "dates") if args.date is None else Progress(1, "dates", sys.stderr)
    with progress:
        for day in days:  # one date, or each date of --from/--to in order; a failed date does not stop the rest
            progress.start(day.isoformat())
            try:
                summary = run_day(profile, day, base_url=getattr(args, "base_url", None),
                                  from_archive=args.command == "reparse")
            except Exception as exc:  # noqa: BLE001 - reported per date, in one line
                if args.date is not None:
                    raise
                failed.append(day)
                print(f"newsmon {args.command}: {day}: {exc}", file=sys.stderr, flush=True)
                progress.done(day.isoformat(), "failed", f"{loaded} articles so far")
                continue
            print(json.dumps({"date": day.isoformat(), **summary}, default=str), flush=True)
            articles = int(summary.get("articles") or 0)
            loaded += articles
            progress.done(day.isoformat(), f"{articles} articles loaded", f"{loaded} articles so far")
    if failed:
        print(f"newsmon {args.command}: {len(failed)} date(s) failed: {', '.join(map(str, failed))}", file=sys.stderr)
    return 1 if failed else 0


def _days(args: argparse.Namespace) -> list[dt.date]:
    if args.date is not None and args.date_from is None and args.date_to is None:
        return [args.date]
    if args.date is not None or args.date_from is None or args.date_to is None:
        raise ValueError("give either --date D or both --from D1 and --to D2")
    if args.date_to < args.date_from:
        raise ValueError(f"--to {args.date_to} is before --from {args.date_from}")
    count = (args.date_to - args.date_from).days + 1
    if count > MAX_DATES_WITHOUT_YES and not getattr(args, "yes", False):
        raise ValueError(f"--from {args.date_from} --to {args.date_to} is {count:,} dates, one run each; "
                         f"a range over {MAX_DATES_WITHOUT_YES} dates needs --yes")
    return [args.date_from + dt.timedelta(days=n) for n in range(count)]


def _seconds(value: float, flag: str = "--timeout") -> float:
    """`value` if it is a usable number of seconds, else one line naming the flag and the value.

    argparse's float() takes "nan", "inf" and "-5"; a wait or a time limit of those is
    meaningless (NaN compares false with everything, so it would never, or always, expire).
    """
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{flag} {value}: give a finite number of seconds")
    if value <= 0:
        raise ValueError(f"{flag} {value:g}: give a number of seconds above 0")
    return value


def _cmd_sql(args: argparse.Namespace) -> int:
    from newsmon.warehouse.connection import ReaderLimits
    from newsmon.warehouse.migrate import upgrade_if_needed
    from newsmon.warehouse.queries import QueryInterrupted, check_read_only, read_only_query

    timeout = _seconds(args.timeout)
    limits = ReaderLimits.from_env(args.memory_limit, args.threads)
    check_read_only(args.query)  # refuse a write before touching (or upgrading) the file
    upgrade_if_needed(timeout_s=timeout, on_wait=_tell_waiting)
    try:
        columns, rows = read_only_query(args.query, timeout_s=timeout, on_wait=_tell_waiting,
                                        query_timeout_s=timeout, limits=limits)
    except QueryInterrupted as exc:
        raise QueryInterrupted(exc.seconds, hint="--timeout") from None
    print_rows(columns, rows, args.format)
    return 0


def _tell_waiting(message: str) -> None:
    """Say on stderr why a command is quiet: a load holds the warehouse and we wait for it."""
    print(f"newsmon: {message}", file=sys.stderr, flush=True)


def _cmd_search(args: argparse.Namespace) -> int:
    from newsmon.warehouse.migrate import upgrade_if_needed
    from newsmon.warehouse.search import search

    upgrade_if_needed(on_wait=_tell_waiting)
    rows = search(args.query, lang=args.lang, since=args.since, limit=args.limit)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return 0
    if not rows:
        print("no articles match", file=sys.stderr)
        return 0
    from newsmon.redaction import printable

    for n, row in enumerate(rows, 1):  # crawled text: control characters shown, never sent to the terminal
        print(f"{n:>2}. {printable(str(row['title']))}  ({row['published_date']}, {printable(str(row['language']))}, "
              f"score {row['score']:.2f})")
        print(f"    {printable(str(row['url']))}")
        print(f"    {printable(str(row['snippet']))}\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from newsmon.warehouse.migrate import upgrade_if_needed
    from newsmon.warehouse.queries import export_marts

    upgrade_if_needed(on_wait=_tell_waiting)
    for path in export_marts(args.dir, args.format, on_wait=_tell_waiting):
        print(path)
    return 0


def print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str = "table") -> None:
    """Rows on stdout, never a terminal escape sequence from the data (crawled text holds ESC,
    BEL, CR ...): table cells are always shown escaped (`printable`); JSON is faithful and safe
    at once (json.dumps escapes C0 controls; DEL and C1 are written as \\u escapes too); CSV is
    faithful into a file or a pipe, where a program reads it, and escaped on a terminal."""
    from newsmon.redaction import printable

    if fmt == "json":
        text = json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str)
        print(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    elif fmt == "csv":
        if sys.stdout.isatty():  # every value as the text csv would write, escaped (lists hold strings too)
            columns = [printable(str(c)) for c in columns]
            rows = [tuple(None if v is None else printable(str(v)) for v in row) for row in rows]
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        cells = [[printable(str(c)) for c in columns]] + [["" if v is None else printable(str(v)) for v in row]
                                                           for row in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
        for n, row in enumerate(cells):
            print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))


def _cmd_report(args: argparse.Namespace) -> int:
    from newsmon.report import write_report

    print(write_report(args.date, args.out, on_wait=_tell_waiting))
    return 0


def _evaluation() -> ModuleType:
    """`benchmarks/evaluate.py` of the checkout this newsmon runs from.

    The gold corpora and their scoring are dev tools beside the benchmarks, not part of the
    installed library: `newsmon eval` works from a checkout of the project (as CI runs it)."""
    root = Path(__file__).resolve().parents[2]
    source = root / "benchmarks" / "evaluate.py"
    if not source.is_file():
        raise FileNotFoundError(f"newsmon eval needs a checkout of the project: no {source} (the gold corpora "
                                "and their scoring do not ship with the package)")
    if str(root) not in sys.path:
        sys.path.append(str(root))
    module = importlib.import_module("benchmarks.evaluate")
    if Path(module.__file__ or "").resolve() != source:
        raise ImportError(f"newsmon eval: benchmarks.evaluate resolves to {module.__file__}, not {source}")
    return module


def _cmd_eval(args: argparse.Namespace) -> int:
    if args.allow_lower and not args.update_floors:
        raise ValueError("--allow-lower only goes with --update-floors")
    if args.update_floors and not args.floors:
        raise ValueError("--update-floors needs --floors FILE (the file to update)")
    from newsmon.progress import open_progress

    if args.adhoc_dir and (args.floors or args.partition != "all"):
        raise ValueError("--dir scores one ad-hoc folder: it goes without --floors and --partition")
    evaluate = _evaluation()
    floors = evaluate.load_floors(args.floors) if args.floors else None  # a bad file fails before any scoring
    try:
        corpora = ({f"dir {args.adhoc_dir}": evaluate.variant_corpus(args.adhoc_dir)} if args.adhoc_dir
                   else evaluate.partitions(args.variants_dir))
    except FileNotFoundError as exc:
        print(f"newsmon eval: {exc}", file=sys.stderr)
        return 2
    selected = {name: docs for name, docs in corpora.items() if args.adhoc_dir or args.partition in ("all", name)}
    problems, results = [], {}
    with open_progress(sum(map(len, selected.values())), "documents") as progress:
        for partition, docs in selected.items():
            scores = evaluate.score_parser(docs, _shown(evaluate.parse_with_newsmon, progress, partition))
            results[partition] = (evaluate.corpus_digest(docs), scores)
            print(f"== {partition}: {len(docs)} documents (digest {results[partition][0]})")
            print(evaluate.format_scores(scores))
            for miss in scores.misses:
                print(f"  miss: {miss}")
            if floors is not None:
                problems += evaluate.partition_problems(partition, docs, scores, floors)
    if args.update_floors and floors is not None:  # --update-floors was refused above without --floors
        return _update_floors(evaluate, args.floors, floors, results, args.allow_lower)
    for problem in problems:
        print(f"BELOW FLOOR {problem}", file=sys.stderr)
    return 1 if problems else 0


def _shown(parse: Callable[[Any], Any], progress: Progress, partition: str) -> Callable[[Any], Any]:
    """`parse` (of one gold document) as it was, each document shown on `progress` as it is
    scored: the scoring loop stays the benchmark's own, the CLI only watches it."""
    failures = 0

    def parse_shown(doc: Any) -> Any:
        nonlocal failures
        label = f"{partition}/{doc.name}"
        progress.start(label)
        try:
            record = parse(doc)
        except Exception:
            failures += 1
            progress.done(label, "not parsed", f"{failures} not parsed in {partition}")
            raise
        progress.done(label, "scored", f"{failures} not parsed in {partition}" if failures else "")
        return record

    return parse_shown


def _update_floors(evaluate: ModuleType, path: Path, floors: dict[str, Any], results: dict[str, Any],
                   allow_lower: bool) -> int:
    """`newsmon eval --update-floors`: the ratchet. Floors go up to the scores on their own; a
    floor comes down only with --allow-lower, and a refused update writes nothing at all."""
    update = evaluate.update_floors(floors, results, allow_lower=allow_lower)
    if update.refused:
        for change in update.refused:
            print(f"REFUSED {change}: would lower a floor", file=sys.stderr)
        print(f"newsmon eval: {path} not updated: {len(update.refused)} floor(s) would go down; review the "
              "regression, then give --allow-lower", file=sys.stderr)
        return 1
    evaluate.write_floors(path, update.floors)
    for kind in ("raised", "added", "lowered", "digests"):
        for change in getattr(update, kind):
            print(f"{kind}: {change}")
    print(f"{path}: {len(update.raised)} raised, {len(update.added)} added, {len(update.lowered)} lowered")
    return 0


def _cmd_mirror_build(args: argparse.Namespace) -> int:
    from newsmon.testing.server import mirror_site

    manifest = mirror_site(args.source).build_mirror(args.dir)
    total = sum(len(d["articles"]) for d in manifest["dates"].values())
    print(f"mirror of {manifest['source']} in {args.dir}: {len(manifest['dates'])} dates, {total} articles")
    return 0


def _cmd_mirror_dates(args: argparse.Namespace) -> int:
    from newsmon.testing.server import ensure_mirror

    manifest = json.loads((ensure_mirror(None, args.source) / "manifest.json").read_text(encoding="utf-8"))
    dates = sorted(manifest["dates"])
    print(dates[0], dates[-1])
    return 0


def _cmd_mirror_serve(args: argparse.Namespace) -> int:
    from newsmon.testing.server import ensure_mirror, serve_forever

    serve_forever(ensure_mirror(args.dir, args.source), args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
