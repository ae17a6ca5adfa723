"""Rules of the house that a diff can break without another test noticing."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
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



def test_every_disabled_lint_rule_says_why():
    """ruff and mypy (`make lint`) disable a rule only with the reason beside it: each ignored code
    and each module mypy takes untyped carries a comment on its line, each per-file ignore on the
    line above."""
    text = (ROOT / "pyproject.toml").read_text()
    ruff_ignore = re.search(r"^\[tool\.ruff\.lint\]$.*?^ignore = \[\n(.*?)^\]", text, re.M | re.S).group(1)
    mypy_modules = re.search(r"^\[\[tool\.mypy\.overrides\]\]\nmodule = \[\n(.*?)^\]", text, re.M | re.S).group(1)
    silent = [line.strip() for line in (ruff_ignore + mypy_modules).splitlines() if line.strip() and "#" not in line]
    per_file = re.search(r"^\[tool\.ruff\.lint\.per-file-ignores\]\n(.*?)(?:^\[|\Z)", text, re.M | re.S).group(1)
    lines = per_file.splitlines()
    silent += [line for i, line in enumerate(lines)
               if line.startswith('"') and "#" not in line and not (i and lines[i - 1].startswith("#"))]
    assert ruff_ignore.strip() and mypy_modules.strip() and silent == []

def test_compose_file_has_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yaml").read_text())
    assert {"postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-worker", "airflow-triggerer", "airflow-init"} <= set(compose["services"])
    assert "newsmon_duckdb" in compose["services"]["airflow-init"]["command"][1]


# --- the layers -------------------------------------------------------------------------
# Each rule is a checker over a package tree (`root` is the `newsmon` package directory), run on
# include/newsmon and, to show that it can fail, on a small tree planted in tmp_path.

LIBRARY = ROOT / "include" / "newsmon"
# Packages that reach the warehouse through its public surface only (`newsmon.warehouse.__all__`):
# parsing, crawling, data quality and the report must not depend on how the warehouse is built.
WAREHOUSE_CLIENTS = ("parse", "crawl", "quality", "report")
# The library modules that may import `newsmon.testing` (the mirror, its corpora, the test
# servers): (module, function) -> why. Keep it small; an entry nothing uses any more fails.
TESTING_IMPORTS_ALLOWED = {
    ("cli.py", "_cmd_mirror_build"): "`newsmon mirror build` writes the offline mirror, which lives in newsmon.testing",
    ("cli.py", "_cmd_mirror_serve"): "`newsmon mirror serve` serves that mirror",
    ("cli.py", "_cmd_mirror_dates"): "`newsmon mirror dates` reads that mirror's manifest (what `make up` backfills)",
}
# SQL statements, as each kind starts; case-insensitive, as DuckDB reads SQL (a message whose
# prose reads like SQL, "select one from ...", can be worded otherwise). CREATE alone is a
# keyword only in capitals: "could not create the folder" is no statement.
SQL_PATTERNS = {
    "SELECT ... FROM": re.compile(r"\bselect\b[^;]*?\bfrom\b", re.I),
    "INSERT INTO": re.compile(r"\binsert\s+(?:or\s+\w+\s+)?into\b", re.I),
    "CREATE": re.compile(r"\bCREATE\b|(?i:\bcreate\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:unique\s+)?"
                         r"(?:table|view|index|schema|macro|function|sequence|type|secret)\b)"),
    "UPDATE ... SET": re.compile(r"\bupdate\s+[\w.\"]+\s+set\b", re.I),
    "DELETE FROM": re.compile(r"\bdelete\s+from\b", re.I),
    "MERGE INTO": re.compile(r"\bmerge\s+into\b", re.I),
    "DROP/ALTER": re.compile(r"\b(?:drop|alter)\s+(?:table|view|schema|index)\b", re.I),
}


def _modules(root: Path, under: str | None = None):
    """(path relative to root, parsed module) of every .py file in `root` (or its `under` folder)."""
    base = root / under if under else root
    for path in sorted(base.rglob("*.py")):
        yield path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(root: Path, relpath: str, tree: ast.Module):
    """(line, function, module, names) of every import in a module, relative ones resolved
    against the package (`root.name`); `function` is the enclosing def's qualified name or
    "<module>", `names` the names a `from` import takes ([] for `import x`)."""
    package = [root.name, *relpath.split("/")[:-1]]
    found = []

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, [*scope, child.name])
                continue
            where = ".".join(scope) or "<module>"
            if isinstance(child, ast.Import):
                found.extend((child.lineno, where, alias.name, []) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                module = ".".join([*base, *([child.module] if child.module else [])])
                found.append((child.lineno, where, module, [alias.name for alias in child.names]))
            visit(child, scope)

    visit(tree, [])
    return found


def public_warehouse_names(root: Path) -> set[str]:
    """The names of `warehouse/__init__.py`'s `__all__`, read without importing it."""
    tree = ast.parse((root / "warehouse" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def warehouse_internal_imports(root: Path, clients: tuple[str, ...] = WAREHOUSE_CLIENTS) -> list[str]:
    """Imports of the warehouse's modules (or of names outside its `__all__`) by the client packages."""
    package = f"{root.name}.warehouse"
    public = public_warehouse_names(root)
    problems = []
    for client in clients:
        if not (root / client).is_dir():
            continue
        for relpath, tree in _modules(root, client):
            for line, _, module, names in _imports(root, relpath, tree):
                if module.startswith(package + "."):
                    problems.append(f"{relpath}:{line}: imports {module}")
                elif module == package and not set(names) <= public:
                    problems.append(f"{relpath}:{line}: imports {sorted(set(names) - public)} from {package} "
                                    "(not in its __all__)")
            for node in ast.walk(tree):  # newsmon.warehouse.load.x after `import newsmon.warehouse`, or import_module("...")
                text = ast.unparse(node) if isinstance(node, ast.Attribute) else \
                    node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
                match = re.match(rf"^{re.escape(package)}\.(\w+)", text)
                if match and match.group(1) not in public:
                    problems.append(f"{relpath}:{node.lineno}: reaches {match.group(0)}")
    return sorted(set(problems))


def quality_impurities(root: Path) -> list[str]:
    """Imports by `quality/` of the warehouse (even its public surface) or of DuckDB: data quality
    is pure, records and history in, a verdict out; the pipeline reads and stores through the warehouse."""
    problems = []
    for relpath, tree in _modules(root, "quality") if (root / "quality").is_dir() else ():
        for line, _, module, _ in _imports(root, relpath, tree):
            if module.split(".")[:2] == [root.name, "warehouse"] or module.split(".")[0] == "duckdb":
                problems.append(f"{relpath}:{line}: imports {module}")
    return problems


def helper_imports(root: Path, allowed: dict[tuple[str, str], str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(imports of `newsmon.testing` by library modules outside the allow-list, allow-list entries
    that no import uses). The `testing` package itself is not checked: it is what is imported."""
    testing = f"{root.name}.testing"
    problems, used = [], set()
    for relpath, tree in _modules(root):
        if relpath.startswith("testing/"):
            continue
        for line, function, module, names in _imports(root, relpath, tree):
            if module == testing or module.startswith(testing + ".") or (module == root.name and "testing" in names):
                if (relpath, function) in allowed:
                    used.add((relpath, function))
                else:
                    problems.append(f"{relpath}:{line}: {function} imports {module}")
    return problems, sorted(set(allowed) - used)


def _string_literals(tree: ast.Module):
    """(line, text) of the module's string literals: f-strings joined with {} for their values,
    `+` chains of literals joined; docstrings left out (they describe, nothing runs them)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = text(node.left), text(node.right)
            return None if left is None or right is None else left + right
        return None

    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        found = text(node)
        if found is not None:
            yield node.lineno, found


def sql_outside_warehouse(root: Path) -> list[str]:
    """SQL statements in string literals, and .sql files, anywhere but `warehouse/`."""
    problems = [f"{p.relative_to(root).as_posix()}: an .sql file" for p in sorted(root.rglob("*.sql"))
                if p.relative_to(root).parts[0] != "warehouse"]
    for relpath, tree in _modules(root):
        if relpath.startswith("warehouse/"):
            continue
        found: dict[int, tuple[list[str], str]] = {}  # line -> the longest literal there with SQL in it
        for line, text in _string_literals(tree):
            kinds = [kind for kind, pattern in SQL_PATTERNS.items() if pattern.search(text)]
            if kinds and len(text) > len(found.get(line, ([], ""))[1]):
                found[line] = (kinds, text)
        problems += [f"{relpath}:{line}: {', '.join(kinds)} in {text.strip()[:60]!r}"
                     for line, (kinds, text) in sorted(found.items())]
    return problems


def test_only_the_warehouse_public_surface_is_imported_by_parse_crawl_quality_and_report():
    assert warehouse_internal_imports(LIBRARY) == []


def test_data_quality_is_pure():
    assert quality_impurities(LIBRARY) == []


def test_no_library_module_imports_the_test_helpers_but_the_allowed_entry_points():
    problems, unused = helper_imports(LIBRARY, TESTING_IMPORTS_ALLOWED)
    assert problems == [], "newsmon.testing is for tests and the mirror/eval commands only"
    assert unused == [], "allow-list entries no import uses any more: remove them from TESTING_IMPORTS_ALLOWED"


def test_sql_is_written_only_in_the_warehouse():
    assert sql_outside_warehouse(LIBRARY) == []


# --- each rule fails on a planted violation -----------------------------------------------

def plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def planted(tmp_path) -> Path:
    """A small `newsmon` tree: a warehouse with a public surface, and clients that keep the rules."""
    return plant(tmp_path / "newsmon", {
        "__init__.py": "",
        "warehouse/__init__.py": '__all__ = ["read_report", "WarehouseError"]\nfrom newsmon.warehouse.api import read_report\n',
        "warehouse/load.py": 'UPSERT = "INSERT INTO articles SELECT * FROM batch"\n',
        "warehouse/sql/views/mart_x.sql": "CREATE OR REPLACE VIEW mart_x AS SELECT 1;\n",
        "report/__init__.py": "",
        "report/data.py": '''
            """Select the rows the page shows from the marts (a docstring: not SQL that runs)."""
            from newsmon.warehouse import WarehouseError, read_report
            from newsmon import settings
            LABEL = "articles from the day"
            ERROR = "could not create the report's folder"
            ''',
        "testing/__init__.py": "from newsmon.testing import server\n",
        "cli.py": '''
            def _cmd_mirror_build(args):
                from newsmon.testing.server import mirror_site
            ''',
    })


def test_the_planted_tree_keeps_every_rule(planted):
    assert warehouse_internal_imports(planted) == [] and quality_impurities(planted) == []
    assert helper_imports(planted, {("cli.py", "_cmd_mirror_build"): "the mirror command"}) == ([], [])
    assert sql_outside_warehouse(planted) == []


@pytest.mark.parametrize("client, code, reported", [
    ("report/bad.py", "from newsmon.warehouse.load import load_day\n", "report/bad.py:1: imports newsmon.warehouse.load"),
    ("quality/bad.py", "import newsmon.warehouse.connection\n", "quality/bad.py:1: imports newsmon.warehouse.connection"),
    ("parse/bad.py", "def f():\n    from ..warehouse.migrate import migrate\n", "parse/bad.py:2: imports newsmon.warehouse.migrate"),
    ("crawl/bad.py", "from newsmon.warehouse import load\n", "crawl/bad.py:1: imports ['load'] from newsmon.warehouse"),
    ("report/bad.py", "import newsmon.warehouse\nx = newsmon.warehouse.load.load_day\n",
     "report/bad.py:2: reaches newsmon.warehouse.load"),
    ("report/bad.py", "import importlib\nm = importlib.import_module('newsmon.warehouse.search')\n",
     "report/bad.py:2: reaches newsmon.warehouse.search"),
])
def test_the_warehouse_rule_fails_on_a_planted_internal_import(planted, client, code, reported):
    plant(planted, {client: code})
    problems = warehouse_internal_imports(planted)
    assert len(problems) == 1 and problems[0].startswith(reported), problems


@pytest.mark.parametrize("code", ["from newsmon.warehouse import weekday_volumes\n", "import duckdb\n",
                                  "def f():\n    from ..warehouse import record_rejected_run\n"])
def test_the_purity_rule_fails_on_a_planted_warehouse_import_in_quality(planted, code):
    plant(planted, {"quality/validate.py": "import pandas\n", "quality/history.py": code})
    problems = quality_impurities(planted)
    assert len(problems) == 1 and problems[0].startswith("quality/history.py:"), problems


@pytest.mark.parametrize("module, code, reported", [
    ("alerts.py", "from newsmon.testing.mirror import CORPUS_DIR\n", "alerts.py:1: <module> imports newsmon.testing.mirror"),
    ("report/page.py", "def render():\n    from ..testing import faults\n", "report/page.py:2: render imports newsmon.testing"),
    ("pipeline.py", "from newsmon import testing\n", "pipeline.py:1: <module> imports newsmon"),
    ("cli.py", "import newsmon.testing.server\ndef _cmd_mirror_build(args):\n    pass\n",
     "cli.py:1: <module> imports newsmon.testing.server"),  # the allowed command, but at module level
])
def test_the_testing_rule_fails_on_a_planted_import(planted, module, code, reported):
    plant(planted, {module: code})
    problems, _ = helper_imports(planted, {("cli.py", "_cmd_mirror_build"): "the mirror command"})
    assert len(problems) == 1 and problems[0].startswith(reported), problems


def test_the_testing_rule_names_an_allow_list_entry_nothing_uses(planted):
    allowed = {("cli.py", "_cmd_mirror_build"): "the mirror command", ("evaluate.py", "gold_corpus"): "gone"}
    assert helper_imports(planted, allowed) == ([], [("evaluate.py", "gold_corpus")])


@pytest.mark.parametrize("code, kind", [
    ('Q = "SELECT count(*) FROM articles WHERE run_date = ?"\n', "SELECT ... FROM"),
    ('def f(con):\n    return con.execute("select title from articles").fetchall()\n', "SELECT ... FROM"),
    ('T = "articles"\nQ = f"SELECT * FROM {T}"\n', "SELECT ... FROM"),
    ('Q = "SELECT * " + "FROM runs"\n', "SELECT ... FROM"),
    ('Q = "INSERT INTO runs VALUES (?)"\n', "INSERT INTO"),
    ('Q = "CREATE TABLE x (a INT)"\n', "CREATE"),
    ('Q = "create or replace view v as select 1"\n', "CREATE"),
    ('Q = "UPDATE runs SET status = ?"\n', "UPDATE ... SET"),
    ('Q = "DELETE FROM failures WHERE source = ?"\n', "DELETE FROM"),
    ('Q = "MERGE INTO articles USING batch"\n', "MERGE INTO"),
    ('Q = "DROP VIEW mart_x"\n', "DROP/ALTER"),
    ('Q = "CREATE SECRET s (TYPE s3)"\n', "CREATE"),
])
def test_the_sql_rule_fails_on_planted_sql_outside_the_warehouse(planted, code, kind):
    plant(planted, {"report/bad.py": code})
    problems = sql_outside_warehouse(planted)
    assert len(problems) == 1 and problems[0].startswith("report/bad.py:") and kind in problems[0], problems


def test_the_sql_rule_fails_on_a_planted_sql_file_outside_the_warehouse(planted):
    plant(planted, {"quality/checks.sql": "SELECT 1;\n"})
    assert sql_outside_warehouse(planted) == ["quality/checks.sql: an .sql file"]
