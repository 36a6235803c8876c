# The DPRK troops workbook. `make report` and `make test` do all the set-up they need:
# each creates .venv with everything installed when it is missing (quick when it is there).
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //' -e 's/: /\t/' | awk -F'\t' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## install: create .venv with the package and its test tools (run by the targets below)
install: $(STAMP)

## report: the main job: every notebook for every scenario as offline HTML in reports/
report: $(STAMP)
	$(BIN)/dprk-troops report

## course: build the course edition: nbgrader course directories course/build/en/ and nl/
course: $(STAMP)
	$(BIN)/python -m course.build

## check: validate the fact base and its provenance against ../shared/seeds
check: $(STAMP)
	$(BIN)/dprk-troops check --texts ../shared/seeds

# Debian's chromium drives the browser tests; installed when missing (root, or via sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
## chromium: install Debian's chromium for the browser tests when it is missing
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## test: run every test: the suite (browser tests included), then nbval on the stored notebooks
test: $(STAMP) chromium
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval notebooks/

## test-fast: the quick loop: every test that starts no kernel and no browser (about 30 s)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

## notebooks: re-execute every notebook from its jupytext twin (notebooks/*.py) and store the outputs
notebooks: $(STAMP)
	$(BIN)/python -c "from dprk_troops.execute import notebook_paths, refresh; \
	  [print('refreshed', refresh(p.with_suffix('.py'))) for p in notebook_paths()]"

## lint: ruff over the library, the tests and the course
lint: $(STAMP)
	$(BIN)/ruff check lib tests course

## clean: remove the virtual environment, generated reports and the built course
clean:
	rm -rf $(VENV) reports/.builds reports/current reports/index.html reports/manifest.json \
	  reports/summary.csv reports/runs reports/vega-bundle.js reports/build-* \
	  reports/history.html reports/feed.xml reports/other-reports.html reports/sweeps \
	  reports/adhoc reports/explore .pytest_cache course/build

.PHONY: help install report course check test test-fast chromium notebooks lint clean
