"""The README's backfill instructions use the labels the Airflow UI really shows (issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import airflow

ROOT = Path(__file__).resolve().parents[2]
LOCALE = Path(airflow.__file__).parent / "ui" / "dist" / "i18n" / "locales" / "en" / "components.json"


def test_readme_names_the_backfill_forms_labels_and_its_run_cap():
    labels = json.loads(LOCALE.read_text(encoding="utf-8"))["backfill"]
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    for key in ("missingRuns", "missingAndErroredRuns", "allRuns", "maxRuns", "reprocessBehavior", "dateRange"):
        assert labels[key] in " ".join(readme.split()), f"README lacks the form's label {labels[key]!r}"
    daily = ROOT.joinpath("dags", "newsmon_daily.py").read_text(encoding="utf-8")
    cap = re.search(r"max_active_runs=(\d+)", daily)
    assert cap and f"the DAG's `max_active_runs`, which is {cap[1]}" in " ".join(readme.split())
