# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DEBUG ?= true

.PHONY: run test install lint format worker web clean messages data bench-dashboard bench-report bench-iati audit
.PHONY: system-deps check-system totp-code

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	bin/iati-schemas $(BIN)/python $(VENV)/share/iati-2.03
	touch $(STAMP)

install: $(STAMP)

# Serve http://127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all three.
run: data messages
	$(BIN)/python manage.py devserver 127.0.0.1:8000

# Migrations, the real reference data and the demo content (both commands are idempotent).
data: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo

# The current two-factor code of a demo account: `make totp-code USER=asec` (DEBUG is on here).
# USER from the command line only: the shell's own $USER is the login name, not a portal user.
TOTP_USER = $(if $(filter command line,$(origin USER)),$(USER),asec)
totp-code: $(STAMP)
	@$(BIN)/python manage.py totp_code $(TOTP_USER)

# Compiled translations, when there are any and gettext's msgfmt is installed.
messages: $(STAMP)
	@if [ -d locale ] && command -v msgfmt >/dev/null; then \
		$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules; \
	elif [ -d locale ]; then \
		echo "msgfmt not found (install gettext): the interface stays in English."; \
	fi

# The system packages of `make test` (Chromium, gettext, WeasyPrint's libraries: bin/system-deps),
# once per machine, with sudo unless root. CI adds the clients it needs with EXTRA_PACKAGES.
system-deps:
	bin/system-deps install $(EXTRA_PACKAGES)

# Stops `make test` before it starts when a system package is missing, naming it.
check-system:
	@bin/system-deps check

# The tests run in two processes (pytest-xdist, each test file whole in one process: README,
# "Tests"); `make test TEST_PROCESSES=0` runs them in one.
TEST_PROCESSES ?= 2

test: check-system $(STAMP) messages
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist loadfile $(PYTEST_ARGS)

web: $(STAMP)
	$(BIN)/python manage.py runserver 127.0.0.1:8000

worker: $(STAMP)
	$(BIN)/celery -A ascn_portal worker --loglevel=INFO

bench-dashboard: $(STAMP)
	$(BIN)/python bench/dashboard.py

bench-report: $(STAMP)
	$(BIN)/python bench/report.py

bench-iati: $(STAMP)
	$(BIN)/python bench/iati.py

# Key pages and API lists against floor views at scale 1 and 10 under gunicorn (bench/README.md).
.PHONY: bench-web
bench-web: $(STAMP)
	$(BIN)/python bench/web.py

# Mixed traffic for 60 s against gunicorn + PostgreSQL + Redis (bench/load.py, bench/README.md).
.PHONY: bench-load
bench-load: $(STAMP)
	$(BIN)/python bench/load.py

# Each role's start page at a desktop's and a phone's width, over the demo content: PNG files in
# var/screenshots/ (outside git), their paths printed (tests/browser/screenshots.py).
.PHONY: screenshots
screenshots: check-system $(STAMP) messages
	$(BIN)/pytest tests/browser/screenshots.py -q -s -p no:cacheprovider

# Known vulnerabilities of the installed dependencies (pip-audit, with PyPI's data).
audit: $(STAMP)
	$(BIN)/python bin/audit

# Style (ruff) and the allowed arrows between the rooms (lint-imports, docs/architecture.md).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles *.egg-info .pytest_cache .ruff_cache
