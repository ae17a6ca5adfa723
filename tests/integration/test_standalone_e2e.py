"""newsmon in a real `airflow standalone`: a backfill through the REST API, then the report
page in headless Chromium through the Airflow plugin.

One Airflow for the whole module (it costs ~15 s to start and ~1 GB), on 127.0.0.1 with a
free port, a temporary AIRFLOW_HOME and NEWSMON_HOME, and the offline mirror as the source.
It is stopped with SIGINT (SIGTERM orphans the scheduler), and its process group is killed
at the end whatever happened.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from playwright.sync_api import Page, Route, WebSocketRoute, expect, sync_playwright

from tests.airflow_helpers import BIN, Standalone, airflow_settings, free_port, init_airflow
from tests.browser import CHROMIUM, Chromium
from tests.conftest import ROOT, ground_truth

pytestmark = pytest.mark.slow

DATES = ["2020-01-01", "2020-01-02", "2020-01-03"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def standalone(mirror, tmp_path_factory):
    home = tmp_path_factory.mktemp("standalone_airflow")
    newsmon_home = tmp_path_factory.mktemp("standalone_newsmon")
    port = free_port()
    env = {
        **os.environ,
        **airflow_settings(),  # as `make up` runs it (parallelism, warm task processes)
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # standalone starts `airflow` from PATH
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "NEWSMON_HOME": str(newsmon_home),
        "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url,
        "GX_ANALYTICS_ENABLED": "false",
        # Free ports for the task and trigger log servers (8793 and 8794 by default): another
        # Airflow on the machine (a second pytest-xdist worker, `make up`) may hold those.
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
        # `airflow standalone` prints its components' lines to a file: unbuffered, the log a
        # failure quotes (`server.tail()`) is the log of that moment, not of a few KB before.
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("NEWSMON_WAREHOUSE", None)
    env.pop("NEWSMON_ALERT_WEBHOOK", None)
    init_airflow(env)
    server = Standalone(home, env, port)
    try:
        server.start()
        server.newsmon_home = newsmon_home
        yield server
    finally:
        server.stop()
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(server.log_path, ARTIFACTS / "standalone.log")


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _backfill_dates(backfill: dict) -> list[str]:
    """The logical dates of a daily DAG's backfill: from_date to to_date, both included."""
    first, last = (dt.date.fromisoformat(backfill[key][:10]) for key in ("from_date", "to_date"))
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _fresh_runs(server: Standalone, backfill: dict, dag_id: str) -> dict[str, dict]:
    """The runs of the backfill's dates queued after it was created, by date: the runs it made,
    or completed runs it cleared and queued again (a clear sets `queued_at`). The API's runs
    carry no backfill id; no other actor touches these (2020) dates."""
    dates, created = set(_backfill_dates(backfill)), _when(backfill["created_at"])
    runs = server.api("GET", f"/dags/{dag_id}/dagRuns", params={"limit": 100}).json()["dag_runs"]
    return {r["logical_date"][:10]: r for r in runs
            if r["logical_date"] and r["logical_date"][:10] in dates and r["queued_at"]
            and _when(r["queued_at"]) >= created}


def _wait_backfill(server: Standalone, backfill: dict, dag_id: str, timeout_s: float = 600) -> list[dict]:
    """The runs of `backfill` (one per date of its range, oldest first) once it is complete and
    each of its dates has a run queued after its creation that finished.

    Why not "completed, and every backfill run finished": a backfill Airflow completes without
    running a date (one left without runs by "database is locked" mid-creation is marked complete
    after two minutes) would pass on the date's older run. That is a failure here, said at once.
    """
    deadline = time.monotonic() + timeout_s
    dates = _backfill_dates(backfill)
    while True:
        done = server.api("GET", f"/backfills/{backfill['id']}").json().get("completed_at")
        fresh = _fresh_runs(server, backfill, dag_id)
        finished = [fresh[d] for d in dates if d in fresh and fresh[d]["state"] in ("success", "failed")]
        if done and len(finished) == len(dates):
            return finished
        seen = [(r["dag_run_id"], r["state"], r["queued_at"], r["end_date"]) for r in fresh.values()]
        if done:
            raise AssertionError(f"backfill {backfill['id']} (created {backfill['created_at']}) completed at {done} "
                                 f"without a finished run of each of {dates} queued after its creation; "
                                 f"runs queued since: {seen}")
        if time.monotonic() > deadline:
            raise AssertionError(f"backfill {backfill['id']} of {dates} not complete after {timeout_s:g}s; "
                                 f"runs queued since its creation: {seen}\n{server.tail()}")
        time.sleep(2)


