# newsmon on the official Airflow 3 image: the project, its pinned dependencies, its DAGs and plugin.
# Built by docker-compose.yaml (`docker compose up --build`); dags/, plugins/ and include/ are
# also bind-mounted there so a code change needs no rebuild.
FROM apache/airflow:3.3.2-python3.11

ENV NEWSMON_HOME=/opt/newsmon/data \
    GX_ANALYTICS_ENABLED=false \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Dependencies first (a layer that changes only with the lock), then the project itself.
COPY --chown=airflow:root requirements.lock /opt/newsmon/requirements.lock
RUN pip install --no-cache-dir -r /opt/newsmon/requirements.lock

COPY --chown=airflow:root pyproject.toml README.md /opt/newsmon/
COPY --chown=airflow:root include /opt/newsmon/include
RUN pip install --no-cache-dir --no-deps -e /opt/newsmon \
 && python -m newsmon.parse.native \
 && python -m newsmon.parse.native modules  # the glyph-box loop and the parser's modules compiled: each says so and goes on where no C compiler is there

COPY --chown=airflow:root dags /opt/airflow/dags
COPY --chown=airflow:root plugins /opt/airflow/plugins
