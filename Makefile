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

# The seed articles to bundle with the course (a1 question 4): empty leaves them out. Set it
# only when you may share the articles with your students (course/README.md).
ARTICLES ?=
## course: build or rebuild the course edition in course/build/en/ and nl/ (students' work and grades stay; ARTICLES=DIR bundles the articles)
course: $(STAMP)
	$(BIN)/python -m course.build $(if $(ARTICLES),--articles $(ARTICLES))

## student: set up a student's machine: .venv-student with the workbook and JupyterLab only
student:
	$(PYTHON) -m venv .venv-student
	.venv-student/bin/python -m pip install --quiet '.[student]'
	@echo "start with: .venv-student/bin/jupyter lab"

## wheelhouse: wheels of the workbook and all a student needs, for offline lab machines (PLATFORM=win_amd64 for Windows)
wheelhouse: $(STAMP)
	$(BIN)/python -m course.wheelhouse wheelhouse $(if $(PLATFORM),--platform $(PLATFORM))

## dashboard: serve the notebooks as apps (Voila) on 127.0.0.1; prints the address with its token
dashboard: $(STAMP)
	$(BIN)/dprk-troops dashboard $(DASHBOARD_ARGS)

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

## lint: ruff over the library, the tests, the course and the notebooks (check only: never `ruff --fix` an .ipynb, its JSON rewrite moves stored floats by one ulp)
lint: $(STAMP)
	$(BIN)/ruff check lib tests course notebooks

## clean: remove the virtual environment, generated reports and the built course (kept when it holds students' work, unless FORCE=1)
clean:
	PYTHONPATH=lib $(PYTHON) -m course.workspace clean course/build $(if $(FORCE),--force)
	rm -rf $(VENV) reports/.builds reports/current reports/index.html reports/manifest.json \
	  reports/summary.csv reports/runs reports/vega-bundle.js reports/build-* \
	  reports/history.html reports/feed.xml reports/other-reports.html reports/sweeps \
	  reports/adhoc reports/explore .pytest_cache build dist .venv-student

.PHONY: help install report course student wheelhouse dashboard check test test-fast chromium notebooks lint clean
