# The two commands in the README are `make run` and `make check`; everything else is a part of them.
VENV := .venv/bin
EXAMPLE := examples/bury-and-rochdale-2020.json

.PHONY: setup run check lint typecheck imports test bench format

setup:
	@scripts/setup

# The main job, for now: rate the example inspection and print its ratings table.
run: setup
	$(VENV)/yjinspect rate $(EXAMPLE)

# Every check and test; .ci/run runs this.
check: setup lint typecheck imports test

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

typecheck:
	$(VENV)/mypy

imports:
	$(VENV)/lint-imports

test:
	$(VENV)/pytest

bench: setup
	$(VENV)/python bench/engine.py

format: setup
	$(VENV)/ruff format .
	$(VENV)/ruff check --fix .
