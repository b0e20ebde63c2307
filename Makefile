# Qamqor: `make run` (demo on SQLite) and `make test` do all the set-up on a fresh machine
# with Python 3.11+ and make. See README.md.

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
QAMQOR_DATA_DIR ?= $(CURDIR)/var
export QAMQOR_DATA_DIR
export UV_PYTHON_DOWNLOADS := never
QAMQOR := SECRET_KEY_FILE="$(QAMQOR_DATA_DIR)/secret_key" $(BIN)/qamqor
CHROMIUM := /usr/bin/chromium
APT_CHROMIUM := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

.PHONY: install run test test-deep lint format messages clean browser

# The virtual environment is (re)synced whenever the lock file or pyproject.toml changes.
install: $(VENV)/.synced

$(VENV)/.synced: uv.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	$(BIN)/python -m qamqor.core.i18n compile
	@touch $@

# Serve the demo on http://127.0.0.1:$(PORT). A second run changes nothing and loses nothing.
run: install
	@mkdir -p "$(QAMQOR_DATA_DIR)"
	@$(BIN)/python -m qamqor.core.secret_file "$(QAMQOR_DATA_DIR)/secret_key"
	$(QAMQOR) migrate --noinput
	$(QAMQOR) load_catalog
	$(QAMQOR) collectstatic --noinput --verbosity 0
	$(QAMQOR) demo
	$(QAMQOR) runserver --noreload 127.0.0.1:$(PORT)

# The browser tests (tests/browser) drive Debian's Chromium with Playwright, never a downloaded
# browser: install the chromium package when it is missing (apt-get, as root: CI runs as root).
# Where that cannot be done, say so and go on: those tests then fail, saying why; never skip.
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
	  echo "$(CHROMIUM) is missing and only root with apt-get can install it here:" \
	    "the browser tests will fail (run: sudo apt-get install chromium)" >&2; exit 0; \
	fi; \
	echo "$(CHROMIUM) is missing: installing Debian's chromium for the browser tests"; \
	$(APT_CHROMIUM) || { apt-get update -q && $(APT_CHROMIUM); }

# Lint, then the whole suite on SQLite, then again on PostgreSQL when DATABASE_URL points to one.
test: install lint browser
	env -u DATABASE_URL $(BIN)/pytest -n 2
	@case "$${DATABASE_URL:-}" in \
	  postgres*) $(BIN)/pytest -n 2 ;; \
	  *) echo "DATABASE_URL does not point to PostgreSQL: PostgreSQL run skipped" ;; \
	esac

# The generated access test (tests/access, issue 8) with 500 sequences per engine instead of
# the 50/20 of `make test`: SQLite, then PostgreSQL when DATABASE_URL points to one. Its
# closing summary (seed, sequences, checks, rules exercised) is what docs/access.md quotes;
# QAMQOR_GENERATED_SEED=<seed> replays a run.
test-deep: install
	env -u DATABASE_URL QAMQOR_GENERATED_SEQUENCES=500 $(BIN)/pytest -n 2 tests/access
	@case "$${DATABASE_URL:-}" in \
	  postgres*) QAMQOR_GENERATED_SEQUENCES=500 $(BIN)/pytest -n 2 tests/access ;; \
	  *) echo "DATABASE_URL does not point to PostgreSQL: PostgreSQL run skipped" ;; \
	esac

# Style, the layers of docs/development.md (import-linter, pyproject.toml), types of the services
# and selectors (mypy with django-stubs) and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	env -u DATABASE_URL SECRET_KEY=lint-only-not-a-secret-0123456789abcdef $(BIN)/mypy
	env -u DATABASE_URL SECRET_KEY=lint-only-not-a-secret-0123456789abcdef DJANGO_SETTINGS_MODULE=tests.settings \
	  $(BIN)/python -m django makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the translation catalogues from the source (needs GNU gettext), then compile them.
messages: install
	cd qamqor && DEBUG=1 ../$(BIN)/qamqor makemessages --no-obsolete --no-location -l kk -l ru
	$(BIN)/python -m qamqor.core.i18n compile

clean:
	rm -rf $(VENV) .pytest_cache
