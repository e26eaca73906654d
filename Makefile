# Set-up contract: `make run` and `make test` do everything on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CERTS  ?= certs

.PHONY: run test install install-test system-deps postgres lint typecheck unit functional bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

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

$(CERTS)/gateway.toml: | $(VENV)/.installed
	$(BIN)/meerzorg-gateway dev-pki --out $(CERTS)

# Start the gateway on the embedded SQLite store with the demo configuration. On an empty
# data directory `serve` creates the schema itself; a store that is behind needs `migrate`.
run: $(VENV)/.installed $(CERTS)/gateway.toml
	$(BIN)/meerzorg-gateway serve --config $(CERTS)/gateway.toml

lint: install-test
	$(BIN)/ruff check gateway adapters tests bench
	$(BIN)/ruff format --check gateway adapters tests bench || true

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

test: install-test system-deps postgres
	$(BIN)/ruff check gateway adapters tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

unit: install-test
	$(BIN)/python -m pytest tests/unit

functional: install-test system-deps postgres
	$(BIN)/python -m pytest tests/functional

# Benchmarks (bench/README.md): prints figures, writes bench/results/latest.{json,md};
# never fails on a time. KEYSIZE="2048 4096" runs both side by side.
KEYSIZE ?= 2048
bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench $(foreach k,$(KEYSIZE),--rsa $(k))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache data

# Longer fuzzing on demand (tests/attacks/test_fuzz.py): make fuzz FUZZ_EXAMPLES=20000
FUZZ_EXAMPLES ?= 2000
FUZZ_SERVER_EXAMPLES ?= 200
.PHONY: fuzz
fuzz: install-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SERVER_EXAMPLES=$(FUZZ_SERVER_EXAMPLES) \
	  $(BIN)/python -m pytest -m fuzz -o timeout=0 tests/attacks/test_fuzz.py
