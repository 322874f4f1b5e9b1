# The two commands in the README are `make run` and `make check`; everything else is a part of them.
VENV := .venv/bin
PORT ?= 8000

.PHONY: setup setup-test run rate-example report-pages guide-pages check lint typecheck imports check-deploy test test-postgres bench format

setup:
	@scripts/setup

setup-test:
	@scripts/setup --test

# The main job: the web application on an embedded SQLite database, with the demo inspection.
run: setup
	$(VENV)/yjinspect serve --demo --port $(PORT)

# Rate the example inspection (Bury and Rochdale, 2020) from the command line.
rate-example: setup
	$(VENV)/yjinspect rate examples/bury-and-rochdale-2020.json

# The example's report as PDF, and its pages as PNG images to look at (out/report-pages/).
report-pages: setup
	mkdir -p out/report-pages
	$(VENV)/yjinspect report examples/bury-and-rochdale-2020.json --format pdf -o out/bury-and-rochdale-2020.pdf
	pdftoppm -r 80 -png out/bury-and-rochdale-2020.pdf out/report-pages/page
	@echo "pages in out/report-pages/"

# Every page each role uses in a whole inspection, as PNG screenshots of the demo in Debian's Chromium
# (scripts/setup --test installs it), listed in out/guide-pages/index.html; docs/user-guide.md names them.
guide-pages: setup
	$(VENV)/python scripts/guide_pages.py

# Every check and test, on SQLite and then on a throwaway PostgreSQL; .ci/run runs this.
check: setup-test lint typecheck imports check-deploy test test-postgres

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

typecheck:
	$(VENV)/mypy

imports:
	$(VENV)/lint-imports

# Django's deployment checks under the documented production environment (docs/deploying.md,
# "Production"), in a throwaway data folder: any warning fails.
check-deploy:
	@data=$$(mktemp -d) && trap 'rm -rf "$$data"' EXIT && \
	  env -u DATABASE_URL YJINSPECT_PROFILE=production YJINSPECT_ALLOWED_HOSTS=inspect.example.org \
	  $(VENV)/yjinspect manage --data-dir "$$data" check --deploy --fail-level WARNING

test:
	$(VENV)/pytest

# The database-backed tests again, on PostgreSQL (the engine's tests do not touch a database). The
# browser tests ran once already, on SQLite: they drive pages whose queries tests/web runs on both.
test-postgres:
	@url=$$(scripts/postgres start) && trap 'scripts/postgres stop' EXIT && \
	  echo "PostgreSQL at $$url" && DATABASE_URL=$$url $(VENV)/pytest tests/web

bench: setup
	$(VENV)/python bench/engine.py
	$(VENV)/python bench/reports.py
	$(VENV)/python bench/import.py

format: setup
	$(VENV)/ruff format .
	$(VENV)/ruff check --fix .
