# kcinema: `make run` sets up and serves the demo site; `make test` sets up and runs every test.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
# The first Python 3.12+ on the PATH (pyenv's .python-version picks 3.13 where pyenv is used).
PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 python3; do \
	command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$candidate; break; }; done)
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: help install run demo test test-fast lint format messages browser bench bench-search bench-shield bench-pages clean

help:
	@echo "make run     set up, load the demo catalogue and serve http://127.0.0.1:8000/"
	@echo "make test    set up and run the whole test suite (browser tests in Debian's chromium)"
	@echo "make lint    ruff check and format check"
	@echo "make bench   served pages under wrk at 1,000 and 100,000 films on SQLite and PostgreSQL, one table"
	@echo "             (BENCH_ARGS=\"--films 1000 --backend sqlite --no-nginx\" and so on: scripts/bench-site --help)"
	@echo "make bench-search  search latency and throughput on 100,000 synthetic films (SQLite and PostgreSQL)"
	@echo "make bench-pages   every public page uncached at 1,000 and 100,000 films: flags the pages whose cost grows"
	@echo "make bench-shield  the shield under attack: scanner flood, password guessing, takedown griefing, Observatory grades"

$(BIN)/kcinema: pyproject.toml
	@test -n "$(PYTHON)" || { echo "kcinema needs Python 3.12 or newer (python3 --version)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/kcinema

run: install
	$(BIN)/kcinema demo
	$(BIN)/kcinema serve

demo: install
	$(BIN)/kcinema demo

browser:
	@scripts/install-browser

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext; the compiled .mo files are committed so that running the site does not.
messages: install
	$(BIN)/django-admin makemessages --locale ko --settings kcinema.settings --pythonpath . --extension html,py --ignore ".venv/*" --ignore "tests/*" --ignore "var/*"
	$(BIN)/python scripts/apply-translations

# Builds each catalogue once (100,000 films take long), then about three minutes a catalogue;
# needs wrk and nginx, and PostgreSQL and Redis for --backend postgresql (the default is both).
bench: install
	scripts/bench-site $(BENCH_ARGS)

# Several minutes: generates the catalogue on both backends; needs wrk, PostgreSQL and Redis.
bench-search: install
	scripts/bench-search

# Builds (or reuses) the catalogues of scripts/bench_catalogue.py; BENCH_PAGES_ARGS="--backend postgresql".
bench-pages: install
	scripts/bench-pages $(BENCH_PAGES_ARGS)

# Several minutes, on loopback: each script serves its own temporary site; needs nginx, openssl
# and Node.js for the Observatory's grades.
bench-shield: install
	$(BIN)/python scripts/bench-scanner-flood
	$(BIN)/python scripts/bench-password-guessing
	$(BIN)/python scripts/bench-takedown-griefing
	$(BIN)/python scripts/observatory-scores

clean:
	rm -rf $(VENV) var .pytest_cache
