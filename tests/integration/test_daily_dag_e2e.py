"""The daily DAG through real Airflow (`airflow dags test`), the mirror on 127.0.0.1,
a real DuckDB file and real Great Expectations, checked against the mirror's ground truth."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import airflow, ground_truth

pytestmark = pytest.mark.slow

DAYS = ["2020-01-06", "2020-01-07"]  # the 7th carries a 404 link and a "PDF" that is HTML
TABLES = ["articles", "article_versions", "failures", "quarantine"]


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    snap = {}
    for table in TABLES:
        cols = [c for c in con.execute(f"SELECT * FROM {table} LIMIT 0").fetchdf().columns
                if c not in ("loaded_at", "last_seen", "failed_at", "quarantined_at", "fetched_at", "raw_ref")]
        snap[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
    return snap


def test_two_dates_then_rerun_is_idempotent(mirror, mirror_dir, airflow_env, tmp_path):
    home = tmp_path / "home"
    env = {**airflow_env, "NEWSMON_HOME": str(home), "NEWSMON_AFGAZAD_BASE_URL": mirror.base_url}
    for day in DAYS:
        airflow(env, "dags", "test", "newsmon_afgazad", day)

    warehouse = home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for day in DAYS:
            truth = ground_truth(day)
            assert truth, f"mirror has no ground truth for {day}"
            rows = con.execute("SELECT article_id, title, language, published_date FROM articles "
                               "WHERE run_date = ? ORDER BY article_id", [day]).fetchall()
            assert len(rows) == len(truth), day
            expected = sorted((t["article_id"], t["title"], t["language"], t["published_date"]) for t in truth)
            assert [(r[0], r[1], r[2], r[3].isoformat()) for r in rows] == expected
        failed = con.execute("SELECT stage, url, error FROM failures WHERE run_date = ? ORDER BY stage",
                             [DAYS[1]]).fetchall()
        assert [f[0] for f in failed] == ["fetch", "parse"], failed
        assert "404" in failed[0][2] and "not a PDF" in failed[1][2]
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'success'").fetchone()[0] == 2
        before = _snapshot(con)

    airflow(env, "dags", "test", "newsmon_afgazad", DAYS[1])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert _snapshot(con) == before
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 3
