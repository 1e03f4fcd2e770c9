# Entry points. `make run` and `make test` are the two commands a newcomer needs (see README).
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PROD_ENV := DJANGO_SETTINGS_MODULE=nlai.settings.production SECRET_KEY=lint-only-$(shell printf '%064d' 0) ALLOWED_HOSTS=example.nl

.PHONY: install lock run test test-fast lint format bench loadtest openapi worker beat demo clean

.venv-tools/bin/uv:
	python3 -m venv .venv-tools && .venv-tools/bin/pip install -q uv==0.13.9

# requirements.lock pins every package with its hashes (made from pyproject.toml by `make lock`).
.venv/.installed: pyproject.toml requirements.lock | $(UV)
	$(UV) venv --allow-existing --python python3.11 .venv
	$(UV) pip sync --python .venv/bin/python --require-hashes requirements.lock
	touch $@

install: .venv/.installed

lock: | $(UV) ## after changing pyproject.toml: resolve again and write the two hashed lock files
	$(UV) lock
	$(UV) export --frozen --format requirements-txt --no-emit-project --all-groups --no-header -o requirements.lock
	$(UV) export --frozen --format requirements-txt --no-emit-project --no-dev --no-header -o requirements-prod.lock

run: install ## site + worker + beat on SQLite with demo data, in the foreground
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --als-leeg --dossiers 40 --seed 1
	$(MANAGE) demo_logins
	$(PY) scripts/run_all.py

test: install ## the whole suite (PostgreSQL when DATABASE_URL is set, else SQLite); finds or installs Chromium
	chromium=$$(scripts/chromium.sh) && CHROMIUM_PATH="$$chromium" $(PY) -m pytest -q -n 2 --dist loadgroup -p no:randomly $(PYTEST_ARGS)

test-fast: install ## everything but the browser and the worker tests (no Chromium, no Celery worker)
	$(PY) -m pytest -q -n 2 --dist loadgroup -p no:randomly -m "not browser and not worker" $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports  # the layers of the house (.importlinter; README "Architecture")
	$(MANAGE) makemigrations --check --dry-run
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING
	@# what the Docker image runs: the manifest storage refuses a CSS/JS file that names a missing file
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(PROD_ENV) STATIC_ROOT=$$tmp $(MANAGE) collectstatic --noinput -v0
	mkdir -p var
	$(MANAGE) spectacular --file var/openapi.check.yaml --validate --fail-on-warn
	diff -u openapi.yaml var/openapi.check.yaml

openapi: install
	$(MANAGE) spectacular --file openapi.yaml --validate --fail-on-warn

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nlai_bench

bench: install ## scale scenarios on PostgreSQL (wipes and reloads the nlai_bench database; SCALE=10000)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scripts/bench.py

LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nlai_bench_load
LOAD_BROKER_URL ?= redis://127.0.0.1:6379/12

loadtest: install ## Locust against gunicorn + worker under the production settings on the bench seed (LOAD_USERS=200 LOAD_SECONDS=120)
	DATABASE_URL=$(LOAD_DATABASE_URL) CELERY_BROKER_URL=$(LOAD_BROKER_URL) $(PY) scripts/loadtest.py

worker: install
	.venv/bin/celery -A nlai worker -l info --concurrency 2

beat: install
	.venv/bin/celery -A nlai beat -l info

.PHONY: backup restore
backup: ## pg_dump of DATABASE_URL + tar of PRIVATE_MEDIA_ROOT into a dated folder under BACKUP_DIR (var/backups)
	scripts/backup.sh

restore: ## make restore BACKUP=var/backups/<folder>: into the (fresh, empty) database DATABASE_URL
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<folder>" >&2; exit 2; }
	scripts/restore.sh "$(BACKUP)"

clean:
	rm -rf var/db.sqlite3* var/celery-broker.sqlite3 var/celerybeat-schedule* var/private var/test-private