def test_backfill_three_dates_through_the_rest_api(standalone):
    for dag_id in ("newsmon_afgazad", "newsmon_report"):
        standalone.wait_for_dag(dag_id)
        assert standalone.api("PATCH", f"/dags/{dag_id}", json={"is_paused": False}).status_code == 200
    backfill = standalone.create_backfill({
        "dag_id": "newsmon_afgazad", "from_date": f"{DATES[0]}T00:00:00Z", "to_date": f"{DATES[-1]}T00:00:00Z",
        "max_active_runs": 3, "reprocess_behavior": "completed",
    })
    runs = _wait_backfill(standalone, backfill, "newsmon_afgazad")
    assert sorted(r["logical_date"][:10] for r in runs) == DATES
    assert {r["state"] for r in runs} == {"success"}, runs

    warehouse = standalone.newsmon_home / "warehouse.duckdb"

    def read():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            articles = {day: {r[0] for r in con.execute("SELECT article_id FROM articles WHERE run_date = ?",
                                                         [day]).fetchall()} for day in DATES}
            # run_date <= the last date: unpausing also schedules "yesterday" (an empty day of the mirror)
            statuses = con.execute("SELECT run_date::VARCHAR, status FROM runs WHERE run_date <= ? ORDER BY 1",
                                   [DATES[-1]]).fetchall()
            return articles, statuses
        finally:
            con.close()

    articles, statuses = _retry_locked(read)  # the report DAG may be refreshing the index right now
    for day in DATES:
        assert articles[day] == {t["article_id"] for t in ground_truth(day)}, day
    assert statuses == [(d, "success") for d in DATES]


def test_report_dag_ran_on_the_asset_and_wrote_reports(standalone):
    """After the REST backfill, and before any other load: the report of every date it loaded,
    written by runs the `newsmon_articles` asset triggered. (Airflow gives some of a backfill's
    events to no run; the report run after them writes those dates all the same.)"""
    reports = standalone.newsmon_home / "reports"
    wanted = [reports / f"report-{day}.html" for day in DATES]
    deadline = time.monotonic() + 300
    while not all(path.is_file() for path in wanted):
        if time.monotonic() > deadline:
            runs = standalone.api("GET", "/dags/newsmon_report/dagRuns", params={"limit": 100}).json()["dag_runs"]
            raise AssertionError(
                f"reports after 300 s: {sorted(p.name for p in reports.glob('*.html')) if reports.is_dir() else []}, "
                f"wanted {[p.name for p in wanted]}; newsmon_report runs: "
                f"{[(r['dag_run_id'], r['run_type'], r['state'], r['end_date']) for r in runs]}\n{standalone.tail()}")
        time.sleep(2)
    runs = standalone.api("GET", "/dags/newsmon_report/dagRuns", params={"limit": 100}).json()["dag_runs"]
    assert runs and {r["run_type"] for r in runs} == {"asset_triggered"}, runs


def test_cli_backfill_rerun_of_a_completed_date_is_idempotent(standalone):
    """`airflow backfill create` (the CLI) re-runs a date that already succeeded: same rows, one more run."""
    warehouse = standalone.newsmon_home / "warehouse.duckdb"
    query = "SELECT article_id, title, content_sha256 FROM articles WHERE run_date = ? ORDER BY 1"

    def snapshot():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(query, [DATES[1]]).fetchall(), con.execute(
                "SELECT count(*) FROM runs WHERE run_date = ?", [DATES[1]]).fetchone()[0]
        finally:
            con.close()

    before, runs_before = _retry_locked(snapshot)
    backfill = _cli_backfill(standalone, "newsmon_afgazad", DATES[1])
    runs = _wait_backfill(standalone, backfill, "newsmon_afgazad")
    assert [r["state"] for r in runs] == ["success"], runs
    after, runs_after = _retry_locked(snapshot)
    assert after == before and len(after) == len(ground_truth(DATES[1]))
    assert runs_after == runs_before + 1, (runs_before, runs_after, runs)


