# Two entry points: `make run` (set up, ingest corpus/) and `make test` (set up, run the tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup sysdeps run test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for OCR and legacy .doc files; skipped with a warning where apt-get is not usable.
sysdeps:
	@bash scripts/install-system-deps.sh

run: setup
	-$(BIN)/directives ingest corpus
	$(BIN)/directives tasks --limit 10

test: setup sysdeps
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/bench_text.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
