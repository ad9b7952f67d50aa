# Massage Aha! CMS: `make run` serves the site, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BACKEND_PORT ?= 8000
FRONTEND_PORT ?= 8080
export BACKEND_PORT FRONTEND_PORT

.PHONY: run test bench lint format install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin
	./scripts/run.sh

test: install
	./scripts/install-test-tools.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	# The public site is a separate Django project: its tests run with its own settings, its
	# shared fixtures as a plugin, and no conftest above tests/e2e (tests/conftest.py is the CMS's).
	$(BIN)/pytest --ds=frontend_templates.settings.test --confcutdir=tests/e2e \
		-p tests.frontend.fixtures tests/frontend tests/e2e

# `make bench BENCH_ARGS="--only site --seconds 5"`: one step, shorter wrk runs.
bench: install
	./scripts/install-bench-tools.sh
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles media db.sqlite3 db.sqlite3-wal db.sqlite3-shm .cache

.PHONY: backup restore

# Database + media into backups/<timestamp>/ (see README "Backups").
backup: install
	$(BIN)/python -m deploy.backup backup

# make restore BACKUP=backups/<timestamp>: into an empty database and MEDIA_ROOT.
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>" >&2; exit 1; }
	$(BIN)/python -m deploy.backup restore "$(BACKUP)"
