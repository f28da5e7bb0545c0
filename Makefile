# sensupport: `make demo` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint fuzz worker bench venv test-deps system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

venv: $(PY)
	PYTHONWARNINGS=ignore $(PIP) install -q -e .

test-deps: $(PY)
	PYTHONWARNINGS=ignore $(PIP) install -q -e '.[test]'

# Debian packages the tests need: Chromium for the browser tests, fonts, and the Pango/HarfBuzz
# libraries WeasyPrint renders PDFs with. apt-get runs only if one is missing, and only as root.
DEBIAN_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
system-deps:
	@command -v dpkg-query >/dev/null || { echo "make: no dpkg-query: install Chromium and fonts yourself"; exit 0; }; \
	missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && apt-get install -y -qq $$missing; \
		else \
			echo "make: missing Debian packages:$$missing; not root, so skipping apt-get (some tests may fail)."; \
			echo "      Install them with: sudo apt-get install -y$$missing"; \
		fi; \
	fi

# Try it: SQLite, local files, background tasks in-process. Sign in with a login printed below.
demo: venv
	DEBUG=true $(MANAGE) migrate --no-input -v 0
	DEBUG=true SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) load_demo --reset
	@echo ""
	@echo "sensupport is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DEBUG=true SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) runserver $(HOST):$(PORT)

# Every test: the code's shape (lint), migrations up to date, then the whole suite (browser tests included).
test: system-deps test-deps lint
	SENSUPPORT_INSECURE_DEV_KEY=true $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -n 2

# ruff (lint and format, configured in pyproject.toml) and the import layers of docs/architecture.md.
# `$(VENV)/bin/ruff format .` and `$(VENV)/bin/ruff check --fix .` put most findings right.
lint: test-deps
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/lint-imports --no-cache --no-logo

# The API fuzzed against its own schema as every kind of caller, at length (make test runs 20
# generated requests per operation and caller; this runs 500). DATABASE_URL=... to use PostgreSQL.
fuzz: test-deps
	SENSUPPORT_FUZZ_EXAMPLES=$${SENSUPPORT_FUZZ_EXAMPLES:-500} $(VENV)/bin/pytest -q tests/security/test_api_schema_fuzz.py

# A background-task worker on the database queue (run several in production).
worker: venv
	DEBUG=true TASKS_BACKEND=database $(MANAGE) db_worker

# How the pages scale (issue 14): page time, SQL time and queries at 1,000, 5,000 and 20,000
# pupils, and an LA officer's register over 200 schools and 60,000 pupils, in a database holding
# four more LAs of that size as a deployment serving several LAs would (a few minutes). A
# throwaway SQLite database, or with DATABASE_URL=postgres://... a throwaway PostgreSQL database
# (sensupport_bench) on that server. BENCH_ARGS overrides: "--sizes 1000,5000 --la-schools 20
# --la-pupils 4000" for a quick run, "--json" for one JSON object a line (bench/README.md). Then a
# 2,000-pupil CTF import into a fresh school, a plan PDF cold and warm, the provision map, and a
# 2,000-pupil school's progress data (54,000 scores) imported and checked.
BENCH_ARGS ?= --sizes 1000,5000,20000 --la-schools 200 --la-pupils 60000 --other-las 4
bench: venv
	$(PY) bench/register_queries.py $(BENCH_ARGS)
	$(PY) bench/ctf_import.py
	$(PY) bench/documents.py
	$(PY) bench/provision_map.py
	$(PY) bench/progress_flags.py
