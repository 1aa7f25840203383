# Partnerhub. `make run` and `make test` are the two commands a newcomer needs (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
HOST ?= 127.0.0.1
export PORT HOST
# Python keeps the project's compiled bytecode (__pycache__/, ignored by git): a sandbox that sets
# PYTHONDONTWRITEBYTECODE would make every Django start, test process and test subprocess compile
# the project and rewrite the tests' asserts again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run serve test test-fast lint format bench docs install install-dev lock migrate demo clean help

help:
	@echo "make run    - set up what is missing (venv, install, migrations, demo data), then run web + Celery"
	@echo "              worker + beat (Procfile.dev) on HOST:PORT (127.0.0.1:8000); no Redis needed"
	@echo "make test   - set up, lint, and run the whole test suite"
	@echo "make test-fast - the tests but browser, worker, fault and benchmark ones (edit-test loop)"
	@echo "make serve  - production-like stack: gunicorn + Celery worker + beat (needs DATABASE_URL, REDIS_URL)"
	@echo "make bench  - run the benchmarks in tests/benchmarks (one JSON line per figure)"
	@echo "make lint   - ruff, import layers, migrations check, djLint"
	@echo "make docs   - serve the documentation (docs/, MkDocs) on 127.0.0.1:8001"
	@echo "make lock   - re-resolve requirements.lock (running) and requirements-dev.lock (tests, tools)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a lock file changes, so a second `make run` starts in seconds. Two locks:
# requirements.lock is what running needs (make run, make serve, production); requirements-dev.lock
# adds the tests and tools (make test, lint, bench, docs), pinned to the same running versions.
STAMP_DEV := $(VENV)/.installed-dev
$(STAMP): requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

$(STAMP_DEV): requirements-dev.lock $(STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP_DEV)

install: $(STAMP)
install-dev: $(STAMP_DEV)

lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -c requirements.lock -o requirements-dev.lock pyproject.toml

migrate: install
	$(PY) manage.py migrate --noinput -v0

# Load the demo partnership again whatever prepare_run's record says (seed_demo is idempotent).
demo: migrate
	$(PY) manage.py seed_demo -v0
	$(PY) manage.py ensure_coordinator

# Web, worker and beat together (Procfile.dev): with REDIS_URL unset the broker is a folder of
# message files under var/broker/. honcho gives each process its own PORT, so SITE_URL is fixed
# here for all three (links in emails point at the web process). prepare_run is the set-up in one
# Django start: migrate only if a migration is unapplied, load the demo only if it is not loaded,
# print the coordinator's login and what runs (a second `make run` answers in seconds).
run: install
	@export SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}; \
	$(PY) manage.py prepare_run && exec $(VENV)/bin/honcho start -f Procfile.dev

serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL (PostgreSQL)"; exit 2; }
	@test -n "$$REDIS_URL" || { echo "make serve needs REDIS_URL"; exit 2; }
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.production} $(PY) manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.production} $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.production} $(VENV)/bin/honcho start -f Procfile

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/djlint templates $(wildcard */templates) --lint
	$(VENV)/bin/mkdocs build --strict --quiet

docs: install-dev
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8001

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Three test processes (pytest-xdist), each with its own test database and Redis database (on
# the 2-core machine the browser and worker tests wait on other processes; see docs/measurements.md).
# pytest-django runs the transactional tests (which empty the database) last. TEST_PROCESSES=0: one.
# (Each process takes the tests in their order, so none runs a test that needs the migrated rows
# after a transactional test emptied its database: not --dist worksteal, which hands a process
# tests from before the ones it has run.)
TEST_PROCESSES ?= 3
test: install-dev lint
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# The edit-test loop: everything but the browser, worker, fault and benchmark tests.
test-fast: install-dev
	$(PY) -m pytest -n $(TEST_PROCESSES) -m "not browser and not worker and not faults" $(PYTEST_ARGS)

bench: install-dev
	@test -x /usr/sbin/smtp-sink || { echo "make bench needs Postfix's smtp-sink: apt-get install postfix"; exit 2; }
	$(PY) -m pytest tests/benchmarks -p no:cacheprovider -q -s -o addopts="" -m bench $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/static var/test-mail var/test-media
