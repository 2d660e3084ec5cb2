# The two commands: `make run` and `make test`. Every step they need is here, so a fresh clone works.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST    ?= 127.0.0.1
PORT    ?= 8000
# Debian packages: a CJK font and HarfBuzz for WeasyPrint, Chromium for browser tests,
# poppler for reading PDFs back in tests, gettext for compiling translations.
DEB_PACKAGES := libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk chromium poppler-utils gettext

.PHONY: run test setup system venv migrate messages lint format clean seed

# The web server, the task worker and the daily scheduler together (Procfile, through honcho); Ctrl-C stops all.
run: setup migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --once
	DJANGO_DEBUG=1 PY=$(PY) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

# Tests build their own database (test_<name>); the development database is not touched.
test: setup
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

setup: system venv messages

# Installs missing Debian packages when we are root; otherwise says what is missing and goes on.
system:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "warning: missing Debian packages:$$missing (PDF and browser tests need them; install as root)"; fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || { py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && $$py -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*; touch $@

messages: venv
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v 0 --ignore=.venv; fi

migrate: venv
	$(PY) manage.py migrate --no-input -v 0

seed: setup migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var db.sqlite3
