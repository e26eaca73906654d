# Set-up contract: `make run` and `make test` do everything on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CERTS  ?= certs

.PHONY: run test install install-test peer desk-screenshots system-deps browser-deps postgres lint typecheck unit functional bench clean desk-aanbieder desk-zorgkantoor lock

# Locked dependencies (README, "Locked dependencies"): exact versions with hashes, for
# Linux x86_64 and CPython 3.11+; `make lock` writes them from pyproject.toml.
LOCK_RUNTIME := requirements/runtime.txt
LOCK_TEST    := requirements/test.txt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(LOCK_RUNTIME) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_RUNTIME)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK_TEST) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_TEST)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Resolve pyproject.toml again (PyPI only, whatever the machine's pip configuration adds)
# and write both lock files; versions already locked are kept unless UPGRADE=1 (or
# UPGRADE_PACKAGE=name). The runtime lock starts from the test lock, so the packages
# both hold have one version.
PIP_COMPILE = PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_CONSTRAINT= PIP_EXTRA_INDEX_URL= \
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4'
	mkdir -p requirements
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) \
	  $(if $(UPGRADE_PACKAGE),--upgrade-package $(UPGRADE_PACKAGE)) \
	  --extra test --output-file $(LOCK_TEST) pyproject.toml
	cp $(LOCK_TEST) $(LOCK_RUNTIME)
	$(PIP_COMPILE) --output-file $(LOCK_RUNTIME) pyproject.toml
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --output-file $(PEER_LOCK) bench/peer-requirements.in

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

PEER_VENV := .venv-peer
PEER_LOCK := bench/peer-requirements.txt
$(PEER_VENV)/.installed: $(PEER_LOCK)
	test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --require-hashes -r $(PEER_LOCK)
	touch $@
peer: $(PEER_VENV)/.installed

# The interop tests need xmlsec1, openssl and curl; install them through apt-get when missing.
system-deps:
	@missing=""; \
	command -v xmlsec1 >/dev/null || missing="$$missing xmlsec1"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v curl    >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "need root to apt-get install$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The desk's browser tests drive Debian's chromium through Debian's chromedriver (Selenium
# never downloads a browser); install them through apt-get when missing.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "need root to apt-get install$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(CERTS)/gateway.toml: | $(VENV)/.installed
	$(BIN)/meerzorg-gateway dev-pki --out $(CERTS)

# Start the gateway on the embedded SQLite store with the demo configuration. On an empty
# data directory `serve` creates the schema itself; a store that is behind needs `migrate`.
run: $(VENV)/.installed $(CERTS)/gateway.toml
	$(BIN)/meerzorg-gateway serve --config $(CERTS)/gateway.toml

# The desk (README "The desk"): one per participant, next to `make run`, each printing its link.
desk-aanbieder: $(VENV)/.installed $(CERTS)/gateway.toml
	$(BIN)/meerzorg-gateway desk --party $(CERTS)/agb-12345678 --port 8765

desk-zorgkantoor: $(VENV)/.installed $(CERTS)/gateway.toml
	$(BIN)/meerzorg-gateway desk --party $(CERTS)/zk-5509 --port 8766

# The screenshots in docs/desk/ (README "The desk"): the browser tests, writing there.
desk-screenshots: install-test browser-deps
	DESK_SCREENSHOTS=docs/desk $(BIN)/python -m pytest tests/desk -q

lint: install-test
	$(BIN)/ruff check gateway adapters tests bench
	$(BIN)/lint-imports
	$(BIN)/ruff format --check gateway adapters tests bench

typecheck: install-test
	$(BIN)/mypy

# The PostgreSQL tests need the local server (127.0.0.1:5432, database `test`); start it
# when it is installed but stopped. With CI=true the tests fail rather than skip without it.
postgres:
	@if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -n 1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi

test: install-test system-deps browser-deps postgres peer
	$(BIN)/ruff check gateway adapters tests
	$(BIN)/ruff format --check gateway adapters tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

unit: install-test
	$(BIN)/python -m pytest tests/unit

functional: install-test system-deps postgres
	$(BIN)/python -m pytest tests/functional

# Benchmarks (bench/README.md): prints figures, writes bench/results/latest.{json,md};
# never fails on a time. KEYSIZE="2048 4096" runs both side by side.
# pyas2-lib, the peer of bench/peer_pyas2.py, gets its own venv (PEER_VENV), so that its
# dependencies never change what the gateway is locked to and measured with; locked with
# hashes in bench/peer-requirements.txt (`make lock`). `make test` runs it once too.
KEYSIZE ?= 2048
bench: install-test peer
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench $(foreach k,$(KEYSIZE),--rsa $(k))

clean:
	rm -rf $(VENV) $(PEER_VENV) .pytest_cache .mypy_cache .ruff_cache data

# Longer fuzzing on demand (tests/attacks/test_fuzz.py, and schemathesis against a live
# gateway with docs/openapi.yaml): make fuzz FUZZ_EXAMPLES=20000 OPENAPI_EXAMPLES=2000
FUZZ_EXAMPLES ?= 2000
FUZZ_SERVER_EXAMPLES ?= 200
OPENAPI_EXAMPLES ?= 300
OPENAPI_OUTAGE_EXAMPLES ?= 30
.PHONY: fuzz
fuzz: install-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SERVER_EXAMPLES=$(FUZZ_SERVER_EXAMPLES) \
	  $(BIN)/python -m pytest -m fuzz -o timeout=0 tests/attacks/test_fuzz.py
	OPENAPI_EXAMPLES=$(OPENAPI_EXAMPLES) OPENAPI_OUTAGE_EXAMPLES=$(OPENAPI_OUTAGE_EXAMPLES) \
	  $(BIN)/python -m pytest -o timeout=0 tests/functional/test_openapi_fuzz.py \
	  tests/resilience/test_openapi_outage.py
