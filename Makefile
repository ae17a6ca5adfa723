# newsmon — `make demo` shows it working, `make test` proves it. Both set themselves up.
# The interpreter the venv is made with (PYTHON=... chooses another): Debian's python3.11 where it
# is there and can make a venv, else the first python3 on PATH. Debian's interpreter has libpython
# linked into its executable, as the official Python images the Docker image starts from have; a
# default source build (pyenv's) loads libpython3.11.so and calls its own functions through the
# dynamic linker's tables. The parser's Python side (half of a parse; pdfium's C the other half)
# runs faster on Debian's: bench_parse_speed's whole-corpus ratio, pyenv's -> Debian's one right
# after the other, 0.455 -> 0.507, 0.451 -> 0.484, 0.475 -> 0.487 (the machine's load moves both).
SYSTEM_PYTHON := /usr/bin/python3.11
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell $(SYSTEM_PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 && echo $(SYSTEM_PYTHON) || echo python3)
endif
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
NATIVE := include/newsmon/parse/_glyph_boxes.so
COMPILED := include/newsmon/parse/_compiled/manifest.json

export NEWSMON_HOME ?= $(CURDIR)/data
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__PARALLELISM ?= 4
export GX_ANALYTICS_ENABLED := false

.PHONY: install airflow-init demo up browser services lint test test-fast bench corpus corpus-variants corpus-html lock clean

install: $(BIN)/.installed $(NATIVE) $(COMPILED)

# The venv, pinned dependencies from requirements.lock, then the project itself.
$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $@

# The parser's compiled glyph-box loop (include/newsmon/parse/native.py, glyph_boxes.c): a C
# compiler (gcc from Debian when none is there and this runs as root). Without it the parser
# makes the same pdfium calls through ctypes: the same records, about 5 % slower.
$(NATIVE): include/newsmon/parse/glyph_boxes.c $(BIN)/.installed
	@command -v cc >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc libc6-dev; }
	$(BIN)/python -m newsmon.parse.native

# The parser's modules compiled to C by mypyc (include/newsmon/parse/compiled.py; ~1-2 minutes),
# with the box reader they use (box_reads.c, char_classes.c): the same records, faster. Built again when a parser
# source changes; until then, and where nothing could be built, the parser runs as Python (a build
# of older sources is never used).
$(COMPILED): $(wildcard include/newsmon/parse/*.py) include/newsmon/parse/box_reads.c \
		include/newsmon/parse/char_classes.c $(NATIVE)
	$(BIN)/python -m newsmon.parse.native modules

# Airflow's metadata database and the one-slot pool that serialises DuckDB writers (its name,
# slots and description come from newsmon.settings, as the DAGs read them).
airflow-init: install
	$(BIN)/airflow db migrate >/dev/null
	$(BIN)/python -m newsmon.settings pools > $(AIRFLOW_HOME)/newsmon_pools.json
	$(BIN)/airflow pools import $(AIRFLOW_HOME)/newsmon_pools.json >/dev/null

demo: airflow-init
	$(BIN)/python scripts/demo.py --dates 2020-01-02 2020-01-03 2020-01-04

# `airflow standalone` with this project's DAGs, plugin, pool and the offline mirror as the
# source; prints the admin password. Ctrl-C stops it (see scripts/up.sh).
up: install
	bash scripts/up.sh

# Debian packages the tests use: Chromium for the browser tests, DejaVu fonts for the PDFs
# the parser tests draw, Amiri for the page the parser tests print with Chromium, Noto (Naskh
# and Sans Arabic) and LibreOffice Writer for the pages the ZWNJ and new-producer tests make,
# Pango (and HarfBuzz's subsetter) for the pages they print with WeasyPrint, and the Arabic-script
# fonts the parser tests print pages in with Chromium or LibreOffice at test time (SIL Harmattan,
# Lateef and Scheherazade, KACST One, FarsiWeb's Nazli and Homa: each found a fault of its own).
# CI runs as root; nothing is installed by hand there. Skipped when present.
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	  test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	  test -f /usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf || missing="$$missing fonts-hosny-amiri"; \
	  test -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf || missing="$$missing fonts-noto-core"; \
	  command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	  test -f /usr/share/fonts/truetype/harmattan/Harmattan-Regular.ttf || missing="$$missing fonts-sil-harmattan"; \
	  test -f /usr/share/fonts/opentype/lateef/Lateef-Regular.ttf || missing="$$missing fonts-sil-lateef"; \
	  test -f /usr/share/fonts/truetype/scheherazade/Scheherazade-Regular.ttf || missing="$$missing fonts-sil-scheherazade"; \
	  test -f /usr/share/fonts/truetype/kacst-one/KacstOne.ttf || missing="$$missing fonts-kacst-one"; \
	  test -f /usr/share/fonts/truetype/farsiweb/nazli.ttf || missing="$$missing fonts-farsiweb"; \
	  /sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0 ' || missing="$$missing libpangoft2-1.0-0"; \
	  /sbin/ldconfig -p | grep -q 'libharfbuzz-subset.so.0 ' || missing="$$missing libharfbuzz-subset0"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	    elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	    else echo "missing Debian packages ($$missing) and not root: tests that need them will fail"; fi; fi

# Debian packages of the production path that the tests run for real (tests/services.py starts
# throwaway servers on 127.0.0.1 in temporary directories; no system service is used): PostgreSQL
# (Airflow's metadata DB, the Celery result backend, a DuckLake catalog) and Redis (the Celery
# broker). CI runs as root; skipped when present.
services:
	@missing=""; ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="postgresql"; \
	  command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	    elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	    else echo "missing Debian packages ($$missing) and not root: tests that need them will fail"; fi; fi

# ruff and mypy as configured in pyproject.toml ([tool.ruff], [tool.mypy]): any finding fails
# the build before a test runs. mypy checks the library (its `files`); ruff also the code around
# it (tests/ and tools/ not yet: see the note in pyproject.toml).
LINT_PATHS := include/newsmon dags plugins scripts benchmarks
lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy

# Two pytest-xdist workers by default, a test file per worker at a time (a file's tests share
# module fixtures, one Airflow standalone): ~11 instead of ~19 minutes. TEST_WORKERS=0 runs the
# tests in one process, TEST_WORKERS=N on N workers. --durations lists the slowest, to watch the
# CI budget. Files go out in collection order (--no-loadscope-reorder; xdist's default hands out
# the files of most tests first, so the long one-test end-to-end files ran last, one worker alone):
# tests/conftest.py orders the files longest first by the seconds of a whole run (tests/file_weights.json).
TEST_WORKERS ?= 2
PYTEST = $(BIN)/python -m pytest -q $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

test: install browser services lint
	$(PYTEST) -rs --durations=15 tests

test-fast: install
	$(PYTEST) -m "not slow" tests

bench: install
	$(BIN)/python benchmarks/run_all.py

# Regenerate the mirror's PDFs (needs LibreOffice and fonts: see README).
corpus: install
	$(BIN)/python -m tools.corpus.mirror

# Regenerate the varied corpus, dev and held-out partitions (needs LibreOffice, Chromium, XeTeX
# and fonts: see corpus/variants/README.md).
corpus-variants: install
	$(BIN)/python -m tools.corpus --partition all

# Regenerate the HTML gold corpus (corpus/html/{dev,heldout}): deterministic, no external tools.
corpus-html: install
	$(BIN)/python -m tools.corpus.html_corpus

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra corpus --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) data .airflow .pytest_cache
