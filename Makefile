# Hudud — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bootstrap system-deps lint typecheck unit bench demo-region clean i18n

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The screening engine compiled with mypyc (hudud.compiled); rebuilt when its source changes. Without
# a C compiler the source runs as it is (slower), so a failed build does not stop the make.
ENGINE := src/hudud/compiled.json
ENGINE_SOURCES := $(wildcard src/hudud/names/*.py src/hudud/screening/*.py) src/hudud/compiled.py

$(ENGINE): $(STAMP) $(ENGINE_SOURCES)
	@echo "compiling the screening engine (mypyc, about a minute)…"
	@HUDUD_PURE_ENGINE=1 $(BIN)/python -c 'from hudud.compiled import main; main()' \
	  || echo "make: the screening engine was not compiled; its Python source runs instead (slower)"

bootstrap: $(STAMP) $(ENGINE)

## System packages the tests need (Chromium for browser tests, nats-server, OCR-B font).
system-deps:
	@bash scripts/system-deps.sh

demo: bootstrap
	$(BIN)/hudud migrate
	$(BIN)/hudud demo
	$(BIN)/hudud serve --host 127.0.0.1 --port 8000

lint: bootstrap
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: bootstrap
	$(BIN)/mypy

test: bootstrap system-deps lint typecheck
	$(BIN)/python -m pytest tests --durations=25

unit: bootstrap
	$(BIN)/python -m pytest tests/unit -q

## Speed and accuracy figures into docs/benchmarks.md (installs the peer engines measured alongside).
bench: bootstrap
	$(BIN)/pip install --quiet -e '.[dev,peers]'
	$(BIN)/python -m benchmarks $(BENCH)

clean:
	-test -x $(BIN)/python && $(BIN)/python -c 'from hudud.compiled import main; main()' --clean
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache src/build src/.mypy_cache

## After adding interface strings: the template of every string (var/i18n/messages.pot, for translators'
## tools), then the strings an ar or fr catalog still lacks. Each area keeps its own catalog
## (src/hudud/web/i18n/<lang>/LC_MESSAGES/<area>.po): add the missing ones to their area's, by hand.
i18n: bootstrap
	mkdir -p var/i18n
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext_ -k N_ -o var/i18n/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pytest -q -p no:cacheprovider tests/unit/test_catalogs.py

## Regional demo: hub + Morocco + Tunisia + one Moroccan border post, each with its own nats-server
## (leaf nodes on loopback ports), database and keys under var/demo-region; Ctrl-C stops everything.
demo-region: bootstrap
	$(BIN)/hudud node demo-region --base var/demo-region
