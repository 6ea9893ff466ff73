# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

.PHONY: demo test install clean listed-companies

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsmon demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Regenerate models/companies_listed.jsonl from the pinned pytickersymbols and cleanco (docs/entities.md).
listed-companies: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[kb]'
	$(BIN)/python scripts/build_companies_listed.py

clean:
	rm -rf $(VENV) data/ digests/ .pytest_cache
