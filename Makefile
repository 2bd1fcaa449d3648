# The two commands of the README: `make demo` (set up + main job), `make test` (set up + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck clean

$(BIN)/flopwatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/flopwatch
	$(BIN)/flopwatch demo

test: $(BIN)/flopwatch typecheck
	$(BIN)/ruff check .
	$(BIN)/pytest

# mypy reads the package as it is installed (flopwatch.flows is the flows/ folder, ...):
# a tree of links in that layout.
typecheck: $(BIN)/flopwatch
	@rm -rf .typecheck && mkdir -p .typecheck/flopwatch
	@for d in flows extractors warehouse; do ln -s ../../$$d .typecheck/flopwatch/$$d; done
	@for f in flopwatch/*; do ln -s ../../$$f .typecheck/$$f; done
	cd .typecheck && ../$(BIN)/mypy --config-file ../pyproject.toml --cache-dir ../.mypy_cache \
		-p flopwatch

lint: $(BIN)/flopwatch
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .typecheck .mypy_cache flopwatch.duckdb flopwatch.duckdb.wal flopwatch-cache
