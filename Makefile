# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: bench demo test test-postgres test-browser check messages clean

# Reinstall whenever the package metadata changes.
$(BIN)/.installed: setup.py pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,example]"
	touch $@

demo: $(BIN)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo --host $(HOST)
	$(MANAGE) runserver $(HOST)

test: $(BIN)/.installed
	$(BIN)/pytest

test-postgres: $(BIN)/.installed
	GK_TEST_DATABASE=postgres $(BIN)/pytest

# Playwright drives Debian's Chromium (apt-get install -y chromium fonts-noto-cjk); axe-core comes from npm.
$(BIN)/.browser: $(BIN)/.installed package.json
	$(BIN)/python -m pip install --quiet -e ".[test,example,browser]"
	npm install --no-audit --no-fund --silent
	touch $@

test-browser: $(BIN)/.browser
	GK_BROWSER_TESTS=1 $(BIN)/pytest tests/browser -n 0

check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django check --fail-level WARNING

# Extract new strings into the zh_Hans catalogue and compile it.
messages: $(BIN)/.installed
	cd gk_wagtail && ../$(BIN)/django-admin makemessages --locale zh_Hans --no-obsolete --no-location
	cd gk_wagtail && ../$(BIN)/django-admin compilemessages --locale zh_Hans

# Benchmarks print the figures the docs quote; each takes minutes and CI runs none of them.
# One at a time: make bench BENCHMARKS=load
BENCHMARKS ?= load import_speed search_relevance search_speed search_snippet_cost catalog_bounds hostile_inputs render_cost

bench: $(BIN)/.installed
	for name in $(BENCHMARKS); do $(BIN)/python benchmarks/$$name.py || exit 1; done

clean:
	rm -rf $(VENV) example_site/db.sqlite3 example_site/media
