"""The seconds each test file took in a whole run (`tests/file_weights.json`), for the order
pytest-xdist hands files out in (tests/conftest.py's pytest_collection_modifyitems).

Remake the table from a run's JUnit XML (its per-test times, set-up and tear-down included):

    .venv/bin/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder --junitxml=/tmp/j.xml tests
    .venv/bin/python -m tests.file_weights /tmp/j.xml

Only the order depends on it: a file missing from the table (a new one) goes out with the weight
`UNKNOWN_SLOW` when it holds a test marked slow, else `UNKNOWN`.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

TABLE = Path(__file__).with_name("file_weights.json")
UNKNOWN_SLOW = 60.0  # a new end-to-end file: early, among the long ones
UNKNOWN = 2.0  # a new file of quick tests


def load() -> dict[str, float]:
    try:
        return json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def from_junit(path: Path) -> dict[str, float]:
    """Seconds per test file (tests/...py) summed over its test cases."""
    per_file: dict[str, float] = defaultdict(float)
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 (our own run's report)
        module = case.get("classname", "")
        parts = module.split(".")
        # classname is the module path (tests.unit.test_x), with a class name after it for methods
        while parts and not parts[-1].startswith("test_"):
            parts.pop()
        if parts:
            per_file["/".join(parts) + ".py"] += float(case.get("time") or 0)
    return {name: round(seconds, 1) for name, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])}


if __name__ == "__main__":
    table = from_junit(Path(sys.argv[1]))
    TABLE.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    print(f"{TABLE}: {len(table)} files, {sum(table.values()):.0f} s")