def _cli_backfill(server: Standalone, dag_id: str, day: str, attempts: int = 3) -> dict:
    """`airflow backfill create` of `day` (reprocess completed); the backfill it made.

    On SQLite under a running scheduler the command can fail with "database is locked". Airflow
    commits the backfill row before it creates or clears its runs, so a lock there can leave a
    backfill with no run (the cleanup needs the same lock): such a backfill blocks any other of
    the DAG until the scheduler marks it complete two minutes later, having run nothing. It is
    cancelled and the command run again. A new backfill with its run is the command's whatever
    the exit status; a failure that is not the lock, or a run-less backfill of a command that
    succeeded, fails the test.
    """
    args = [str(BIN / "airflow"), "backfill", "create", "--dag-id", dag_id, "--from-date", day,
            "--to-date", day, "--reprocess-behavior", "completed"]

    def backfills() -> list[dict]:
        return server.api("GET", "/backfills", params={"dag_id": dag_id}).json()["backfills"]

    known = {b["id"] for b in backfills()}
    said: list[str] = []
    for attempt in range(1, attempts + 1):
        proc = subprocess.run(args, env=server.env, capture_output=True, text=True, timeout=300)
        output = proc.stdout[-3000:] + proc.stderr[-3000:]
        said.append(f"attempt {attempt}: exit {proc.returncode}\n{output}")
        new = [b for b in backfills() if b["id"] not in known]
        if new:
            backfill = max(new, key=lambda b: b["id"])
            if day in _fresh_runs(server, backfill, dag_id):
                return backfill
            assert proc.returncode != 0, f"backfill {backfill} has no run of {day}:\n{said[-1]}"
            _cancel_backfill(server, backfill["id"])
            known.add(backfill["id"])
        else:
            assert proc.returncode != 0, f"`airflow backfill create` made no backfill:\n{said[-1]}"
        assert "locked" in output.lower(), "\n".join(said)
        time.sleep(2 * attempt)
    raise AssertionError(f"no backfill of {day} after {attempts} attempts:\n" + "\n".join(said))


def _cancel_backfill(server: Standalone, backfill_id: int, timeout_s: float = 60) -> None:
    """Cancel a backfill (done once it answers 200, or 409: already complete); SQLite's lock may
    refuse the first tries."""
    deadline = time.monotonic() + timeout_s
    while True:
        resp = server.api("PUT", f"/backfills/{backfill_id}/cancel")
        if resp.status_code in (200, 409):
            return
        assert time.monotonic() < deadline, f"cancel of backfill {backfill_id}: {resp.status_code} {resp.text}"
        time.sleep(2)


def _retry_locked(read, timeout_s: float = 180):
    """A read of the warehouse, waiting while a load (the report DAG's refresh) holds the file."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return read()
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_report_page_in_chromium_through_the_plugin(standalone):
    term = _a_title_word(DATES[1])
    with Chromium() as browser:
        browser.set_cookie("_token", standalone.token, standalone.url)
        browser.navigate(f"{standalone.url}/newsmon/?date={DATES[-1]}")
        charts = browser.evaluate("""Array.from(document.querySelectorAll('figure.chart svg.plot')).map(
            s => [s.getBoundingClientRect().width, s.querySelectorAll('.mark').length])""")
        assert len(charts) == 5 and all(w > 100 and marks > 0 for w, marks in charts), charts
        browser.evaluate("document.getElementById('search').focus()")
        browser.send("Input.insertText", text=term)
        hits = browser.wait_for("""(() => { const s = document.getElementById('search-status').textContent;
            return s.includes('warehouse') ? Array.from(document.querySelectorAll('#search-results li a'))
              .map(a => a.textContent) : null; })()""")
        assert any(term.lower() in h.lower() for h in hits), (term, hits)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "report.png").write_bytes(browser.screenshot())
        assert browser.errors == [], browser.errors


def _a_title_word(day: str) -> str:
    """A distinctive Latin word from a mirror article's title of `day` (what a reader would type)."""
    for truth in ground_truth(day):
        words = [w.strip(",.:;'\"") for w in truth["title"].split() if w.isascii() and len(w) >= 6]
        if words:
            return words[0]
    raise AssertionError(f"no Latin title on {day}")


UI_DATES = ["2020-01-04", "2020-01-05"]
# The trigger form (a dialog; the page has other dialogs, e.g. the grid's options).
_FORM = "Array.from(document.querySelectorAll('[role=dialog]')).find(d => d.innerText.includes('Single Run'))"
# Click the first element under `root` matching `selector` whose text starts with `text`
# (a wait_for expression: false until it is there).
_CLICK_IN = ("(() => {{ const root = {root}; if (!root) return false; const e = Array.from(root.querySelectorAll("
             "'{selector}')).find(e => e.innerText && e.innerText.trim().startsWith('{text}'));"
             " if (!e) return false; e.click(); return true; }})()")


