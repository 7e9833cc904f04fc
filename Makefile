# Comptoir: `make run` serves the demo shop, `make test` runs the whole suite, `make test-fast` all of it but the
# browser tests and the tests that start processes (marked slow), `make check` the linters and the type checker,
# `make fuzz` generated frames and requests against a real server (a few minutes), `make scope-model` trains the
# out-of-scope model again from the public data in ../shared/data and tools/scope/training.jsonl.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast bench fuzz check install dev clean scope-model

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	$(BIN)/comptoir ingest --demo --if-empty
	COMPTOIR_ORDERS__SOURCE=$${COMPTOIR_ORDERS__SOURCE:-local} $(BIN)/comptoir orders import --demo
	COMPTOIR_ORDERS__SOURCE=$${COMPTOIR_ORDERS__SOURCE:-local} $(BIN)/comptoir serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

fuzz: $(VENV)/.installed-dev
	$(BIN)/python -m tests.fuzz.run

scope-model: $(VENV)/.installed-dev
	$(BIN)/python -m tools.scope.train

check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy assistant retrieval escalation guardrails widget

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
