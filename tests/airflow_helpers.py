"""Real Airflow for the tests and benchmarks: its settings, its database and pools, and
`airflow standalone` driven through the REST API.

A helper module, not a test module: the integration tests, the benchmarks (bench_backfill.py)
and conftest.py share it, so that no test file imports another.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from newsmon.settings import airflow_pools

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def init_airflow(env: dict[str, str], timeout_s: float = 600) -> None:
    """What `make airflow-init` does, in the AIRFLOW_HOME of `env`: migrate the metadata database,
    then import newsmon's pools (`newsmon.settings.airflow_pools`, the name the DAGs use)."""
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    pools = home / "newsmon_pools.json"
    pools.write_text(json.dumps(airflow_pools()), encoding="utf-8")
    for args in (["db", "migrate"], ["pools", "import", str(pools)]):
        proc = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True,
                              timeout=timeout_s)
        if proc.returncode != 0:
            raise AssertionError(f"airflow {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")


def airflow_settings(path: Path = ROOT / "scripts" / "airflow.env") -> dict[str, str]:
    """The project's Airflow settings (what `make up` exports): KEY=VALUE lines of scripts/airflow.env."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Standalone:
    """`airflow standalone` in its own process group, driven through its REST API."""

    def __init__(self, home: Path, env: dict[str, str], port: int):
        self.home, self.env, self.port = home, env, port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = home / "standalone.log"
        self.proc: subprocess.Popen | None = None
        self.session = requests.Session()

    def start(self, timeout_s: float = 180) -> "Standalone":
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen([str(BIN / "airflow"), "standalone"], env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        passwords = self.home / "simple_auth_manager_passwords.json.generated"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"airflow standalone exited {self.proc.returncode}:\n{self.tail()}")
            if passwords.is_file() and passwords.stat().st_size and self._up():
                self.password = json.loads(passwords.read_text())["admin"]
                self.token = self._token()
                self.session.headers["Authorization"] = f"Bearer {self.token}"
                return self
            time.sleep(1)
        raise AssertionError(f"airflow standalone not up after {timeout_s}s:\n{self.tail()}")

    def _up(self) -> bool:
        try:
            return requests.get(f"{self.url}/api/v2/version", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def _token(self) -> str:
        resp = requests.post(f"{self.url}/auth/token", json={"username": "admin", "password": self.password},
                             timeout=10)
        assert resp.status_code == 201, resp.text
        return resp.json()["access_token"]

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, f"{self.url}/api/v2{path}", timeout=30, **kwargs)

    def wait_for_dag(self, dag_id: str, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.api("GET", f"/dags/{dag_id}").status_code == 200:
                return
            time.sleep(1)
        raise AssertionError(f"{dag_id} not parsed after {timeout_s}s:\n{self.tail()}")

    def create_backfill(self, body: dict) -> dict:
        """POST /backfills; on SQLite a concurrent writer (the scheduler, the dag-processor) can make
        it answer 503 "Database is locked": retry a few times with a growing pause."""
        for attempt in range(1, 6):
            resp = self.api("POST", "/backfills", json=body)
            if resp.status_code == 200:
                return resp.json()
            if attempt == 5 or "locked" not in resp.text.lower():
                raise AssertionError(f"backfill create answered {resp.status_code}: {resp.text}")
            time.sleep(attempt)
        raise AssertionError("unreachable")

    def tail(self, n: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                pass
        try:  # whatever is left of the group (scheduler children, gunicorn workers...)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
