# The two commands: `make run` (the portal with demo data) and `make test` (the suite).
# Both need only Python 3.11+ and git; they install uv and the locked dependencies, and
# start an embedded PostgreSQL and Redis under ./var/ unless DATABASE_URL / REDIS_URL
# are set.
SHELL := /bin/bash
# uv from PATH, else the one pip installed (found through Python, wherever pip put it).
UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PORT ?= 8000
export MINGA_PORT := $(PORT)

.PHONY: run test bootstrap browser js lint format messages migrations services-stop bench-sign bench-import bench-report bench-reminders bench-register

bootstrap:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
	  || python3 -m pip install --quiet uv \
	  || python3 -m pip install --quiet --user --break-system-packages uv
	@$(UV) sync --frozen --quiet

run: bootstrap
	@$(UV) run python -m network.embedded run -- bash -c '\
	  set -e; python manage.py migrate --noinput; python manage.py seed_demo; \
	  echo; echo "Minga is starting at http://127.0.0.1:$(PORT)/ (health: /healthz). Ctrl-C stops it."; echo; \
	  exec honcho -f network/Procfile -d . start'

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium for the browser tests (apt-get install chromium)"; fi; }

# axe-core for the browser tests' accessibility checks, as package-lock.json pins it:
# `npm ci`, or without npm a download checked against the lock file's sha512.
js: bootstrap
	@$(UV) run python tests/e2e/js_packages.py || [ "$$CI" != true ]

test: bootstrap browser js
	@$(UV) run python -m network.embedded run -- python -m pytest $(PYTEST_ARGS)

lint: bootstrap
	@$(UV) run ruff check .
	@$(UV) run ruff format --check .

format: bootstrap
	@$(UV) run ruff format .
	@$(UV) run ruff check --fix .

migrations: bootstrap
	@$(UV) run python -m network.embedded run -- python manage.py makemigrations --check --dry-run

messages: bootstrap
	@$(UV) run python manage.py makemessages -l es -l en -l pt -l fr --no-obsolete --add-location file --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	@$(UV) run python manage.py compilemessages --ignore=.venv

services-stop:
	@$(UV) run python -m network.embedded stop

bench-import: bootstrap
	@$(UV) run python -m network.embedded run -- python -m bench.member_import

bench-register: bootstrap
	@$(UV) run python -m network.embedded run -- python -m bench.register $(BENCH_ARGS)
bench-report: bootstrap
	@$(UV) run python -m network.embedded run -- python -m bench.evaluation_report

bench-sign: bootstrap
	@$(UV) run python -m network.embedded run -- python -m bench.sign $(BENCH_ARGS)

bench-reminders: bootstrap
	@$(UV) run python -m network.embedded run -- python -m bench.reminders $(BENCH_ARGS)
