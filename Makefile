# hoptac: `make run` starts the demo system; `make test` runs every test (SQLite and PostgreSQL).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3.13 2>/dev/null || ls /root/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | head -1 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PROVINCE ?= 48
PG_URL ?= postgres://postgres@127.0.0.1:5432/hoptac
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup run serve reset-demo test test-sqlite test-postgres system-deps postgres lint bench messages static clean

help:
	@echo "make run    – cài đặt và chạy hệ thống với tỉnh mẫu (SQLite) tại http://$(HOST):$(PORT)/"
	@echo "make serve  – chạy như máy chủ thật (gunicorn, tiến trình nền, DEBUG tắt) tại http://$(HOST):$(PORT)/"
	@echo "make test   – chạy toàn bộ kiểm thử trên SQLite và PostgreSQL (kể cả trình duyệt)"
	@echo "make bench  – chạy các phép đo hiệu năng (bench/), ghi kết quả vào docs/benchmarks.md"

$(VENV)/.installed: requirements/base.txt requirements/dev.txt requirements/constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP) install -q -r requirements/dev.txt -c requirements/constraints.txt 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import django, rest_framework, python_calamine, playwright" 
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Source maps, ES-module and partial builds of the vendor packages are never referenced by pages.
STATIC_IGNORE := -i "*.map" -i "*.esm.*" -i "*.mjs" -i "*.common.*" -i "*.simple.*" -i "*.cjs.js" -i "*.amd.js" -i "*.d.ts" -i "*.scss" -i "extension" -i "package.json" -i "*.rtl.*"

messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

static: $(VENV)/.installed node_modules/.installed
	$(MANAGE) collectstatic --noinput -v 0 $(STATIC_IGNORE)

setup: $(VENV)/.installed node_modules/.installed messages static

run: setup
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) geo_load
	$(MANAGE) indicators_load
	$(MANAGE) demo_load --if-empty --seed 2025 --province $(PROVINCE) --address http://$(HOST):$(PORT)/
	@# The task worker (imports, yearly rating, reminders) and the scheduler run beside the server, stopped with it.
	$(MANAGE) worker -v 0 & worker=$$!; $(MANAGE) crontask --no-heartbeat > /dev/null & cron=$$!; \
	  trap 'kill $$worker $$cron 2>/dev/null' EXIT; $(MANAGE) runserver $(HOST):$(PORT)

# The production stack on this machine (deploy/ and docs/deployment.md install the same on a server):
# migrations, static files and reference data first, then gunicorn (workers from the CPU count,
# static files by WhiteNoise), the task worker and the scheduler, DEBUG off, JSON logs with request ids.
# The database is var/hoptac.sqlite3 or DATABASE_URL; SECRET_KEY, if not given, is generated once into
# var/secret_key. Ctrl-C stops all three; if one of them stops, the others are stopped too.
# `worker` and `crontask` are the task worker (django-tasks-db) and scheduler (django-crontask) commands.
serve: export DEBUG := false
serve: export HOPTAC_LOG_FORMAT ?= json
serve: export HOPTAC_ACCESS_LOG ?= true
serve: export HOPTAC_BIND := $(HOST):$(PORT)
serve: setup
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) geo_load
	$(MANAGE) indicators_load
	@echo "hoptac: http://$(HOST):$(PORT)/ (Ctrl-C để dừng)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(MANAGE) worker & \
	$(MANAGE) crontask & \
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py hoptac.wsgi & \
	wait -n

# Start again from an empty demo database.
reset-demo:
	rm -f var/hoptac.sqlite3 var/hoptac.sqlite3-wal var/hoptac.sqlite3-shm
	$(MAKE) --no-print-directory run

# System packages the tests need: Chromium (browser tests), LibreOffice (DOCX→PDF checks),
# fonts with Vietnamese coverage (PDF), gettext (compilemessages), PostgreSQL client tools.
SYSTEM_PACKAGES := chromium nginx-light systemd openssl postgresql-client fonts-liberation2 fonts-dejavu-core fonts-noto-core libreoffice-writer-nogui poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "apt-get install$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { cluster=$$(ls /etc/postgresql | head -1); \
	  pg_ctlcluster --skip-systemctl-redirect $$cluster main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432

test: system-deps setup postgres
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Kiểm thử trên SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-postgres:
	@echo "== Kiểm thử trên PostgreSQL =="
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup postgres
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules var test-output
