"""Fetch scope: the trigger form's `base_url`, redirects and names may not reach the machine's
own network (SSRF), nor file their documents under another host's URLs.

Every server is real and on 127.0.0.1: the mirror, and canaries that must never be asked for
anything. newsmon connects to no loopback or private address unless NEWSMON_ALLOW_HOSTS allows
it (tests/conftest.py allows 127.0.0.1 for the other tests; these set it themselves).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsmon.crawl.addresses import AddressRefused, AllowList, checked_address
from newsmon.crawl.fetcher import Fetcher
from newsmon.sources import load_profile
from newsmon.testing.faults import Fault, FaultServer
from newsmon.testing.server import MirrorServer
from tests.conftest import ROOT, ground_truth
from tests.security import probe

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
DAY = "2020-01-02"
ALLOW = "NEWSMON_ALLOW_HOSTS"


def _run(home: Path, *args: str, allow: str | None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSMON_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    env.pop("NEWSMON_WAREHOUSE", None)
    env.pop(ALLOW, None)
    if allow is not None:
        env[ALLOW] = allow
    return subprocess.run([NEWSMON, *args], env=env, capture_output=True, text=True, timeout=timeout)


def _one_line(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and len(lines) == 1, (proc.returncode, proc.stderr[-2000:])
    return lines[0]


def test_base_url_to_a_loopback_canary_is_refused_unless_allowed(mirror_dir, tmp_path):
    """SSRF through `--base-url` (the trigger param's path): refused with the allow list off,
    before any request or any file of the date; a mirror the operator allows then loads."""
    home = tmp_path / "home"
    with FaultServer(mirror_dir) as canary:
        targets = [canary.base_url, f"http://localhost:{canary.port}", f"http://[::1]:{canary.port}",
                   "http://169.254.169.254", "http://10.0.0.1:8080", "http://0.0.0.0:1"]
        refusals = []
        for target in targets:
            proc = _run(home, "run", "--source", "afgazad", "--date", DAY, "--base-url", target, allow=None)
            refusals.append(_one_line(proc))
        assert all("refused" in line and "address not allowed" in line and ALLOW in line for line in refusals), refusals
        assert canary.requests == []
        assert not (home / "staging").exists() and not (home / "warehouse.duckdb").exists()
        # another port of an allowed address is still refused
        other = _run(home, "run", "--source", "afgazad", "--date", DAY, "--base-url", canary.base_url,
                     allow=f"127.0.0.1:{canary.port + 1}")
        assert "address not allowed" in _one_line(other) and canary.requests == []
        allowed = _run(home, "run", "--source", "afgazad", "--date", DAY, "--base-url", canary.base_url,
                       allow=f"127.0.0.1:{canary.port}")
        asked = len(canary.requests)
    assert allowed.returncode == 0, allowed.stderr[-3000:]
    assert asked > 0
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        urls = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
    assert urls == {t["url"] for t in ground_truth(DAY)}  # an allowed mirror: filed under the source's URLs
    probe("`--base-url` / trigger param `base_url` aimed at a loopback canary (127.0.0.1, localhost, [::1]), "
          "cloud metadata 169.254.169.254, 10.0.0.1, 0.0.0.0, and at another port of an allowed address",
          trials=len(targets) + 2, area="fetch scope",
          outcome=f"allow list off: {len(targets)} runs exited 1 with one line ('... refused: address not allowed: "
                  f"... resolves to ... (loopback)...'), 0 requests reached the canary, no staging file and no "
                  f"warehouse written; another port: refused; allow list on (`{ALLOW}=127.0.0.1:PORT`): the run "
                  f"loaded the {len(urls)} articles under the source's own URLs")


def test_a_redirect_to_an_address_not_allowed_is_refused_on_that_hop(mirror_dir, tmp_path, monkeypatch):
    """Each redirect hop's address is checked where it connects, after DNS: a profile host that
    resolves to loopback (`localhost`) on a port nobody allowed is not followed."""
    profile = load_profile("afgazad")
    profile = dataclasses.replace(profile, allowed_hosts=(*profile.allowed_hosts, "localhost"))
    path = "/pdf/2020/01/02/redirected.pdf"
    (tmp_path / "canary-root").mkdir()
    with FaultServer(mirror_dir) as server, MirrorServer(tmp_path / "canary-root") as canary:
        server.set_fault(path, Fault.redirect(f"http://localhost:{canary.port}/x.pdf"))
        monkeypatch.setenv(ALLOW, f"127.0.0.1:{server.port}")
        refused = Fetcher(profile, base_url=server.base_url).get(server.base_url + path)
        reached_when_refused = list(canary.requests)
        monkeypatch.setenv(ALLOW, f"127.0.0.1:{server.port},127.0.0.1:{canary.port}")
        server.set_fault(path, Fault.redirect(f"http://localhost:{canary.port}/x.pdf"))
        followed = Fetcher(profile, base_url=server.base_url).get(server.base_url + path)
        reached_when_allowed = list(canary.requests)
    assert refused.refused and "address not allowed" in (refused.error or ""), refused
    assert reached_when_refused == []
    assert not followed.refused and reached_when_allowed, followed  # the control: allowed, it is followed
    probe("a listed host redirecting (302) to `localhost` on a canary port nobody allowed",
          trials=2, area="fetch scope",
          outcome="refused on that hop after DNS resolution ('address not allowed: localhost resolves to "
                  "127.0.0.1 (loopback)'), 0 requests reached the canary; with the port allowed the same "
                  "redirect is followed (control)")


def test_names_are_judged_by_the_addresses_they_resolve_to():
    """A name is no way around the rule: `localhost` is judged as 127.0.0.1 (its real resolution)."""
    with pytest.raises(AddressRefused, match="loopback"):
        checked_address("localhost", 80, AllowList())
    assert checked_address("localhost", 80, AllowList.parse("127.0.0.1")) in ("127.0.0.1", "::1")
    for literal in ("::ffff:127.0.0.1", "169.254.169.254", "100.64.0.1", "192.168.0.1", "224.0.0.1"):
        with pytest.raises(AddressRefused):
            checked_address(literal, 80, AllowList())
    with pytest.raises(ValueError, match=f"{ALLOW}: entry 'host:port'"):
        AllowList.parse("127.0.0.1,host:port")
    probe("names and address literals for loopback, IPv4-mapped IPv6, link-local, shared (100.64/10), "
          "private and multicast ranges; a malformed allow-list entry",
          trials=7, area="fetch scope",
          outcome="each refused with the range named; `localhost` judged by what it resolves to; "
                  f"a bad {ALLOW} entry is a one-line error naming it")


def test_an_override_that_is_no_declared_mirror_files_documents_under_their_own_url(mirror, tmp_path):
    """A base URL whose address is allowed but which the operator did not declare by name files
    what it serves under the URL it came from: it cannot replace the source's articles."""
    home = tmp_path / "home"
    undeclared = f"http://localhost:{mirror.port}"  # resolves to 127.0.0.1:PORT, which is allowed
    proc = _run(home, "run", "--source", "afgazad", "--date", DAY, "--base-url", undeclared,
                allow=f"127.0.0.1:{mirror.port}")
    # Filed under their own URLs, the documents fail the source's URL expectation: quarantined,
    # and the day (all of it quarantined) is rejected in one line.
    assert "expect_column_values_to_match_regex(url)" in _one_line(proc)
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    parsed = home / "staging" / "afgazad" / DAY / "articles.parquet"
    quarantined = {r[0] for r in duckdb.sql(f"SELECT url FROM '{parsed}'").fetchall()}
    assert articles == 0
    assert len(quarantined) == len(ground_truth(DAY)) and all(u.startswith(undeclared + "/") for u in quarantined)
    probe("a base URL override (allowed address, not declared a mirror) serving documents for the source's "
          "article paths", trials=1, area="fetch scope",
          outcome=f"its {len(quarantined)} documents kept the URLs they came from (http://localhost:PORT/...), "
                  f"failed the source's URL expectation and were quarantined, the day rejected in one line; "
                  f"0 articles under https://www.afgazad.com/...: no article of the source replaced")


def test_a_day_the_mirror_did_not_publish_stays_an_empty_day_not_a_refused_base_url(mirror, tmp_path):
    """The control of the mistyped-base-URL rule: a date with no listing page (404) at a base URL
    whose front page answers is a day the site did not publish, not a mistake."""
    home = tmp_path / "home"
    proc = _run(home, "run", "--source", "afgazad", "--date", "2020-01-14", "--base-url", mirror.base_url,
                allow="127.0.0.1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "refused" not in proc.stderr and "nothing answers" not in proc.stderr
    wrong = _run(home, "run", "--source", "afgazad", "--date", "2020-01-14", "--base-url",
                 mirror.base_url + "/no-such-prefix", allow="127.0.0.1")
    assert "nothing answers there" in _one_line(wrong)


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "http://user:secret@127.0.0.1:1/",
                                 "http://127.0.0.1:99999/", "http://[::1", "not a url", "http://h/?token=x"])
