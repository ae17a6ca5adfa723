"""`make demo`: serve the offline mirror, run the daily DAG through real Airflow for a few
dates, and show what landed in the warehouse.

It drives Airflow through its own command (`airflow dags test`), so the DAG runs exactly
as the scheduler would run it, task by task.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from newsmon import settings
from newsmon.cli import print_rows
from newsmon.testing.server import MirrorServer, ensure_mirror
from newsmon.warehouse.queries import articles_per_date_language

SOURCE = "afgazad"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dates", nargs="+", default=["2020-01-02", "2020-01-03", "2020-01-04"])
    args = parser.parse_args()
    airflow = Path(sys.executable).with_name("airflow")
    with MirrorServer(ensure_mirror()) as mirror:
        print(f"offline mirror of {SOURCE} on {mirror.base_url}")
        # newsmon connects to no loopback address unless allowed: allow the mirror's port.
        allow = f"127.0.0.1:{mirror.port}"
        env = {**os.environ, f"NEWSMON_{SOURCE.upper()}_BASE_URL": mirror.base_url,
               "NEWSMON_ALLOW_HOSTS": ",".join(filter(None, [os.environ.get("NEWSMON_ALLOW_HOSTS"), allow]))}
        for day in args.dates:
            started = time.monotonic()
            print(f"airflow dags test newsmon_{SOURCE} {day} ...", end=" ", flush=True)
            proc = subprocess.run([str(airflow), "dags", "test", f"newsmon_{SOURCE}", day],
                                  env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                print("FAILED")
                print(proc.stdout[-4000:], proc.stderr[-4000:], sep="\n")
                return proc.returncode
            print(f"ok ({time.monotonic() - started:.0f}s)")
    columns, rows = articles_per_date_language()
    print()
    print_rows(columns, rows)
    print(f"\nwarehouse: {settings.warehouse_path()}")
    print(f'query it:  {Path(sys.executable).with_name("newsmon")} sql "SELECT title, language FROM articles LIMIT 5"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
