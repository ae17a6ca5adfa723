"""Fuzzing documents: broken and hostile PDFs and listing pages, through `newsmon parse` and
through a whole run against a real server on 127.0.0.1.

The contract under test: every input ends in a record or a clear failure (for `newsmon
parse`: exit 0 with a JSON record, or non-zero with ONE line naming the file and the
problem; for a run: an article, a quarantined row or a `failures` row), within bounded time
and memory, and the good articles of the date still load. The broken corpus is generated
from the mirror's good PDFs (`tools/broken.py`), never committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmon.parse.article import ParseError
from newsmon.parse.guard import GuardedParser
from newsmon.records import ArticleRecord
from newsmon.sources import load_profile
from newsmon.testing.faults import Fault, FaultServer
from tests.conftest import ground_truth
from tests.reliability.ledger import record
from tools import broken

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
HANG_S = 120.0            # one document through `newsmon parse`: far beyond any honest parse
RUN_HANG_S = 420.0        # one whole day: discover, fetch, parse, validate, load
MEMORY_CAP_MB = 3 * 1024  # the guard lets a document add 2 GiB to a ~0.2 GiB process
GOOD = broken.good_pdfs()
PROFILE = load_profile("afgazad")
RECORD_KEYS = {"article_id", "source", "url", "title", "body_text", "word_count", "content_sha256"}


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float     # the largest process of the command's tree (waited-for children included)


def run_measured(cmd: list[str], timeout: float, **popen) -> Measured:
    """Run a command to its end with its output in files, reaping it with wait4 to learn its
    tree's peak memory; past `timeout` it is killed and the test fails as a hang."""
    out_dir = Path(popen.pop("out_dir"))
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "stdout", "w+b") as out, open(out_dir / "stderr", "w+b") as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, **popen)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                pytest.fail(f"hang: {cmd[1:]} still running after {timeout:g} s")
            time.sleep(0.02)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                        seconds, usage.ru_maxrss / 1024)


def assert_record_or_one_line(m: Measured, path: str) -> str:
    """`newsmon parse`'s contract for one document; returns "record" or "error"."""
    assert "Traceback" not in m.stderr, m.stderr[-2000:]
    if m.returncode == 0:
        assert RECORD_KEYS <= set(json.loads(m.stdout)), m.stdout[:500]
        return "record"
    assert m.returncode > 0, f"killed by signal {-m.returncode}: {m.stderr[-500:]}"
    assert m.stdout == ""
    lines = m.stderr.strip().splitlines()
    assert len(lines) == 1, f"{len(lines)} lines: {m.stderr[-1000:]}"
    assert path in lines[0], lines[0]
    reason = lines[0].split(path, 1)[1].strip(" :")
    assert len(reason) >= 8, f"no reason given: {lines[0]!r}"
    return "error"


# -- the corpus through the command ----------------------------------------------------------------

@pytest.mark.slow
def test_broken_corpus_through_newsmon_parse(tmp_path):
    files = dict(broken.broken_pdfs(seed=0))
    files["decompression-bomb-4gib.pdf"] = broken.decompression_bomb(4 * 1024**3)
    links = [("/pdf/2020/01/02/a.pdf", "سلام"), ("/pdf/2020/01/02/b.pdf", "Hello")]
    files.update({f"listing-{name}.html": data for name, data in broken.broken_listings(links).items()})
    files["good.pdf"] = GOOD[0].read_bytes()
    outcomes: dict[str, int] = {"record": 0, "error": 0}
    slowest = (0.0, "")
    peak = (0.0, "")
    for name, data in sorted(files.items()):
        path = tmp_path / "corpus" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        m = run_measured([NEWSMON, "parse", str(path)], HANG_S, out_dir=tmp_path / "out" / name, cwd=tmp_path)
        outcomes[assert_record_or_one_line(m, str(path))] += 1
        assert m.max_rss_mb < MEMORY_CAP_MB, f"{name}: {m.max_rss_mb:.0f} MB"
        slowest = max(slowest, (m.seconds, name))
        peak = max(peak, (m.max_rss_mb, name))
    assert outcomes["record"] >= 1 and outcomes["error"] >= 30, outcomes
    record("broken PDFs and listing pages through `newsmon parse` (truncated at random offsets, bytes flipped, "
           "10^6-page claim, 10^5 kids, page-tree loop, nesting 10^5 deep, 1 and 4 GiB FlateDecode bombs, "
           "listings in utf-16/cp1256 with a lying charset, invalid UTF-8, nesting 5*10^4 deep)",
           trials=len(files),
           outcome=f"{len(files)} files: {outcomes['record']} records, {outcomes['error']} one-line errors "
                   f"naming the file, 0 tracebacks, 0 crashes, 0 hangs; slowest {slowest[0]:.1f} s ({slowest[1]}), "
                   f"peak RSS {peak[0]:.0f} MB ({peak[1]})")