def test_backfill_from_the_ui_trigger_form_in_chromium(standalone):
    """What an operator does: DAG page → Trigger → Backfill → a date range → Run Backfill, in the
    real UI (headless Chromium). The trigger form shows the params with their descriptions; the
    backfill's runs complete and land in the warehouse."""
    assert CHROMIUM, "Debian's chromium is needed for the UI tests: make browser"
    dag_id = "newsmon_afgazad"
    before = {b["id"] for b in standalone.api("GET", "/backfills", params={"dag_id": dag_id}).json()["backfills"]}
    with Chromium() as browser:
        browser.send("Emulation.setTimezoneOverride", timezoneId="UTC")
        browser.set_cookie("_token", standalone.token, standalone.url)
        browser.navigate(f"{standalone.url}/dags/{dag_id}")
        browser.wait_for(_CLICK_IN.format(root="document", selector="button", text="Trigger"), timeout_s=60)
        browser.wait_for(f"!!({_FORM})")
        # Every param in the form, with its description (a run's choices explained where they are made).
        text = browser.evaluate(f"{_FORM}.innerText")
        for needle in ("Run Parameters", "Force a re-fetch", "ignore the remembered ETag / Last-Modified",
                       "Skip validation failures into quarantine only", "keep the failing ones in quarantine",
                       "Re-parse from the archive only", "raw WARC archive, with no network", "Base URL"):
            assert needle in text, (needle, text[:3000])

        browser.wait_for(_CLICK_IN.format(root=_FORM, selector="label", text="Backfill"))
        for index, day in enumerate(UI_DATES):  # From, then To: the date picker, a typed date
            browser.wait_for(f"(() => {{ const x = {_FORM}.querySelectorAll('[data-testid=datetime-input]')[{index}];"
                             " if (!x) return false; x.click(); return true; })()")
            browser.wait_for("(() => { const i = document.querySelector(\"input[placeholder='YYYY/MM/DD']\");"
                             " if (!i) return false; i.focus(); i.select(); return true; })()")
            browser.send("Input.insertText", text=day.replace("-", "/"))
            for kind in ("keyDown", "keyUp"):  # close the picker
                browser.send("Input.dispatchKeyEvent", type=kind, key="Escape", code="Escape", windowsVirtualKeyCode=27)
        # The form's dry run counts the runs the range makes.
        browser.wait_for(f"{_FORM}.innerText.includes('{len(UI_DATES)} runs will be triggered')")
        browser.wait_for(f"(() => {{ const i = {_FORM}.querySelector('input[type=number]');"
                         " if (!i) return false; i.focus(); i.select(); return true; })()")
        browser.send("Input.insertText", text=str(len(UI_DATES)))  # Max Active Runs
        browser.wait_for(_CLICK_IN.format(root=_FORM, selector="button", text="Run Backfill"))
        browser.wait_for("document.body.innerText.includes('Backfill generated')", timeout_s=60)  # a busy machine
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "backfill-form.png").write_bytes(browser.screenshot())
        # On SQLite, Airflow answers a backfill request 503 "Database is locked" while the scheduler
        # writes (its one-writer lock; PostgreSQL has no such answer): that one is no fault of ours.
        errors = [e for e in browser.errors if not ("status of 503" in e and "/api/v2/backfills" in e)]
        assert errors == [], browser.errors

    created = [b for b in standalone.api("GET", "/backfills", params={"dag_id": dag_id}).json()["backfills"]
               if b["id"] not in before]
    assert len(created) == 1, created
    backfill = created[0]
    assert (backfill["from_date"][:10], backfill["to_date"][:10]) == (UI_DATES[0], UI_DATES[-1])
    assert backfill["max_active_runs"] == len(UI_DATES)
    runs = _wait_backfill(standalone, backfill, dag_id)
    assert sorted(r["logical_date"][:10] for r in runs) == UI_DATES
    assert {r["state"] for r in runs} == {"success"}, runs

    def read():
        con = duckdb.connect(str(standalone.newsmon_home / "warehouse.duckdb"), read_only=True)
        try:
            return {day: {r[0] for r in con.execute("SELECT article_id FROM articles WHERE run_date = ?",
                                                     [day]).fetchall()} for day in UI_DATES}
        finally:
            con.close()

    articles = _retry_locked(read)
    for day in UI_DATES:
        assert articles[day] == {t["article_id"] for t in ground_truth(day)}, day


