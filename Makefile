# Two commands from a fresh clone: `make run` serves the API (and its email worker), `make test`
# runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate clean serve worker test-services bench

# The venv gets the runtime (requirements.txt) for `make run` and `make serve`; the suite and the
# tooling (requirements-dev.txt) come on top with `make test` and `make lint`. Each step reruns
# when its file changes.
$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Development: the API and the worker that sends its emails, together; Ctrl-C stops both. The
# worker runs in a session of its own, so it gets exactly one signal (a graceful stop) once the
# API has ended. The first run writes .env (debug on, a random secret key; git ignores it),
# which settings read, so that manage.py's other commands work in this checkout as they are.
run: $(BIN)/.installed .env
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	@trap true INT TERM; \
	DJANGO_DEBUG=1 setsid $(BIN)/python manage.py db_worker & worker=$$!; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST); \
	kill -TERM -$$worker 2>/dev/null; wait $$worker

.env:
	printf '%s\n' '# Written by `make run` for development; never commit it (.env.example lists every variable).' \
		'DJANGO_DEBUG=1' \
		"DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "make: wrote .env for development (DJANGO_DEBUG=1); manage.py reads it in this checkout"

# Production mode under gunicorn: needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and, over
# plain HTTP without a TLS proxy, DJANGO_SECURE_SSL_REDIRECT=0); see README, "Deploying".
# It reads no .env: a development one would turn debug on. Emails are sent by a worker:
# `make worker` beside it, with the same environment.
serve: $(BIN)/.installed
	DJANGO_ENV_FILE= $(BIN)/python manage.py migrate --no-input
	DJANGO_ENV_FILE= $(BIN)/python manage.py collectstatic --no-input
	DJANGO_ENV_FILE= $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST) eventScheduler.wsgi

# The email worker of a deployment (README, "Deploying"): as many as you like, on any machine.
worker: $(BIN)/.installed
	DJANGO_ENV_FILE= $(BIN)/python manage.py db_worker

# The suite on SQLite and the local-memory cache, whatever the shell or a .env sets (the tests
# read neither); it talks to no Redis.
test: $(BIN)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite on PostgreSQL and Redis (they must be running; .ci/run starts them). The tests
# create their own database next to TEST_DATABASE_URL's and delete only the Redis keys they wrote.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
test-services: $(BIN)/.installed-dev
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Load test against `make serve` on PostgreSQL (DATABASE_URL); see bench/README.md.
bench: $(BIN)/.installed-dev
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts
