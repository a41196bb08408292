# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: demo test test-postgres check messages clean

# Reinstall whenever the package metadata changes.
$(BIN)/.installed: setup.py pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST)

test: $(BIN)/.installed
	$(BIN)/pytest

test-postgres: $(BIN)/.installed
	GK_TEST_DATABASE=postgres $(BIN)/pytest

check: $(BIN)/.installed
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django check --fail-level WARNING

# Extract new strings into the zh_Hans catalogue and compile it.
messages: $(BIN)/.installed
	cd gk_wagtail && ../$(BIN)/django-admin makemessages --locale zh_Hans --no-obsolete --no-location
	cd gk_wagtail && ../$(BIN)/django-admin compilemessages --locale zh_Hans

clean:
	rm -rf $(VENV) example_site/db.sqlite3 example_site/media