# -- a person's journey, in Playwright ------------------------------------------------------------
# Playwright for Python drives Debian's Chromium (`executable_path`): `playwright install` is never
# run (it would download a browser of its own). Every request that leaves the machine is aborted
# and counted: the UI and the report must work offline.

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Schemes that never reach a network: inline data, the page's blobs, and the browser's own files
# (chrome://resources, the PDF viewer's chrome-extension:// scripts).
IN_BROWSER = {"data", "blob", "chrome", "chrome-extension"}
UI_TIMEOUT_MS = 60_000  # the UI is a React app served by a busy single-machine Airflow: be patient
# Arabic-script letters (the Arabic block and its Persian/Pashto additions); no digits or punctuation.
ARABIC_LETTERS = re.compile(r"^[\u0621-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff]+$")


def _a_dari_title_word(day: str) -> str:
    """A Dari word of four letters or more from a mirror article's title of `day` (what a reader in
    Kabul would type): the Arabic-script counterpart of `_a_title_word`."""
    for truth in ground_truth(day):
        if truth["language"] != "fa":
            continue
        words = [w.strip("«»()،؛:.!؟?\"'") for w in truth["title"].split()]
        words = [w for w in words if len(w) >= 4 and ARABIC_LETTERS.match(w)]
        if words:
            return words[0]
    raise AssertionError(f"no Dari title on {day}")


def _journey_data(server: Standalone) -> list[str]:
    """The dates with articles in the warehouse, once no DAG run is going (a load holds the
    warehouse file: the page would answer 503 "busy"). After the backfill tests the DATES are
    there; run alone (`-k journey`), this backfills them through the REST API as they do."""
    warehouse = server.newsmon_home / "warehouse.duckdb"

    def dates() -> list[str]:
        if not warehouse.is_file():
            return []
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return [r[0] for r in con.execute("SELECT DISTINCT run_date::VARCHAR FROM articles ORDER BY 1").fetchall()]
        finally:
            con.close()

    if not set(DATES) <= set(_retry_locked(dates)):
        for dag_id in ("newsmon_afgazad", "newsmon_report"):
            server.wait_for_dag(dag_id)
            assert server.api("PATCH", f"/dags/{dag_id}", json={"is_paused": False}).status_code == 200
        backfill = server.create_backfill({
            "dag_id": "newsmon_afgazad", "from_date": f"{DATES[0]}T00:00:00Z",
            "to_date": f"{DATES[-1]}T00:00:00Z", "max_active_runs": 3, "reprocess_behavior": "completed"})
        runs = _wait_backfill(server, backfill, "newsmon_afgazad")
        assert {r["state"] for r in runs} == {"success"}, runs
    deadline = time.monotonic() + 600
    while True:  # the report DAG, triggered by each load's asset, refreshes the search index
        busy = [r for dag_id in ("newsmon_afgazad", "newsmon_report")
                for r in server.api("GET", f"/dags/{dag_id}/dagRuns",
                                    params={"state": ["queued", "running"]}).json()["dag_runs"]]
        if not busy:
            break
        assert time.monotonic() < deadline, f"runs still going after 600 s: {busy}\n{server.tail()}"
        time.sleep(2)
    found = _retry_locked(dates)
    assert set(DATES) <= set(found), found
    return found


