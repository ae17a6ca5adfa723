"""`make up`'s Airflow log servers listen on 127.0.0.1, not on every interface.

Under `make up`, `airflow standalone` runs the scheduler (whose LocalExecutor serves task logs on
[logging] worker_log_server_port) and the triggerer (trigger_log_server_port). Airflow 3.3 binds
both to every interface; scripts/up.sh loads scripts/airflow_local/airflow_local_settings.py to
pin them to loopback. Here the real `airflow scheduler` and `airflow triggerer` run with the
environment `scripts/up.sh --print-env` gives (free ports instead of 8793/8794, which another
Airflow on this machine may hold; the session's migrated SQLite home), and the kernel's socket
table (/proc/net/tcp, tcp6) says where they listen. As a control, a triggerer without that
module is seen listening on the wildcard address, so the probe can tell the two apart.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.security import probe

BIN = Path(sys.executable).parent
UP_SH = ROOT / "scripts" / "up.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets in LISTEN state (0A) on `port`, from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)  # little-endian 32-bit words
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def make_up_env(airflow_home: str) -> dict[str, str]:
    """The environment scripts/up.sh gives Airflow (its `--print-env` mode starts nothing)."""
    assert "--print-env" in UP_SH.read_text(), "scripts/up.sh has no --print-env mode"  # old up.sh would start Airflow
    base = {**os.environ, "AIRFLOW_HOME": airflow_home}
    out = subprocess.run(["bash", str(UP_SH), "--print-env"], env=base, capture_output=True, timeout=60, check=True)
    return dict(item.split("=", 1) for item in out.stdout.decode().split("\0") if "=" in item)


def start(command: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "airflow"), command], env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_listening(port: int, proc: subprocess.Popen, log: Path, timeout_s: float = 180) -> set[str]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if addresses := listening_addresses(port):
            time.sleep(1)  # a second socket (e.g. IPv6) would come right after the first
            return listening_addresses(port)
        if proc.poll() is not None:
            raise AssertionError(f"exited {proc.returncode} before listening on {port}:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    raise AssertionError(f"nothing listened on {port} after {timeout_s}s:\n{log.read_text()[-4000:]}")


def stop(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def test_make_up_log_servers_listen_on_loopback_only(airflow_env, tmp_path):
    env = make_up_env(airflow_env["AIRFLOW_HOME"])
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"
    worker_port, trigger_port, control_port = free_port(), free_port(), free_port()
    env.update({
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",  # what `airflow standalone` runs
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(worker_port),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(trigger_port),
    })
    # The control: Airflow's own behaviour, without the module up.sh puts on PYTHONPATH.
    control_env = {**env, "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(control_port),
                   "PYTHONPATH": os.pathsep.join(p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                                                 if "airflow_local" not in p)}
    procs = {}
    try:
        procs["scheduler"] = start("scheduler", env, tmp_path / "scheduler.log")
        procs["triggerer"] = start("triggerer", env, tmp_path / "triggerer.log")
        procs["control"] = start("triggerer", control_env, tmp_path / "control.log")
        worker = wait_listening(worker_port, procs["scheduler"], tmp_path / "scheduler.log")
        trigger = wait_listening(trigger_port, procs["triggerer"], tmp_path / "triggerer.log")
        control = wait_listening(control_port, procs["control"], tmp_path / "control.log")
    finally:
        for proc in procs.values():
            stop(proc)
    assert worker == {"127.0.0.1"}, worker
    assert trigger == {"127.0.0.1"}, trigger
    assert control & {"0.0.0.0", "::"}, control  # the probe does see a wildcard listener
    probe("Airflow log servers under `make up` (scheduler's worker log server, triggerer's) reachable "
          "from other hosts", trials=2, area="deployment",
          outcome=f"real scheduler and triggerer with scripts/up.sh's environment listen on "
                  f"{', '.join(sorted(worker | trigger))} only (/proc/net/tcp); Airflow's default, "
                  f"measured on a control triggerer: {', '.join(sorted(control))}")
