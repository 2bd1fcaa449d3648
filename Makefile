# The two commands of the README: `make demo` (set up + main job), `make test` (set up + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean

$(BIN)/flopwatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/flopwatch
	$(BIN)/flopwatch demo

test: $(BIN)/flopwatch
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(BIN)/flopwatch
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) flopwatch.duckdb flopwatch.duckdb.wal flopwatch-cache