def test_journey_login_report_dates_dari_search_and_archive_in_playwright(standalone):
    """What a person does, in Playwright on Debian's Chromium: log in through the login form, open
    the report from the UI's Browse menu, step to the previous date and pick another, search in
    Dari, open an article's archived copy. A screenshot of each page goes to test-artifacts/."""
    article_dates = _journey_data(standalone)
    word = _a_dari_title_word(DATES[1])
    ARTIFACTS.mkdir(exist_ok=True)
    blocked: list[str] = []
    errors: list[str] = []

    def local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in IN_BROWSER or parts.hostname in LOOPBACK

    def guard(route: Route) -> None:
        if local(route.request.url):
            route.fallback()
        else:
            blocked.append(f"{route.request.method} {route.request.url}")
            route.abort("blockedbyclient")

    def guard_socket(socket: WebSocketRoute) -> None:
        if local(socket.url):
            socket.connect_to_server()
        else:
            blocked.append(f"WEBSOCKET {socket.url}")
            socket.close()

    def shot(page: Page, name: str) -> None:
        page.screenshot(path=ARTIFACTS / f"journey-{name}.png", full_page=True)

    # `expect(...)` has its own timeout (5 s), apart from the context's: under load the UI's first
    # paint shows its translation keys ("nav.browse") for longer than that before the labels.
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            # service workers blocked: their requests would bypass context.route
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, service_workers="block",
                                          timezone_id="UTC", locale="en-US")
            context.set_default_timeout(UI_TIMEOUT_MS)
            context.route("**/*", guard)
            context.route_web_socket(re.compile(".*"), guard_socket)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))

            # 1. The UI sends a stranger to its login form; the admin signs in with the generated password.
            page.goto(f"{standalone.url}/")
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(standalone.password)
            shot(page, "1-login")
            page.get_by_role("button", name="Sign in").click()
            browse = page.get_by_role("button", name="Browse")
            expect(browse).to_be_visible()
            shot(page, "2-home")

            # 2. Browse → "newsmon report": the plugin's page in an iframe of the UI.
            browse.click()
            page.get_by_role("menuitem", name="newsmon report").click()
            report = page.frame_locator("iframe[src*='/newsmon/']")
            heading = report.locator("header h1")
            expect(heading).to_contain_text("newsmon report · ")
            latest = article_dates[-1]
            expect(heading).to_contain_text(latest)  # the page opens on the newest date with articles
            shot(page, "3-report")

            # 3. "← previous": the nearest earlier date with articles.
            previous = max(d for d in article_dates if d < latest)
            link = report.locator("#prev-day")
            expect(link).to_have_attribute("data-date", previous)
            link.click()
            expect(heading).to_contain_text(previous)
            expect(report.locator("#next-day")).to_have_attribute("data-date", latest)
            shot(page, "4-previous")

            # 4. The date picker: another date, then "show".
            report.locator("#date-picker").select_option(DATES[0])
            report.get_by_role("button", name="show").click()
            expect(heading).to_contain_text(DATES[0])
            shot(page, "5-picked-date")

            # 5. A Dari word typed into the search box: hits from the warehouse that contain it.
            report.locator("#search").press_sequentially(word, delay=50)
            expect(report.locator("#search-status")).to_contain_text("(warehouse)")
            hit = report.locator("#search-results li.hit > a:not(.source)").filter(has_text=word).first
            expect(hit).to_be_visible()
            shot(page, "6-dari-search")

            # 6. The hit opens the article's archived copy: the PDF as afgazad published it. Inside the
            # UI's iframe, sandboxed (allow-scripts allow-same-origin allow-forms allow-downloads),
            # Chromium shows no PDF ("This page has been blocked by Chromium"): there the report
            # marks an archived PDF's link to be saved, which the sandbox allows.
            href = hit.get_attribute("href")
            assert href and re.fullmatch(r"/newsmon/archive/[0-9a-f]{32}", href), href
            with page.expect_download() as saved:
                hit.click()
            assert Path(saved.value.path()).read_bytes().startswith(b"%PDF-"), saved.value.suggested_filename
            assert saved.value.suggested_filename.endswith(".pdf"), saved.value.suggested_filename
            shot(page, "7-archive-saved-from-the-ui")
            copy = context.request.get(f"{standalone.url}{href}")  # the logged-in session's cookie
            assert copy.status == 200 and copy.headers["content-type"] == "application/pdf", copy.headers
            assert copy.body().startswith(b"%PDF-"), copy.body()[:64]
            tab = context.new_page()
            tab.on("pageerror", lambda exc: errors.append(f"{tab.url}: {exc}"))
            viewer = "chrome-extension://"  # Chromium's PDF viewer, a frame of the tab
            with tab.expect_event("framenavigated", predicate=lambda f: f.url.startswith(viewer)) as shown:
                response = tab.goto(f"{standalone.url}{href}")
            assert response is not None and response.status == 200, response
            assert response.headers["content-type"] == "application/pdf", response.headers
            # The viewer's toolbar shows the document's title once it has read the PDF: the article's.
            expect(shown.value.locator("#title")).to_contain_text(word)
            shot(tab, "8-archived-article")
        finally:
            browser.close()

    assert blocked == [], f"{len(blocked)} request(s) left the machine: {blocked}"
    assert errors == [], errors
