"""Rules of the house that a diff can break without another test noticing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_library_never_imports_airflow():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "include" / "newsmon").rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+airflow\b", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_pipeline_import_loads_neither_airflow_nor_gx():
    code = ("import sys, newsmon.pipeline, newsmon.cli;"
            "print([m for m in ('airflow', 'great_expectations') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_dependency_is_pinned():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    assert [d for d in deps if "==" not in d] == []
    lock = (ROOT / "requirements.lock").read_text()
    for dep in deps:
        name, version = dep.split("==")
        name = re.sub(r"[-_.]+", "-", name.lower())  # PEP 503 names, as the lock writes them
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)}$", lock, re.M | re.I), dep


def test_compose_file_has_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yaml").read_text())
    assert {"postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-worker", "airflow-triggerer", "airflow-init"} <= set(compose["services"])
    assert "newsmon_duckdb" in compose["services"]["airflow-init"]["command"][1]
