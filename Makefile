# Two commands on a fresh machine: `make run` (set up and serve) and `make test` (the whole suite).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSSTAMP := var/.system-deps
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup deps test test-fast lint check-migrations ci clean

run: setup
	@echo ""
	@echo "绩效目标申报与审核系统：http://$(HOST):$(PORT)/  （管理后台 /admin/，按 Ctrl-C 停止）"
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

# Everything `run` does except serving; a second run is quick and changes nothing.
setup: deps
	DEBUG=True $(PY) manage.py migrate --noinput -v 0
	DEBUG=True $(PY) manage.py collectstatic --noinput -v 0
	DEBUG=True $(PY) manage.py load_demo

deps: $(STAMP) $(SYSSTAMP)

$(SYSSTAMP): scripts/system-deps.sh
	./scripts/system-deps.sh
	@mkdir -p var && touch $@

$(STAMP): pyproject.toml
	@test -x $(PY) || { P=$$(./scripts/find-python.sh) && echo "使用 $$P 创建虚拟环境 $(VENV)" && $$P -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q '.[dev]'
	@touch $@

test: deps
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: deps
	$(PY) -m pytest -q -m "not e2e" $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .

check-migrations: deps
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles
