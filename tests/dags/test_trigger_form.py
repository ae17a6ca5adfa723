"""The params of a manual run reach the trigger form: declared by the daily DAG with a title and
a description each, and served so by the serialised DAG the UI renders. What each param does to
a run: tests/integration/test_trigger_params.py.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

PARAMS = {"base_url", "from_archive", "force_refetch", "quarantine_only"}


@pytest.fixture(scope="module")
def daily_dag(tmp_path_factory):
    import os

    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    from airflow.dag_processing.dagbag import BundleDagBag

    bag = BundleDagBag(dag_folder=str(ROOT / "dags" / "newsmon_daily.py"), bundle_path=ROOT / "dags")
    assert bag.import_errors == {}
    return bag.dags["newsmon_afgazad"]


def test_the_params_and_their_descriptions_reach_the_trigger_form(daily_dag):
    from airflow.serialization.serialized_objects import DagSerialization

    assert set(daily_dag.params) == PARAMS
    assert daily_dag.params["force_refetch"] is False and daily_dag.params["quarantine_only"] is False
    # What the scheduler stores and the UI's trigger form renders: the serialised DAG's params.
    served = DagSerialization.from_dict(DagSerialization.to_dict(daily_dag)).params
    for name in PARAMS:
        param = served.get_param(name)
        assert param.description and len(param.description) > 30, name
        assert param.schema.get("title"), name
    assert "ETag" in served.get_param("force_refetch").description
    assert "quarantine" in served.get_param("quarantine_only").description
    assert served.get_param("force_refetch").schema["type"] == "boolean"