def test_malformed_base_urls_fail_the_run_in_one_line_and_store_nothing(bad, tmp_path):
    home = tmp_path / "home"
    line = _one_line(_run(home, "run", "--source", "afgazad", "--date", DAY, "--base-url", bad, allow="127.0.0.1"))
    assert "base_url" in line and "refused" in line and "secret" not in line, line
    assert not (home / "staging").exists()
    probe(f"`--base-url {bad}`", trials=1, area="fetch scope", outcome=f"exit 1, one line: {line[:140]}")


def test_the_trigger_form_schema_refuses_a_base_url_that_is_not_http(daily_dag_params):
    from airflow.sdk.definitions.param import ParamValidationError

    refused = []
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "http://user:pw@host/", "http://h/?a=1", "ftp://h/"):
        params = copy.deepcopy(daily_dag_params)
        with pytest.raises(ParamValidationError, match="base_url"):
            params["base_url"] = bad  # (a ParamsDict checks a value as it is set)
        refused.append(bad)
    params = copy.deepcopy(daily_dag_params)
    params["base_url"] = "http://127.0.0.1:8765"
    assert params.validate()["base_url"] == "http://127.0.0.1:8765"  # the control: a plain http URL passes
    probe("trigger form `base_url` values: file://, javascript:, userinfo, query string, ftp://",
          trials=len(refused), area="trigger form",
          outcome="each refused by the Param's JSON schema (http(s) plain host only) before a run is created")


