"""docker-compose.yaml is secure by default: no shipped secret, loopback ports, Flower behind auth.

No Docker engine runs here, so the compose file is resolved as `docker compose config` would
(tests/compose_config.py: merge keys, then `${VAR...}` interpolation) and its parts are run for
real where they can be:

- the API server's environment, from the x-airflow-common block with fresh secrets (made with the
  README's commands) substituted, drives a real `airflow api-server` on 127.0.0.1;
- airflow-init's and flower's bash commands run under bash, with the programs that exist only in
  the image (`airflow`, `/entrypoint`, and mkdir/chown of /opt paths) replaced by recording stubs.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

import jwt
import jwt.warnings
import pytest
import requests
from cryptography.fernet import Fernet

from newsmon.settings import DUCKDB_POOL
from tests.compose_config import MissingVariable, host_path, published_ports, resolve
from tests.conftest import ROOT
from tests.security import probe

BIN = Path(sys.executable).parent
OLD_DEFAULT_JWT_SECRET = "newsmon-change-me"
REQUIRED = ("AIRFLOW_JWT_SECRET", "AIRFLOW_FERNET_KEY", "POSTGRES_PASSWORD")
HOW_TO = {"AIRFLOW_JWT_SECRET": "secrets.token_urlsafe(64)", "AIRFLOW_FERNET_KEY": "Fernet.generate_key()",
          "POSTGRES_PASSWORD": "secrets.token_urlsafe(24)", "FLOWER_BASIC_AUTH": "secrets.token_urlsafe(18)"}


def new_secrets() -> dict[str, str]:
    """Fresh values, made with the commands the README gives."""
    return {"AIRFLOW_JWT_SECRET": secrets.token_urlsafe(64), "AIRFLOW_FERNET_KEY": Fernet.generate_key().decode(),
            "POSTGRES_PASSWORD": secrets.token_urlsafe(24), "FLOWER_BASIC_AUTH": f"admin:{secrets.token_urlsafe(18)}"}


def compose_check_new_env() -> dict[str, str]:
    """What `python scripts/compose_check.py new-env >> .env` writes."""
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "compose_check.py"), "new-env"],
                         capture_output=True, text=True, check=True, timeout=30)
    return dict(line.split("=", 1) for line in out.stdout.splitlines())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- a token like the ones Airflow 3.3 issues (airflow/api_fastapi/auth/tokens.py JWTGenerator.generate,
# SimpleAuthManager.serialize_user): HS512 over [api_auth] jwt_secret, kid "not-used", audience
# "apache-airflow" (the default of [api_auth] jwt_audience; compose sets no issuer).
def airflow_token(secret: str, *, sub: str = "admin", role: str = "ADMIN") -> str:
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"sub": sub, "role": role, "teams": None, "jti": uuid.uuid4().hex, "aud": "apache-airflow",
              "nbf": now, "iat": now, "exp": now + 3600}
    return jwt.encode(claims, secret, algorithm="HS512", headers={"kid": "not-used"})


def api_server_env(compose: dict, airflow_env: dict[str, str], tmp_path: Path, port: int) -> dict[str, str]:
    """The airflow-apiserver service's environment from the resolved compose file, plus only what cannot
    run here: SQLite (the session's migrated database) instead of PostgreSQL, LocalExecutor instead of
    Celery (no broker), 127.0.0.1 and a free port, host paths for the container's bind mounts, and a
    temporary AIRFLOW_HOME and NEWSMON_HOME."""
    service = compose["services"]["airflow-apiserver"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(service["environment"])
    for key in ("AIRFLOW__CORE__DAGS_FOLDER", "AIRFLOW__CORE__PLUGINS_FOLDER"):
        env[key] = str(host_path(env[key], service))
    home = tmp_path / "airflow_home"
    home.mkdir()
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{Path(airflow_env['AIRFLOW_HOME']) / 'airflow.db'}",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "NEWSMON_HOME": str(tmp_path / "newsmon_home"),
    })
    return env


def test_forged_admin_jwt_signed_with_the_old_default_secret_is_rejected(airflow_env, tmp_path):
    supplied = new_secrets()
    # An operator who never set AIRFLOW_JWT_SECRET: compose must refuse the file. If it resolves (the
    # old file fell back to newsmon-change-me), that is the configuration the server is attacked in.
    try:
        forgetful = resolve({k: v for k, v in supplied.items() if k != "AIRFLOW_JWT_SECRET"})
    except MissingVariable:
        forgetful = None
    compose = forgetful or resolve(supplied)
    configured = compose["services"]["airflow-apiserver"]["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"]
    port = free_port()
    env = api_server_env(compose, airflow_env, tmp_path, port)
    log = tmp_path / "api-server.log"
    proc = subprocess.Popen([str(BIN / "airflow"), "api-server"], env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(f"{url}/api/v2/version", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert proc.poll() is None, f"api-server exited {proc.returncode}:\n{log.read_text()[-4000:]}"
            assert time.monotonic() < deadline, f"api-server not up after 180 s:\n{log.read_text()[-4000:]}"
            time.sleep(1)

        def get_dags(token: str) -> tuple[int, str]:
            resp = requests.get(f"{url}/api/v2/dags", headers={"Authorization": f"Bearer {token}"}, timeout=30)
            return resp.status_code, resp.text

        with warnings.catch_warnings():  # PyJWT rightly finds the old 17-byte secret short for HS512
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            forged, forged_body = get_dags(airflow_token(OLD_DEFAULT_JWT_SECRET))
        genuine, genuine_body = get_dags(airflow_token(configured))  # the positive control: same claims, right key
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # Airflow 3.3 answers a token whose signature does not verify with 403 "Invalid JWT token"
    # (api_fastapi/core_api/security.py resolve_user_from_token); 401 is for no token or an expired one.
    assert (forged, "Invalid JWT token" in forged_body) == (403, True), (forged, forged_body)
    assert forgetful is None and configured == supplied["AIRFLOW_JWT_SECRET"]
    assert genuine == 200, f"configured-secret token answered {genuine} {genuine_body}:\n{log.read_text()[-4000:]}"
    probe("forged ADMIN JWT signed with the old default secret newsmon-change-me", trials=1, area="ui and api",
          outcome=f"{forged} Invalid JWT token from a real api-server run with docker-compose.yaml's environment (SQLite, "
                  f"LocalExecutor); a token signed with the configured secret, same claims: {genuine}")


def test_compose_stops_without_each_secret_and_says_how_to_make_it():
    supplied = new_secrets()
    resolve(supplied)  # complete: resolves
    for name in REQUIRED:
        for value in (None, ""):  # unset, or set to nothing (`:?` refuses both)
            env = {k: v for k, v in supplied.items() if k != name} | ({} if value is None else {name: value})
            with pytest.raises(MissingVariable) as err:
                resolve(env)
            assert f"required variable {name} is missing a value" in str(err.value)
            assert HOW_TO[name] in str(err.value), str(err.value)
    probe("docker compose up with AIRFLOW_JWT_SECRET, AIRFLOW_FERNET_KEY or POSTGRES_PASSWORD unset or empty",
          trials=2 * len(REQUIRED), area="deployment",
          outcome="compose refuses the file (${VAR:?}): 'required variable NAME is missing a value' and the "
                  "command that makes it; no secret has a default")


def run_command(argv: list[str], service: dict, env: dict[str, str], tmp_path: Path,
                image_paths: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run a service's `bash -c SCRIPT` for real: container paths of its bind mounts mapped to the
    host, `airflow`, `mkdir`, `chown` and any `image_paths` replaced by stubs that record their calls."""
    assert argv[-2] == "-c" and "bash" in argv[-3], argv
    image_paths = image_paths or {}
    script = argv[-1]
    script = script.replace("/opt/newsmon/scripts", str(host_path("/opt/newsmon/scripts", service)))
    stubs, calls = tmp_path / "stubs", tmp_path / "calls"
    stubs.mkdir(exist_ok=True)
    calls.write_text("")
    for name in ("airflow", "mkdir", "chown", *image_paths.values()):
        stub = stubs / name
        stub.write_text(f'#!/bin/bash\necho "{name} $*" >> {shlex.quote(str(calls))}\n')
        stub.chmod(0o755)
    for image_path, name in image_paths.items():
        script = script.replace(image_path, str(stubs / name))
    (stubs / "python").unlink(missing_ok=True)
    (stubs / "python").symlink_to(sys.executable)
    proc = subprocess.run(["bash", "-c", script], env={**env, "PATH": f"{stubs}:/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)
    return proc, calls.read_text().splitlines()


def test_airflow_init_refuses_missing_or_old_default_secrets_with_one_line(tmp_path):
    supplied = new_secrets()
    init = resolve(supplied)["services"]["airflow-init"]
    argv = [init["entrypoint"], *init["command"]]
    good_env = init["environment"]

    # Reached without secrets (compose's ${VAR:?} normally stops first): what the container would see.
    empty = {**good_env, "AIRFLOW__API_AUTH__JWT_SECRET": "", "AIRFLOW__CORE__FERNET_KEY": "",
             "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql+psycopg2://airflow:@postgres/airflow"}
    proc, calls = run_command(argv, init, empty, tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and calls == [], (proc.returncode, calls)
    assert len(lines) == 1 and lines[0].startswith("airflow-init: refusing to start:"), proc.stderr
    for name in REQUIRED:
        assert f"{name} is not set" in lines[0] and HOW_TO[name] in lines[0], lines[0]

    # The old defaults in .env pass compose's check (they are not empty); airflow-init refuses them.
    old = resolve({**supplied, "AIRFLOW_JWT_SECRET": OLD_DEFAULT_JWT_SECRET, "POSTGRES_PASSWORD": "airflow",
                   "AIRFLOW_FERNET_KEY": "not-a-key"})["services"]["airflow-init"]["environment"]
    proc, calls = run_command(argv, init, old, tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and calls == [] and len(lines) == 1, (proc.returncode, calls, proc.stderr)
    assert "AIRFLOW_JWT_SECRET is the old public default 'newsmon-change-me'" in lines[0], lines[0]
    assert "POSTGRES_PASSWORD is the old public default 'airflow'" in lines[0], lines[0]
    assert "AIRFLOW_FERNET_KEY is not a Fernet key" in lines[0], lines[0]

    # The positive control: with generated secrets (the README's commands, or compose_check.py new-env)
    # the same command goes on to migrate and make the pool.
    proc, calls = run_command(argv, init, good_env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "airflow db migrate" in calls and any(c.startswith(f"airflow pools set {DUCKDB_POOL} 1") for c in calls), calls
    generated = resolve(compose_check_new_env())["services"]["airflow-init"]["environment"]
    proc, calls = run_command(argv, init, generated, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "airflow db migrate" in calls and any(c.startswith(f"airflow pools set {DUCKDB_POOL} 1") for c in calls), calls
    probe("airflow-init started without its secrets, then with the old defaults (newsmon-change-me, airflow, "
          "a malformed Fernet key)", trials=2, area="deployment",
          outcome="its command exits 2 before anything runs, with one line naming each problem and the "
                  "command that makes each value; generated secrets: db migrate and pool creation run")


def test_ports_are_published_on_loopback_unless_the_operator_opts_in():
    supplied = new_secrets()
    published = {name: published_ports(service) for name, service in resolve(supplied)["services"].items()
                 if service.get("ports")}
    assert set(published) == {"airflow-apiserver", "flower"}, published
    assert published["airflow-apiserver"] == [("127.0.0.1", "8080", "8080")]
    assert published["flower"] == [("127.0.0.1", "5555", "5555")]
    opted_in = resolve({**supplied, "NEWSMON_BIND_ADDRESS": "0.0.0.0"})["services"]
    assert published_ports(opted_in["airflow-apiserver"]) == [("0.0.0.0", "8080", "8080")]
    assert published_ports(opted_in["flower"]) == [("0.0.0.0", "5555", "5555")]
    probe("Airflow UI/API (8080) and Flower (5555) reachable from other hosts by default", trials=2,
          area="deployment",
          outcome="resolved compose publishes both on 127.0.0.1 only; another address only when "
                  "NEWSMON_BIND_ADDRESS is set (0.0.0.0 tried: published there)")


def test_flower_requires_basic_auth(tmp_path):
    supplied = new_secrets()
    flower = resolve(supplied)["services"]["flower"]
    assert flower["environment"].get("AIRFLOW__CELERY__FLOWER_BASIC_AUTH") == supplied["FLOWER_BASIC_AUTH"], \
        "Flower gets no basic auth from FLOWER_BASIC_AUTH"
    argv = [*flower["entrypoint"], *flower["command"]]
    entrypoint = {"/entrypoint": "image-entrypoint"}  # the official image's entrypoint, stubbed

    no_auth = resolve({k: v for k, v in supplied.items() if k != "FLOWER_BASIC_AUTH"})["services"]["flower"]
    assert no_auth["environment"]["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"] == ""
    proc, calls = run_command(argv, flower, no_auth["environment"], tmp_path, entrypoint)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and calls == [], (proc.returncode, calls)
    assert len(lines) == 1 and "flower: refusing to start: FLOWER_BASIC_AUTH is not set" in lines[0], proc.stderr
    assert HOW_TO["FLOWER_BASIC_AUTH"] in lines[0]

    weak = {**flower["environment"], "AIRFLOW__CELERY__FLOWER_BASIC_AUTH": "admin:"}
    proc, calls = run_command(argv, flower, weak, tmp_path, entrypoint)
    assert proc.returncode != 0 and calls == [], (proc.returncode, calls)

    # The positive control: with credentials, Flower starts (`airflow celery flower` reads them from
    # [celery] flower_basic_auth, i.e. AIRFLOW__CELERY__FLOWER_BASIC_AUTH).
    proc, calls = run_command(argv, flower, flower["environment"], tmp_path, entrypoint)
    assert proc.returncode == 0 and calls == ["image-entrypoint celery flower"], (proc.stderr, calls)
    probe("Flower started without credentials, then with an empty password", trials=2, area="deployment",
          outcome="flower's command exits 2 before Flower starts, with one line saying how to make "
                  "FLOWER_BASIC_AUTH; with it set, Flower starts with [celery] flower_basic_auth")
