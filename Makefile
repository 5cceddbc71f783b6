# Two commands from a fresh clone: `make run` serves the API (and its email worker), `make test`
# runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate clean serve worker test-services bench

# The venv is rebuilt whenever requirements.txt changes.
$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# The API and the worker that sends its emails, together; Ctrl-C stops both. The worker runs in
# a session of its own, so it gets exactly one signal (a graceful stop) once the API has ended.
run: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	@trap true INT TERM; \
	DJANGO_DEBUG=1 setsid $(BIN)/python manage.py db_worker & worker=$$!; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST); \
	kill -TERM -$$worker 2>/dev/null; wait $$worker

# Production mode under gunicorn: needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and, over
# plain HTTP without a TLS proxy, DJANGO_SECURE_SSL_REDIRECT=0); see README, "Deploying".
# Emails are sent by a worker: `make worker` beside it, with the same environment.
serve: $(BIN)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST) eventScheduler.wsgi

# The email worker of a deployment (README, "Deploying"): as many as you like, on any machine.
worker: $(BIN)/.installed
	$(BIN)/python manage.py db_worker

test: $(BIN)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite on PostgreSQL and Redis (they must be running; .ci/run starts them).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
test-services: $(BIN)/.installed
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Load test against `make serve` on PostgreSQL (DATABASE_URL); see bench/README.md.
bench: $(BIN)/.installed
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts
