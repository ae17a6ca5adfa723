# newsmon on the official Airflow 3 image: the project and its pinned dependencies.
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:root pyproject.toml requirements.lock README.md /opt/newsmon/
COPY --chown=airflow:root include /opt/newsmon/include
RUN pip install --no-cache-dir -r /opt/newsmon/requirements.lock \
 && pip install --no-cache-dir --no-deps -e /opt/newsmon
