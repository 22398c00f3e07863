# The README's commands. `make demo` installs and runs the portal with demo data on SQLite;
# `make test` runs the whole test suite. Both create the virtual environment when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The developer's tools run with DEBUG on: with it off, the portal refuses the published
# development secret key (iclon/settings.py), as production must.
DEMO_ENV := DJANGO_DEBUG=1

.PHONY: install demo run totp worker beat test check typecheck lint format messages compilemessages clean mutation mutation-report

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# migrate quietly; seed_demo prints a line per part of the demo and writes its e-mails to demo-mail/.
demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "The portal runs at http://127.0.0.1:$(PORT)/ (demo accounts: see the README). Stop with Ctrl+C."
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The current two-factor code of the demo staff accounts (their TOTP secret is published).
totp: install
	@$(DEMO_ENV) $(PY) manage.py demo_totp

run: install
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Parallel test workers (pytest-xdist): one per CPU.
TEST_WORKERS ?= auto

test: install
	@# --durations: the run ends with its slowest tests, to keep CI within its time.
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not services" --cov --cov-report= --durations=30 $(PYTEST_ARGS)
	@# The tests against real services (a Celery worker on Redis and PostgreSQL) run in one process
	@# afterwards: they start worker processes of their own. Skipped when PYTEST_ARGS picks tests.
	$(if $(PYTEST_ARGS),,$(PY) -m pytest -n 0 -m services --cov --cov-append --cov-report=term --cov-fail-under=85)

# Static checks that CI runs before the tests.
check: install lint typecheck
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEMO_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(DEMO_ENV) $(PY) scripts/check_messages.py
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		DJANGO_ALLOWED_HOSTS=portal.iclon.example $(PY) manage.py check --deploy --fail-level WARNING

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy (django-stubs, djangorestframework-stubs) over every app's services, selectors and
# permissions, wherever a slice keeps them: services.py or a services/ package, and so on.
TYPECHECK_APPS ?= iclon partnerships programmes professionalisation research

typecheck: install
	$(DEMO_ENV) $(VENV)/bin/mypy $$(find $(TYPECHECK_APPS) -path '*/migrations' -prune -o -type f -name '*.py' \( \
		-name services.py -o -name selectors.py -o -name permissions.py \
		-o -path '*/services/*' -o -path '*/selectors/*' -o -path '*/permissions/*' \) -print | sort)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the marked strings into the .po files (translate them, then compilemessages).
messages: install
	$(DEMO_ENV) $(PY) manage.py makemessages --locale nl --locale en --no-obsolete --no-location --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*"
	$(DEMO_ENV) $(PY) manage.py makemessages --domain djangojs --locale nl --locale en --no-obsolete --no-location --ignore ".venv/*" --ignore "staticfiles/*"

compilemessages: install
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore ".venv/*"

# With REDIS_URL set: the Celery worker and beat (sending notifications, periodic sweeps).
worker: install
	$(DEMO_ENV) $(VENV)/bin/celery -A iclon worker -l info

beat: install
	$(DEMO_ENV) $(VENV)/bin/celery -A iclon beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .coverage htmlcov

# Mutation testing (docs/testing.md): a benchmark of the tests, not part of CI. MUTATE picks the
# mutants by name (patterns, space-separated), e.g. MUTATE="partnerships.services.*"; the report is per module.
MUTATE ?= *
$(VENV)/.mutation: $(VENV)/.installed requirements-mutation.txt
	$(PY) -m pip install --quiet -r requirements-mutation.txt
	@touch $@

mutation: $(VENV)/.mutation
	DJANGO_TEST_DATABASE_NAME=$(CURDIR)/mutants/test-database.sqlite3 $(VENV)/bin/mutmut run --max-children 1 $(foreach m,$(MUTATE),"$(m)")
	$(DEMO_ENV) $(PY) scripts/mutation_report.py

mutation-report:
	$(DEMO_ENV) $(PY) scripts/mutation_report.py
