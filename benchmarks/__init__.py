"""The benchmark scripts and the evaluation of the parser against the gold corpora (`evaluate`).

A package so that the tests, `tools/` and `newsmon eval` (from a checkout) import `benchmarks.evaluate`;
the scripts themselves are run as files (`python benchmarks/bench_*.py`, `make bench`).
"""
