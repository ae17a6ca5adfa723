"""The newsmon Airflow plugin under test: imported from plugins/, its routes mounted under
/newsmon as the API server mounts them, and served on 127.0.0.1 for a browser."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def import_plugin(monkeypatch: Any, tmp_path: Path) -> ModuleType:
    """plugins/newsmon_plugin.py, with an AIRFLOW_HOME of the test's own."""
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    sys.path.insert(0, str(ROOT / "plugins"))
    try:
        import newsmon_plugin
    finally:
        sys.path.remove(str(ROOT / "plugins"))
    return newsmon_plugin


def mounted(router_or_app: Any) -> Any:
    """A FastAPI app with the plugin's router (its routes alone, no login) or its app (with
    Airflow's login in front) mounted under /newsmon."""
    from fastapi import FastAPI

    if not isinstance(router_or_app, FastAPI):
        sub = FastAPI()
        sub.include_router(router_or_app)
        router_or_app = sub
    main = FastAPI()
    main.mount("/newsmon", router_or_app)
    return main


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """`app` served by uvicorn in a thread on 127.0.0.1: a real HTTP server, as the browser
    meets the page inside Airflow. Yields its base URL."""
    import uvicorn

    from tests.airflow_helpers import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
