"""Tests keep to their tier: no file imports a test module of another tier.

A tier is a folder of tests/ (unit, integration, reliability, security, dags). What several tiers
share lives in helper modules (tests/*.py such as profiles.py or quality_rows.py, or a tier's
non-test modules such as reliability/ledger.py), never in a test file: importing a test file
runs its module-level setup, drags its fixtures and heavy imports into another tier, and makes a
unit test depend on an integration test's helpers. The benchmarks import no test file at all.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_MODULE = re.compile(r"^tests\.(\w+)\.(test_\w+)$")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (`from tests.x import test_y` counts as tests.x.test_y)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def tier_of(path: Path, root: Path) -> str:
    """The tier of a file: its folder under tests/, else where it lives (tests, benchmarks)."""
    parts = path.relative_to(root).parts
    return parts[1] if parts[0] == "tests" and len(parts) > 2 else parts[0]


def tier_problems(root: Path) -> list[str]:
    """'file: imports tests.<tier>.test_x' for every import of another tier's test module."""
    problems = []
    for path in sorted([*(root / "tests").rglob("*.py"), *(root / "benchmarks").rglob("*.py")]):
        mine = tier_of(path, root)
        for name in sorted(imported(path)):
            match = TEST_MODULE.match(name)
            if match and match.group(1) != mine:
                problems.append(f"{path.relative_to(root)}: imports {name}")
    return problems


def test_no_file_imports_a_test_module_of_another_tier():
    assert tier_problems(ROOT) == []


def test_the_rule_catches_a_planted_cross_tier_import(tmp_path):
    for folder in ("tests/unit", "tests/integration", "benchmarks"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "tests/integration/test_big.py").write_text("def helper(): ...\n")
    (tmp_path / "tests/unit/test_small.py").write_text(
        "def test_x():\n    from tests.integration.test_big import helper\n")
    (tmp_path / "tests/unit/test_same_tier.py").write_text("from tests.unit import test_small\n")
    (tmp_path / "benchmarks/bench_x.py").write_text("import tests.integration.test_big\n")
    assert tier_problems(tmp_path) == [
        "benchmarks/bench_x.py: imports tests.integration.test_big",
        "tests/unit/test_small.py: imports tests.integration.test_big",
    ]
