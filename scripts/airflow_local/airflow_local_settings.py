"""Airflow local settings for `make up` only: its log servers listen on 127.0.0.1, and its
components see their children exit within a second (a prompt Ctrl-C).

scripts/up.sh puts this directory on PYTHONPATH, and every Airflow process imports
`airflow_local_settings` when it starts (airflow.settings.import_local_settings).

Why a patch: Airflow 3.3's log servers (the scheduler's, for the LocalExecutor, on
[logging] worker_log_server_port 8793; the triggerer's on trigger_log_server_port 8794) hand
uvicorn host="" (every interface), and no setting changes that (only the port is configurable;
`--skip-serve-logs` exists, but `airflow standalone` gives no way to pass it). `make up` runs
everything on one machine, where the API server reads task logs from this machine, so loopback
is all they need. docker compose does not load this: there the API server fetches logs from the
worker's container over the compose network, and those ports are not published.

Being first on PYTHONPATH, this module takes the place of an airflow_local_settings.py in
$AIRFLOW_HOME/config under `make up`; put cluster policies here if you need them there.
"""

from __future__ import annotations

import uvicorn  # already imported by the API server; ~0.1 s once per other Airflow process

LOG_SERVER_HOST = "127.0.0.1"
_LOG_SERVER_APP = "airflow.utils.serve_logs.log_server:get_app"  # what serve_logs() runs
_run = uvicorn.run


def _run_log_server_on_loopback(app, *args, **kwargs):
    """uvicorn.run, with the log server's host pinned to loopback; any other app untouched."""
    if app == _LOG_SERVER_APP:
        kwargs["host"] = LOG_SERVER_HOST
    return _run(app, *args, **kwargs)


# airflow.utils.serve_logs.core calls `uvicorn.run(...)` through the module, so this reaches it,
# in the serve-logs child process too (forked, or spawned and so re-importing this module).
uvicorn.run = _run_log_server_on_loopback


# Second patch, for a prompt Ctrl-C. Airflow 3.x's subprocess supervisor waits for its child's
# exit in `selector.select(timeout=…)` and checks for the exit only after the select returns.
# When the child has closed its sockets before it exited (a race on stop), the selector is
# empty and the select sleeps out the whole escalation delay: the triggerer then takes 10 s
# to stop though its trigger runner exited at once. A wait of at most one second per select
# (the callers loop until their own deadline) lets the exit be seen within a second.
_MAX_SELECT_WAIT = 1.0


def _bound_supervisor_waits() -> None:
    from airflow.sdk.execution_time.supervisor import WatchedSubprocess

    service = WatchedSubprocess._service_subprocess

    def _service_subprocess(self, max_wait_time, *args, **kwargs):
        return service(self, min(max_wait_time, _MAX_SELECT_WAIT), *args, **kwargs)

    WatchedSubprocess._service_subprocess = _service_subprocess  # type: ignore[method-assign]


_bound_supervisor_waits()
__all__: list[str] = []  # no cluster policies or settings here, only the two patches above
