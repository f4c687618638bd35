PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint snapshots bench bench-pty clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# An editable install leaves the package's modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set Python compiles all of them again on every start (~70 ms of the reader's start-up):
# compile them first (a no-op when nothing changed).
run: $(VENV)/.installed
	$(BIN)/python -m compileall -q reader
	$(BIN)/reader

lint: $(VENV)/.installed-test
	$(BIN)/ruff check reader tests bench

test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest -q

snapshots: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q tests/ui --snapshot-update

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# The reader on a pseudo-terminal, timed to the frame that shows each result (bench/README.md).
bench-pty: $(VENV)/.installed-test
	$(BIN)/python bench/pty_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist build
