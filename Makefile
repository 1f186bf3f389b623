# learnrep: `make help` lists the targets. Everything runs inside .venv, which
# the first target that needs it creates (or re-creates when pyproject.toml
# changed or the venv is broken), so a fresh clone needs only Python 3.11.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup reports test test-fast lint format sample benchmark clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "learnrep needs $(PYTHON) on PATH (or run: make PYTHON=/path/to/python3.11)"; exit 1; }
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name learnrep --display-name "learnrep (Python 3.11)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## create .venv with learnrep and its tools (then: . .venv/bin/activate)

reports: $(STAMP) ## build every sample area-period's report and the index
	$(BIN)/learnrep run

test: lint ## lint, then the whole test suite (what CI runs)
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=20

test-fast: lint ## lint, then every test not marked slow (the inner loop)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow"

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

sample: $(STAMP) ## regenerate the committed sample data in data/raw (seeded, deterministic)
	$(BIN)/python -m tools.synthetic sample data/raw

benchmark: $(STAMP) ## learnrep against the hand-wired loop and Snakemake at 1-160 area-periods (1.5 h; BENCH_ARGS="--peer-repeat 1": 40 min)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean: ## remove built outputs (data/processed, reports, .learnrep); raw data is never touched
	rm -rf data/processed reports .learnrep
