"""`python -m tests.lake_loader ORDER GO_FILE`: load every mirror date into the warehouse
$NEWSMON_WAREHOUSE names, in ORDER (`asc` or `desc`), once GO_FILE exists, so that two such
processes started together write at the same moments (tests/integration/test_ducklake_postgres.py)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import open_for_write
from tests.warehouse_data import load_mirror_day


def main(order: str, go_file: str) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
    truth = load_ground_truth()
    days = sorted(truth, reverse=order == "desc")
    con = open_for_write()
    try:
        while not Path(go_file).exists():
            time.sleep(0.01)
        for day in days:
            load_mirror_day(con, day, truth[day])
    finally:
        con.close()
    print(f"loaded {len(days)} dates", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
