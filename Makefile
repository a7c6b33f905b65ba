# crosstalk — make setup | make run | make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system run test lint ingest bench clean

setup: system $(STAMP) server/static/yasgui/yasgui.min.js

# Debian packages the tests use: Chromium (browser tests) and Java (HermiT reasoner).
system:
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless; \
	  else echo "install Debian packages chromium and default-jre-headless (sudo apt-get install ...)"; fi; }

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

server/static/yasgui/yasgui.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	bash scripts/vendor_yasgui.sh

ingest: setup
	$(BIN)/crosstalk ingest corpus/

run: ingest
	$(BIN)/crosstalk serve --host 127.0.0.1 --port 8000

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/ingest.py
	$(PY) bench/refparse.py
	$(PY) bench/server.py

clean:
	rm -rf var .pytest_cache
