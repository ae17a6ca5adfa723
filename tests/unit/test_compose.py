"""docker-compose.yaml is valid Compose and holds what the README promises.

No Docker engine runs here, so the file is checked against the Compose Specification's JSON
schema: `tests/data/compose_spec.json`, vendored as data from Debian's `docker-compose`
package (1.29.2-3, /usr/lib/python3/dist-packages/compose/config/compose_spec.json,
Apache-2.0). Then the services, volumes, mounts and environment the README names are
checked one by one, and the Dockerfile it builds from is looked at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "compose_spec.json"
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-worker",
                    "airflow-triggerer", "airflow-init"]
SERVICES = ["postgres", "redis", *AIRFLOW_SERVICES]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yaml").read_text(encoding="utf-8"))


def _validator() -> jsonschema.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(schema)


def test_compose_file_matches_the_compose_specification(compose):
    errors = sorted(_validator().iter_errors(compose), key=lambda e: list(e.absolute_path))
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
    assert "8080:8080" in services["airflow-apiserver"]["ports"]


def test_every_dependency_exists_and_init_runs_first(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep in service.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
    for name in AIRFLOW_SERVICES[:-1]:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"


def test_init_migrates_and_creates_the_duckdb_pool(compose):
    script = "\n".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in script
    assert re.search(r"airflow pools set newsmon_duckdb 1\b", script)


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
        assert service["environment"]["NEWSMON_HOME"] == "/opt/newsmon/data", name
        for source in mounts.values():
            assert source.startswith("./") or source in declared, f"{name}: undeclared volume {source}"
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name}: {source} missing"


def test_environment_the_readme_names(compose):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env = compose["services"]["airflow-worker"]["environment"]
    for key in ("NEWSMON_HOME", "NEWSMON_ALERT_WEBHOOK", "NEWSMON_AFGAZAD_BASE_URL", "AIRFLOW__API_AUTH__JWT_SECRET"):
        assert key in env, key
    for name in re.findall(r"`(airflow-[a-z-]+|postgres|redis|newsmon-data)`", readme):
        assert name in compose["services"] or name in compose["volumes"], f"README names {name}"


def test_dockerfile_installs_the_project_on_the_airflow_image():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:3\.3\.2-python3\.11$", text, re.M)
    assert "requirements.lock" in text and "pip install --no-cache-dir --no-deps -e /opt/newsmon" in text
    for copied in ("include", "dags", "plugins", "pyproject.toml"):
        assert re.search(rf"^COPY .*\b{copied}\b", text, re.M), copied