# -- hypothesis: mutations of good PDFs -----------------------------------------------------------

MUTATION = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, len(GOOD) - 1), st.floats(0.0, 1.0)),
    st.tuples(st.just("flip"), st.integers(0, len(GOOD) - 1),
              st.lists(st.integers(0, 2**31), min_size=1, max_size=64), st.integers(1, 255)),
    st.tuples(st.just("splice"), st.integers(0, len(GOOD) - 1), st.floats(0.0, 1.0), st.binary(max_size=512)),
)


def mutate(case: tuple) -> bytes:
    data = GOOD[case[1]].read_bytes()
    if case[0] == "truncate":
        return broken.truncate(data, int(len(data) * case[2]))
    if case[0] == "flip":
        return broken.flip(data, case[2], case[3])
    at = int(len(data) * case[2])
    return data[:at] + case[3] + data[at:]


def test_hypothesis_mutated_pdfs_end_in_a_record_or_a_parse_error():
    outcomes = {"record": 0, "error": 0}
    slowest = [0.0]

    with GuardedParser(timeout_s=HANG_S) as parser:
        @settings(max_examples=150, derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(MUTATION)
        def check(case):
            started = time.monotonic()
            try:
                rec = parser.parse(mutate(case), url="https://www.afgazad.com/pdf/x.pdf", profile=PROFILE)
            except ParseError as exc:
                message = str(exc)
                assert message and "\n" not in message and len(message) <= 300, message
                outcomes["error"] += 1
            else:
                assert isinstance(rec, ArticleRecord) and rec.word_count >= 0 and rec.source == "afgazad"
                outcomes["record"] += 1
            slowest[0] = max(slowest[0], time.monotonic() - started)

        check()
        # the worker that survived 150 bad documents still parses a good one
        assert parser.parse(GOOD[0].read_bytes(), url="https://www.afgazad.com/pdf/x.pdf", profile=PROFILE).word_count
    assert outcomes["record"] and outcomes["error"], outcomes
    total = sum(outcomes.values())
    record("hypothesis-mutated PDFs (truncated, bytes flipped, bytes spliced in) through the guarded parser",
           trials=total, outcome=f"{total} examples (derandomized): {outcomes['record']} records, "
                                 f"{outcomes['error']} one-line ParseErrors, 0 other exceptions, 0 hangs; "
                                 f"slowest {slowest[0]:.2f} s; the worker parsed a good PDF afterwards")


def test_hypothesis_mutated_pdfs_through_newsmon_parse(tmp_path):
    seen = {"record": 0, "error": 0}
    slowest = [0.0]

    @settings(max_examples=15, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(MUTATION)
    def check(case):
        n = sum(seen.values())
        path = tmp_path / f"mutant-{n:03d}.pdf"
        path.write_bytes(mutate(case))
        m = run_measured([NEWSMON, "parse", str(path)], HANG_S, out_dir=tmp_path / "out" / str(n), cwd=tmp_path)
        seen[assert_record_or_one_line(m, str(path))] += 1
        slowest[0] = max(slowest[0], m.seconds)

    check()
    total = sum(seen.values())
    record("hypothesis-mutated PDFs through `newsmon parse` (subprocess)", trials=total,
           outcome=f"{total} examples: {seen['record']} records (exit 0), {seen['error']} one-line errors "
                   f"naming the file (exit 1), 0 tracebacks; slowest {slowest[0]:.1f} s")


# -- listing pages through discovery, against a real server --------------------------------------

def test_broken_listing_pages_through_discovery(mirror_dir, newsmon_home):
    from newsmon.pipeline import discover_stage

    day = dt.date(2020, 1, 2)
    listing = "/" + day.strftime(PROFILE.discovery.listing_path).lstrip("/")
    links = [(f"/pdf/2020/01/02/{t['url'].rsplit('/', 1)[1]}", t["title"]) for t in ground_truth(day.isoformat())]
    pages = broken.broken_listings(links)
    found_per_page: dict[str, int] = {}
    with FaultServer(mirror_dir) as server:
        for name, body in pages.items():
            server.set_fault(listing, Fault.wrong_type("text/html; charset=utf-8", body=body))
            summary = discover_stage(PROFILE, day, server.base_url, force=True)
            candidates = json.loads(Path(summary["path"]).read_text(encoding="utf-8"))
            # whatever a broken page yields, only URLs of the server's own host become candidates
            assert all(c["url"].startswith(server.base_url + "/") for c in candidates), (name, candidates)
            found_per_page[name] = len(candidates)
    # the honest variants still yield every link; the rest end in a count (0 is checked downstream)
    for name in ("utf16-claiming-utf8", "cp1256-claiming-utf8", "utf8-claiming-cp1256", "invalid-utf8",
                 "deep-nesting-200"):
        assert found_per_page[name] == len(links), (name, found_per_page)
    lost = sorted(n for n, c in found_per_page.items() if c < len(links))
    record("broken listing pages through discovery against a server on 127.0.0.1 (lying charsets, utf-16, "
           "invalid UTF-8, a UTF-16 BOM on UTF-8, nesting 200, 10^3 and 5*10^4 deep, truncated, comment/doctype only, NULs, noise)",
           trials=len(pages),
           outcome=f"{len(pages)} pages: 0 exceptions; every link found in {len(pages) - len(lost)}; "
                   f"fewer or none (a counted empty day, never a crash) in: {', '.join(lost) or 'none'}")


# -- a whole run with broken files among the good ones --------------------------------------------

WHOLE_RUN_PICKS = ("cut-00", "cut-01", "cut-02", "cut-03", "flip-00", "flip-01", "empty", "header-only", "html-as-pdf", "million-pages",
                   "hundred-thousand-kids", "page-tree-loop", "deep-", "nul-bytes")


@pytest.mark.slow
def test_whole_run_with_broken_documents_loads_the_good_articles(mirror_dir, tmp_path):
    day = dt.date(2020, 1, 2)
    site = tmp_path / "site"
    shutil.copytree(mirror_dir, site)
    files = {n: d for n, d in broken.broken_pdfs(seed=0).items() if n.startswith(WHOLE_RUN_PICKS)}
    files["decompression-bomb-4gib.pdf"] = broken.decompression_bomb(4 * 1024**3)
    pdf_dir = site / "pdf/2020/01/02"
    items = []
    for name, data in files.items():
        (pdf_dir / f"broken-{name}").write_bytes(data)
        items.append(f'<li><a href="/pdf/2020/01/02/broken-{name}">{name}</a></li>')
    index = site / "archive/2020/01/02/index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</ul>", "".join(items) + "</ul>", 1),
                     encoding="utf-8")
    home = tmp_path / "home"
    env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    env.pop("NEWSMON_WAREHOUSE", None)
    with FaultServer(site) as server:
        m = run_measured([NEWSMON, "run", "--source", "afgazad", "--date", day.isoformat(),
                          "--base-url", server.base_url], RUN_HANG_S, out_dir=tmp_path / "out", cwd=tmp_path, env=env)
    assert m.returncode == 0, m.stderr[-3000:]
    assert "Traceback" not in m.stderr
    assert m.max_rss_mb < MEMORY_CAP_MB + 1024, m.max_rss_mb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        loaded = {r[0] for r in con.execute("SELECT article_id FROM articles WHERE run_date = ?", [day]).fetchall()}
        failed = dict(con.execute("SELECT url, error FROM failures WHERE run_date = ?", [day]).fetchall())
        quarantined = {r[0] for r in con.execute("SELECT url FROM quarantine WHERE run_date = ?", [day]).fetchall()}
        loaded_urls = {r[0] for r in con.execute("SELECT url FROM articles WHERE run_date = ?", [day]).fetchall()}
    finally:
        con.close()
    truth = {t["article_id"] for t in ground_truth(day.isoformat())}
    assert truth <= loaded, f"good articles missing: {truth - loaded}"
    accounted = {"failed": 0, "quarantined": 0, "loaded": 0}
    for name in files:
        url = f"https://www.afgazad.com/pdf/2020/01/02/broken-{name}"
        if url in failed:
            assert failed[url] and "\n" not in failed[url], (name, failed[url])
            accounted["failed"] += 1
        elif url in quarantined:
            accounted["quarantined"] += 1
        elif url in loaded_urls:
            accounted["loaded"] += 1
        else:
            pytest.fail(f"{name}: neither an article, a quarantined row nor a failure")
    record("a whole `newsmon run` of 2020-01-02 with broken PDFs linked beside its good articles "
           "(served by a real server on 127.0.0.1)",
           trials=len(files),
           outcome=f"{len(files)} broken documents: {accounted['failed']} failures rows, "
                   f"{accounted['quarantined']} quarantined, {accounted['loaded']} loaded; all {len(truth)} good "
                   f"articles loaded; exit 0 in {m.seconds:.0f} s, peak RSS {m.max_rss_mb:.0f} MB")
