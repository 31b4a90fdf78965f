# The two commands: `make run` and `make test`. Everything they need is installed from here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
SYSSTAMP := $(VENV)/.installed-system
APT := DEBIAN_FRONTEND=noninteractive apt-get
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev system-deps bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(DEVSTAMP): requirements-dev.txt $(STAMP)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# Debian packages the tests drive for real: Chromium for the browser tests, PostgreSQL for the storage tests.
$(SYSSTAMP): | $(BIN)/python
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(APT) update -qq && $(APT) install -y -qq chromium postgresql >/dev/null; \
	fi
	touch $@

install: $(STAMP)
install-dev: $(DEVSTAMP) $(SYSSTAMP)
system-deps: $(SYSSTAMP)

# First run: build the bank from seeds/ (approving the best items so the demo quiz has questions), then serve.
run: $(STAMP)
	$(BIN)/quiz generate --if-empty --approve-above 0.5
	$(BIN)/quiz summary
	@echo "Serving the quiz on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/quiz serve --host $(HOST) --port $(PORT)

test: $(DEVSTAMP) $(SYSSTAMP)
	$(BIN)/python -m pytest

bench: $(DEVSTAMP)
	$(BIN)/python bench/generate.py

clean:
	rm -rf $(VENV) instance build *.egg-info
