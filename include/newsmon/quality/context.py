"""The Great Expectations project of newsmon: a file data context read from `include/gx`.

Why a file context: the suites, validation definitions and checkpoints are files reviewed
like code, and GX reads them as they are. Nothing is written there at run time: the
validation results store and the Data Docs site point at `$NEWSMON_HOME` through runtime
variables, so every NEWSMON_HOME (a test's tmp dir, production's data dir) keeps its own
results and docs.

GX costs seconds to import and is only imported here, on first use; the context is
built once per process and NEWSMON_HOME.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

GX_DIR = Path(__file__).resolve().parents[2] / "gx"
ROW_CHECKPOINT = "articles_rows"
BATCH_CHECKPOINT = "articles_batch"
DOCS_SITE = "newsmon"  # the data_docs_sites entry of great_expectations.yml
DOCS_DIRNAME = "gx_docs"
RESULTS_DIRNAME = "gx_results"

_CONTEXTS: dict[Path, Any] = {}
_LOCK = threading.RLock()


def docs_dir(home: Path) -> Path:
    """Where the Data Docs site of a NEWSMON_HOME lives (open `index.html`)."""
    return home / DOCS_DIRNAME


def results_dir(home: Path) -> Path:
    """Where GX keeps the validation results JSON of a NEWSMON_HOME (the docs are built from it)."""
    return home / RESULTS_DIRNAME


def gx_context(home: Path) -> Any:
    """The file data context over include/gx, writing results and docs under `home`."""
    home = Path(home).resolve()
    with _LOCK:
        if home not in _CONTEXTS:
            _CONTEXTS[home] = _open_context(home)
        return _CONTEXTS[home]


def gx_lock() -> threading.RLock:
    """Serialises GX runs in a process: GX's suite-parameter parser is a module-level object."""
    return _LOCK


def _open_context(home: Path) -> Any:
    quiet_gx()
    import great_expectations as gx

    if not (GX_DIR / "great_expectations.yml").is_file():
        raise FileNotFoundError(f"GX project {GX_DIR}: great_expectations.yml not found "
                                "(include/gx must ship beside newsmon)")
    results_dir(home).mkdir(parents=True, exist_ok=True)
    docs_dir(home).mkdir(parents=True, exist_ok=True)
    runtime = {"NEWSMON_GX_RESULTS": f"{results_dir(home)}/", "NEWSMON_GX_DOCS": f"{docs_dir(home)}/"}
    return gx.get_context(mode="file", context_root_dir=str(GX_DIR), runtime_environment=runtime)


def quiet_gx() -> None:
    """No usage statistics, before GX is imported (the project file also turns them and
    progress bars off, but analytics are decided at import time)."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
