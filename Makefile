PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make install` links the reader into $(PREFIX)/bin: ~/.local/bin, for root as for a user.
PREFIX ?= $(HOME)/.local
BINDIR := $(PREFIX)/bin
READER := $(abspath $(BIN)/reader)

.PHONY: run install uninstall test lint snapshots bench bench-pty clean

$(BIN)/python:
	@echo "== Creating the virtual environment $(VENV) (first run only)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip runs quietly: say what it is doing, as it can take a minute on a fresh clone.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "== Installing the reader and its dependencies into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "== Installing the reader with its test tools into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

# An editable install leaves the package's modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set Python compiles all of them again on every start (~70 ms of the reader's start-up):
# compile them first (a no-op when nothing changed).
run: $(VENV)/.installed
	@$(BIN)/python -m compileall -q reader
	@echo "== Starting $(BIN)/reader"
	@$(BIN)/reader; status=$$?; \
	if [ "$$(command -v reader)" != "$(BINDIR)/reader" ]; then \
	  echo "To type \`reader\` in any directory: make install (links it into $(BINDIR))."; \
	fi; exit $$status

# One way to put `reader` on PATH, the same for root and for a user: a link to this clone's
# .venv/bin/reader (an editable install, so it runs this clone's code; keep the clone).
install: $(VENV)/.installed
	@if [ -e "$(BINDIR)/reader" ] && [ ! -L "$(BINDIR)/reader" ]; then \
	  echo "$(BINDIR)/reader exists and is not a link: left alone (remove it, or make install PREFIX=...)."; \
	  exit 1; \
	fi
	@mkdir -p "$(BINDIR)"
	@ln -sfn "$(READER)" "$(BINDIR)/reader"
	@echo "Linked $(BINDIR)/reader -> $(READER)"
	@case ":$$PATH:" in \
	  *":$(BINDIR):"*) echo "Now \`reader\` works in any directory (reader --help).";; \
	  *) echo "$(BINDIR) is not on your PATH: add the line"; \
	     echo "  export PATH=\"$(BINDIR):\$$PATH\""; \
	     echo "to ~/.profile (or ~/.bashrc), then open a new shell.";; \
	esac

uninstall:
	@if [ "$$(readlink "$(BINDIR)/reader")" = "$(READER)" ]; then \
	  rm "$(BINDIR)/reader" && echo "Removed $(BINDIR)/reader"; \
	else \
	  echo "$(BINDIR)/reader is not a link to this clone's reader: left alone."; \
	fi

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