@pytest.fixture(scope="module")
def daily_dag_params():
    sys.path.insert(0, str(ROOT / "dags"))
    try:
        from newsmon_daily import build_daily_dag
    finally:
        sys.path.remove(str(ROOT / "dags"))
    return build_daily_dag("afgazad").params


@pytest.mark.slow
def test_a_refused_base_url_fails_the_dag_run_and_a_later_reparse_still_works(mirror, airflow_env, tmp_path):
    """Through real Airflow: a run triggered with a refused base URL ends failed (never a green
    run with 0 articles) and leaves the date's staging as it was, so a re-parse still works."""
    home = tmp_path / "home"
    env = {**airflow_env, "NEWSMON_HOME": str(home), "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url}
    good = _dags_test(env, DAY, {})
    assert _state(good.stdout + good.stderr) == "success", (good.stdout + good.stderr)[-3000:]
    run_json = (home / "staging" / "afgazad" / DAY / "run.json").read_bytes()
    bad = _dags_test(env, DAY, {"base_url": "http://169.254.169.254/latest/meta-data/"})
    output = bad.stdout + bad.stderr
    assert "address not allowed" in output and _state(output) == "failed", output[-3000:]
    assert (home / "staging" / "afgazad" / DAY / "run.json").read_bytes() == run_json
    # (A mistyped mirror path raises the same BaseUrlRefused: its one line is checked through the CLI above.)
    reparse = _dags_test(env, DAY, {"from_archive": True})
    assert _state(reparse.stdout + reparse.stderr) == "success", (reparse.stdout + reparse.stderr)[-3000:]
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
        urls = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
    assert urls == {t["url"] for t in ground_truth(DAY)}
    assert runs and {r[0] for r in runs} == {"success"}, runs  # no run of the date recorded as failed or empty
    probe("DAG run triggered with base_url=http://169.254.169.254/... after a good run of the date; "
          "then a re-parse from the archive",
          trials=2, area="trigger form",
          outcome="the run ended failed at discover with one line (no retry), no 'success with 0 articles'; "
                  "the date's run.json untouched; the re-parse succeeded with the ground truth")


def _dags_test(env: dict[str, str], day: str, conf: dict) -> subprocess.CompletedProcess:
    args = [str(Path(sys.executable).with_name("airflow")), "dags", "test", "newsmon_afgazad", day]
    if conf:
        args += ["-c", json.dumps(conf)]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)


def _state(output: str) -> str | None:
    """The final state `airflow dags test` reports for the run."""
    for state in ("failed", "success"):
        if f"state={state}" in output or f"DagRunState.{state.upper()}" in output or f"run_state={state}" in output:
            return state
    return None
