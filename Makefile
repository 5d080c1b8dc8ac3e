# Two commands do everything on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    set up, then open the app on the sample journey
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench bundle bundle-smoke install-desktop clean

setup: $(STAMP)

$(STAMP): pyproject.toml packaging/system-deps.sh
	PYTHON=$(PYTHON) bash packaging/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/journeymap --sample

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

# House rules: ruff (style and bugs), mypy (types; strict for the pure
# packages) and import-linter (no Qt in the pure packages, the layers, no undo
# commands built in panels). All three run and report; any finding fails.
lint: setup
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/mypy || status=1; \
	$(VENV)/bin/lint-imports --no-cache || status=1; \
	exit $$status

# The pure tests only (model, io, analysis, cli): no display, a few seconds.
test-fast: setup
	$(PY) -m pytest tests/model tests/io tests/analysis tests/cli $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_model.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_canvas.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_edit.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_export.py
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_engine.py

# Standalone one-folder bundle (PyInstaller), then a smoke run of it with no
# Python on PATH and no display.
bundle: setup
	$(PY) -m pip install --quiet "pyinstaller>=6.10"
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/journeymap.spec
	@du -sh dist/journeymap

bundle-smoke: bundle
	bash packaging/smoke_bundle.sh dist/journeymap

# Menu entry, icons and the .journey file type for the current user.
install-desktop:
	bash packaging/install_desktop.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
