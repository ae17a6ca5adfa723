#!/usr/bin/env bash
# `make up`: newsmon in `airflow standalone`, offline, on 127.0.0.1.
#
# Serves the offline mirror and makes it the default source (NEWSMON_AFGAZAD_BASE_URL), runs
# Airflow with this project's DAGs, plugin, pool and settings (scripts/airflow.env:
# AIRFLOW__CORE__PARALLELISM=4 keeps it to ~12 processes, warm task processes), and prints the
# admin password once Airflow has written it.
# Ctrl-C stops everything: Airflow gets SIGINT (SIGTERM would orphan its scheduler) and shuts
# down (running tasks finish: the mirrors keep serving until Airflow has stopped), then the mirrors.
#
# Airflow's API server and its log servers listen on 127.0.0.1 only.
# Settings (environment): AIRFLOW_HOME (.airflow), NEWSMON_HOME (data), AIRFLOW_PORT (8080),
# MIRROR_PORT (8765), DARYA_PORT (8766), NEWSMON_AFGAZAD_BASE_URL / NEWSMON_DARYA_BASE_URL (set
# them to fetch from elsewhere, e.g. the live site).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
export PATH=$BIN:$PATH   # standalone starts `airflow` subcommands from PATH

export AIRFLOW_HOME=${AIRFLOW_HOME:-$ROOT/.airflow}
export NEWSMON_HOME=${NEWSMON_HOME:-$ROOT/data}
export AIRFLOW__CORE__DAGS_FOLDER=$ROOT/dags
export AIRFLOW__CORE__PLUGINS_FOLDER=$ROOT/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES=False
# The project's Airflow settings (4 task slots, task processes forked warm from a forkserver
# that preloaded the stages' libraries); a variable already set in the environment wins.
while IFS='=' read -r key value; do
  if [[ -n $key && $key != \#* && -z ${!key:-} ]]; then export "$key=$value"; fi
done < "$ROOT/scripts/airflow.env"
export AIRFLOW__API__PORT=${AIRFLOW_PORT:-8080}
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__BASE_URL=http://127.0.0.1:$AIRFLOW__API__PORT
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=$AIRFLOW__API__BASE_URL/execution/
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=${AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION:-False}
export GX_ANALYTICS_ENABLED=false
# Airflow's log servers (the scheduler's on 8793, the triggerer's on 8794) listen on 127.0.0.1, not
# on every interface: scripts/airflow_local/airflow_local_settings.py, which Airflow imports.
export PYTHONPATH=$ROOT/scripts/airflow_local${PYTHONPATH:+:$PYTHONPATH}
# `scripts/up.sh --print-env`: the environment Airflow would run with (NUL-separated), nothing started.
if [[ ${1:-} == --print-env ]]; then env -0; exit 0; fi
MIRROR_PORT=${MIRROR_PORT:-8765}
DARYA_PORT=${DARYA_PORT:-8766}
PASSWORDS=$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated

mirror_pid="" darya_pid="" airflow_pid="" mirrored=()
stop() {
  trap - INT TERM EXIT
  if [[ -n $airflow_pid ]] && kill -0 "$airflow_pid" 2>/dev/null; then
    echo "stopping Airflow (SIGINT)..."
    kill -INT "$airflow_pid" 2>/dev/null || true
    local start=${EPOCHREALTIME/[.,]/} waited=0   # microseconds; a busy machine slows the loop, not the clock
    while kill -0 "$airflow_pid" 2>/dev/null && (( waited < 30000000 )); do
      # Once its components have exited (zombies until it reaps them), what they left behind
      # (the task forkserver and a log server it forked) still holds their output pipes, which
      # standalone reads to the end: those go too, with SIGTERM.
      if ! ps -o stat= --ppid "$airflow_pid" | grep -qv '^Z'; then
        ps -e -o pid=,pgid= | awk -v g="$airflow_pid" '$2 == g && $1 != g {print $1}' | xargs -r kill -TERM 2>/dev/null || true
      fi
      sleep 0.1
      waited=$((${EPOCHREALTIME/[.,]/} - start))
    done
    if kill -0 "$airflow_pid" 2>/dev/null; then
      echo "Airflow did not stop in 30 s: SIGKILL to its process group"
    else
      echo "Airflow stopped in $((waited / 1000000)).$((waited / 100000 % 10)) s"
    fi
    kill -KILL -- "-$airflow_pid" 2>/dev/null || true   # whatever is left of its process group
  fi
  [[ -n $mirror_pid ]] && kill "$mirror_pid" 2>/dev/null || true
  [[ -n $darya_pid ]] && kill "$darya_pid" 2>/dev/null || true
}
trap stop INT TERM EXIT

# On the first start, a backfill of every mirrored source's dates, so that the UI and the report
# show data from the first minute (the scheduled run for yesterday finds nothing on a mirror).
# Once per AIRFLOW_HOME; MAKE_UP_BACKFILL=0 turns it off.
first_start_backfill() {
  local mark=$AIRFLOW_HOME/.newsmon_first_backfill source first last log created all=1
  [[ ${MAKE_UP_BACKFILL:-1} != 0 && ! -e $mark ]] || return 0
  for source in ${mirrored[@]+"${mirrored[@]}"}; do
    read -r first last < <("$BIN/newsmon" mirror dates --source "$source")
    echo "first start: backfilling newsmon_$source from $first to $last, the mirror's dates (MAKE_UP_BACKFILL=0 skips this)"
    log=$AIRFLOW_HOME/newsmon_backfill_$source.log created=0
    for _ in $(seq 1 60); do   # until the dag-processor has stored the DAG
      if "$BIN/airflow" backfill create --dag-id "newsmon_$source" --from-date "$first" --to-date "$last" >"$log" 2>&1; then
        created=1 && break
      fi
      sleep 2
    done
    if (( created )); then echo "  created: its runs show in the UI as they go"
    else echo "  not created (see $log): start it from the UI or with the command above"; all=0; fi
  done
  if (( all )); then touch "$mark"; fi
}

# Metadata DB and the one-slot pool that serialises DuckDB writers (idempotent; the pool as
# newsmon.settings defines it, which is where the DAGs read its name).
"$BIN/airflow" db migrate >/dev/null
"$BIN/python" -m newsmon.settings pools > "$AIRFLOW_HOME/newsmon_pools.json"
"$BIN/airflow" pools import "$AIRFLOW_HOME/newsmon_pools.json" >/dev/null

if [[ -z ${NEWSMON_AFGAZAD_BASE_URL:-} ]]; then
  setsid "$BIN/newsmon" mirror serve --port "$MIRROR_PORT" &   # served until Airflow has stopped (see stop)
  mirror_pid=$! mirrored+=(afgazad)
  export NEWSMON_AFGAZAD_BASE_URL=http://127.0.0.1:$MIRROR_PORT
  # newsmon connects to no loopback or private address unless allowed: allow the mirror's port.
  export NEWSMON_ALLOW_HOSTS=${NEWSMON_ALLOW_HOSTS:+$NEWSMON_ALLOW_HOSTS,}127.0.0.1:$MIRROR_PORT
fi
echo "source afgazad: $NEWSMON_AFGAZAD_BASE_URL"
if [[ -z ${NEWSMON_DARYA_BASE_URL:-} ]]; then   # the second source, an HTML news site, beside it
  setsid "$BIN/newsmon" mirror serve --source darya --port "$DARYA_PORT" &
  darya_pid=$! mirrored+=(darya)
  export NEWSMON_DARYA_BASE_URL=http://127.0.0.1:$DARYA_PORT
  export NEWSMON_ALLOW_HOSTS=${NEWSMON_ALLOW_HOSTS:+$NEWSMON_ALLOW_HOSTS,}127.0.0.1:$DARYA_PORT
fi
echo "source darya: $NEWSMON_DARYA_BASE_URL"

# Its own process group, so that the group can be cleaned up whatever happens. A background
# job of a script starts with SIGINT ignored, and Python keeps it so: `env --default-signal`
# gives Airflow its SIGINT back, so that stop() can shut it down the way Ctrl-C would.
setsid env --default-signal=INT "$BIN/airflow" standalone &
airflow_pid=$!

url=http://127.0.0.1:$AIRFLOW__API__PORT
for _ in $(seq 1 180); do
  if [[ -s $PASSWORDS ]] && curl -fsS -o /dev/null "$url/api/v2/version" 2>/dev/null; then break; fi
  kill -0 "$airflow_pid" 2>/dev/null || { echo "airflow standalone exited" >&2; exit 1; }
  sleep 1
done
password=$("$BIN/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' "$PASSWORDS")
cat <<EOF

  newsmon is up:   $url   (user admin, password $password)
  report:          $url/newsmon/        (also in the UI: Browse → newsmon report)
  warehouse:       $NEWSMON_HOME/warehouse.duckdb
  backfill:        UI → newsmon_afgazad → Trigger → Backfill, or
                   $BIN/airflow backfill create --dag-id newsmon_afgazad --from-date 2020-01-01 --to-date 2020-01-12
  Ctrl-C stops it.

EOF
first_start_backfill
wait "$airflow_pid"
