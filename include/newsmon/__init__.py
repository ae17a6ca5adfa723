"""newsmon: monitor news sources into a DuckDB warehouse.

A plain library: nothing here imports Airflow. The DAGs, the CLI and the benchmarks
all call the same functions in :mod:`newsmon.pipeline`.
"""

__version__ = "0.1.0"
