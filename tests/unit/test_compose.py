"""docker-compose.yaml is valid Compose and holds what the README promises.

No Docker engine runs here, so the file is checked against the Compose Specification's JSON
schema: `tests/data/compose_spec.json`, vendored as data from Debian's `docker-compose`
package (1.29.2-3, /usr/lib/python3/dist-packages/compose/config/compose_spec.json,
Apache-2.0), as written and as resolved (tests/compose_config.py: `${VAR...}` interpolated with
fresh secrets, as `docker compose config` would). Then the services, volumes, mounts and
environment the README names are checked one by one, and the Dockerfile it builds from is looked
at. The security behaviour of the file (no default secret, loopback ports, Flower auth, the
airflow-init check) is probed in tests/security/test_compose_secrets.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from newsmon.settings import DUCKDB_POOL, DUCKDB_POOL_DESCRIPTION, DUCKDB_POOL_SLOTS
from tests.compose_config import published_ports, resolve

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "compose_spec.json"
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-worker",
                    "airflow-triggerer", "airflow-init"]
SERVICES = ["postgres", "redis", *AIRFLOW_SERVICES]
SECRETS = {"AIRFLOW_JWT_SECRET": "j" * 86, "AIRFLOW_FERNET_KEY": "a" * 43 + "=", "POSTGRES_PASSWORD": "p" * 32,
           "FLOWER_BASIC_AUTH": "admin:" + "f" * 24}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yaml").read_text(encoding="utf-8"))


def _validator() -> jsonschema.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(schema)


@pytest.mark.parametrize("form", ["as written", "resolved"])
def test_compose_file_matches_the_compose_specification(compose, form):
    config = compose if form == "as written" else resolve(SECRETS)
    errors = sorted(_validator().iter_errors(config), key=lambda e: list(e.absolute_path))
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors] == []


def test_the_schema_does_reject_a_broken_file(compose):
    """Guard against a schema that accepts anything (a vendoring mistake would do that)."""
    broken = yaml.safe_load(yaml.safe_dump(compose))
    broken["services"]["airflow-scheduler"]["comand"] = "scheduler"  # typo of a key
    broken["services"]["redis"]["healthcheck"]["retries"] = "many"
    assert len(list(_validator().iter_errors(broken))) >= 2


def test_official_airflow3_layout_with_celery(compose):
    services = compose["services"]
    assert set(SERVICES) <= set(services)
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert services[name]["build"] == ".", name
    commands = {name: services[name].get("command") for name in AIRFLOW_SERVICES[:-1]}
    assert commands == {"airflow-apiserver": "api-server", "airflow-scheduler": "scheduler",
                        "airflow-dag-processor": "dag-processor", "airflow-worker": "celery worker",
                        "airflow-triggerer": "triggerer"}
    assert published_ports(resolve(SECRETS)["services"]["airflow-apiserver"]) == [("127.0.0.1", "8080", "8080")]


def test_no_secret_ships_in_the_file():
    """Every use of a secret is `${NAME:?how to make it}`: no default, no literal, empty refused."""
    text = (ROOT / "docker-compose.yaml").read_text(encoding="utf-8")
    assert "newsmon-change-me" not in text and "airflow:airflow@" not in text
    assert not re.search(r"POSTGRES_PASSWORD: *['\"]?airflow\b", text)
    for name in ("AIRFLOW_JWT_SECRET", "AIRFLOW_FERNET_KEY", "POSTGRES_PASSWORD"):
        uses = re.findall(rf"\$\{{{name}([^}}]*)\}}", text)
        assert uses and all(use.startswith(":?") and "python -c" in use for use in uses), (name, uses)
    # Flower's credentials cannot be `${VAR:?}` (compose interpolates profiled services too): no default.
    assert re.findall(r"\$\{FLOWER_BASIC_AUTH([^}]*)\}", text) == [":-"]


def test_every_dependency_exists_and_init_runs_first(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep in service.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
    for name in AIRFLOW_SERVICES[:-1]:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"


def test_init_checks_secrets_then_migrates_and_creates_the_duckdb_pool(compose):
    script = "\n".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in script
    # Compose keeps the pool as a literal (the init container runs before anything could print
    # it); it must be the pool newsmon.settings defines, which the DAGs ask for.
    assert re.search(rf'airflow pools set {DUCKDB_POOL} {DUCKDB_POOL_SLOTS} "{DUCKDB_POOL_DESCRIPTION}"$', script, re.M)
    first = script.split("-c\n", 1)[1].splitlines()[0]
    assert first == "python /opt/newsmon/scripts/compose_check.py init &&", first  # before anything else
    flower = compose["services"]["flower"]["command"]
    assert flower[0].startswith("python /opt/newsmon/scripts/compose_check.py flower && "), flower


def test_project_code_and_data_volume_are_mounted(compose):
    declared = set(compose["volumes"])
    assert {"newsmon-data", "postgres-db"} <= declared
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        mounts = {m.split(":")[1]: m.split(":")[0] for m in service["volumes"]}
        assert mounts["/opt/newsmon/include"] == "./include", name
        assert mounts["/opt/airflow/dags"] == "./dags", name
        assert mounts["/opt/airflow/plugins"] == "./plugins", name
        assert mounts["/opt/newsmon/data"] == "newsmon-data", name
        assert mounts["/opt/newsmon/scripts"] == "./scripts", name  # compose_check.py
        assert service["environment"]["NEWSMON_HOME"] == "/opt/newsmon/data", name
        for source in mounts.values():
            assert source.startswith("./") or source in declared, f"{name}: undeclared volume {source}"
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name}: {source} missing"


def test_environment_the_readme_names(compose):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env = compose["services"]["airflow-worker"]["environment"]
    for key in ("NEWSMON_HOME", "NEWSMON_ALERT_WEBHOOK", "NEWSMON_AFGAZAD_BASE_URL", "AIRFLOW__API_AUTH__JWT_SECRET",
                "AIRFLOW__CORE__FERNET_KEY"):
        assert key in env, key
    text = (ROOT / "docker-compose.yaml").read_text(encoding="utf-8")
    for variable in ("AIRFLOW_JWT_SECRET", "AIRFLOW_FERNET_KEY", "POSTGRES_PASSWORD", "FLOWER_BASIC_AUTH",
                     "NEWSMON_BIND_ADDRESS"):
        assert "${" + variable in text and f"`{variable}`" in readme, variable
    for name in re.findall(r"`(airflow-[a-z-]+|postgres|redis|newsmon-data)`", readme):
        assert name in compose["services"] or name in compose["volumes"], f"README names {name}"


def test_dockerfile_installs_the_project_on_the_airflow_image():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:3\.3\.2-python3\.11$", text, re.M)
    assert "requirements.lock" in text and "pip install --no-cache-dir --no-deps -e /opt/newsmon" in text
    for copied in ("include", "dags", "plugins", "pyproject.toml"):
        assert re.search(rf"^COPY .*\b{copied}\b", text, re.M), copied


@pytest.mark.parametrize("script", ["Makefile", "scripts/up.sh"])
def test_make_and_up_create_the_pool_from_newsmon_settings(script):
    """The pool's name lives in newsmon.settings only: `make airflow-init` and `make up` have the
    library write the pools file that `airflow pools import` reads, and never spell the name."""
    text = (ROOT / script).read_text(encoding="utf-8")
    assert DUCKDB_POOL not in text
    made = re.search(r"-m newsmon\.settings pools > (\S+)", text)
    assert made and re.search(rf"airflow\"? pools import {re.escape(made.group(1))}", text), text


def test_the_pools_file_is_what_airflow_pools_import_reads():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "newsmon.settings", "pools"], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == {DUCKDB_POOL: {"slots": 1, "description": DUCKDB_POOL_DESCRIPTION,
                                             "include_deferred": False}}
