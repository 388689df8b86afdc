# The two commands: `make run` (the dashboard on http://localhost:8501) and `make test` (the whole suite).
# `make test-fast`: the same without the browser, load and slow tiers (pytest markers), for while you work.
# Both create .venv and install the pinned versions from requirements.lock on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-fast lint validate bench screenshot clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

run: $(VENV)/.installed
	$(PY) -m caucasus_atlas serve --server.port $(PORT)

test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	for f in static/atlas/*.js; do node --check "$$f" || exit 1; done
	node --test tests/js/
	$(PY) -m caucasus_atlas validate
	$(PY) -m pytest

test-fast: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m caucasus_atlas validate
	$(PY) -m pytest -m "not browser and not load and not slow"

lint: $(VENV)/.installed
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy
	for f in static/atlas/*.js; do node --check "$$f" || exit 1; done

validate: $(VENV)/.installed
	$(PY) -m caucasus_atlas validate

bench: $(VENV)/.installed
	$(PY) -m caucasus_atlas bench --repeat 20
	$(PY) tests/browser/bench_browser.py

screenshot: $(VENV)/.installed
	$(PY) tests/browser/screenshot.py docs/screenshot.png

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache *.egg-info
