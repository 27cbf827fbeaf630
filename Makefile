.PHONY: run test lint format

# Runs the whole system (web, worker, beat, demo data) on embedded defaults.
run:
	bin/run

# Installs what the tests need and runs the whole suite on SQLite and PostgreSQL.
test:
	bin/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .
