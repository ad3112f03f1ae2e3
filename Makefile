# Two commands on a fresh machine: `make run` (set up and serve) and `make test` (the whole suite).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSSTAMP := var/.system-deps
# Local development settings, written once by `make setup` (DEBUG=True, a random SECRET_KEY);
# manage.py reads them beneath the real environment (config/settings.py), so no DEBUG=True to type.
ENVFILE := var/env
STATIC_ROOT ?= staticfiles
MANIFEST := $(STATIC_ROOT)/staticfiles.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup deps test test-fast lint check-migrations ci clean

run: setup
	@echo ""
	@echo "绩效目标申报与审核系统：http://$(HOST):$(PORT)/  （管理后台 /admin/，按 Ctrl-C 停止）"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Everything `run` does except serving; a second run is quick and changes nothing.
setup: deps $(ENVFILE) $(MANIFEST)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo

$(ENVFILE):
	@mkdir -p $(@D)
	@umask 077 && { \
	  echo "# Local development settings, written once by make setup; the real environment overrides them."; \
	  echo "# Never on a production server: there DEBUG stays off and SECRET_KEY comes from the environment."; \
	  echo "DEBUG=True"; \
	  echo "SECRET_KEY=$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"; \
	} > $@.tmp && mv $@.tmp $@
	@echo "已写入本地开发配置 $@（DEBUG=True 与随机 SECRET_KEY，仅本用户可读）"

# collectstatic compresses and hashes ~1,000 files (15-20 s), so only when its inputs changed:
# our static files, the installed packages (Django admin, Bootstrap) or the settings.
$(MANIFEST): $(STAMP) config/settings.py $(shell find static -type f) | $(ENVFILE)
	$(PY) manage.py collectstatic --noinput -v 0
	@touch $@

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

check-migrations: deps $(ENVFILE)
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles
