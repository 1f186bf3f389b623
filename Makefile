# learnrep: `make help` lists the targets. Everything runs inside .venv, which
# the first target that needs it creates (or re-creates when the lock file
# changed, the venv is broken or PYTHON is another version), installing every
# package at the version requirements/py3.X.txt pins. A fresh clone needs only
# a Python of SUPPORTED on PATH: the newest found is taken, or PYTHON=...

SUPPORTED := 3.13 3.12 3.11
PYTHON ?= $(shell sh tools/find-python $(SUPPORTED))
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The interpreter's X.Y, and so its lock file (empty when PYTHON does not run).
VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
LOCK   := requirements/py$(VERSION).txt
# uv itself, before the venv has it from the lock; the same as the lock pins.
UV_VERSION := 0.13.9

.DEFAULT_GOAL := help
.PHONY: help setup reports test test-fast lint format sample lock benchmark clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml $(wildcard $(LOCK))
	@[ -n "$(VERSION)" ] || { echo "learnrep needs Python $(SUPPORTED) (one of them) on PATH, or run: make setup PYTHON=/path/to/python3.x"; exit 1; }
	@[ -f "$(LOCK)" ] || { echo "learnrep supports Python $(SUPPORTED); $(PYTHON) is $(VERSION), which has no lock file ($(LOCK)). Use another with PYTHON=..."; exit 1; }
	@$(BIN)/python -c 'import sys; assert "%d.%d" % sys.version_info[:2] == "$(VERSION)"' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	@# Exactly the lock's packages (sync removes any other), then learnrep itself,
	@# compiled to bytecode as pip does: uv does not by default, and where Python
	@# cannot write its .pyc files (PYTHONDONTWRITEBYTECODE, as many containers
	@# set; a read-only install) every process would compile GX and pandas again,
	@# doubling the time a report takes (docs/performance.md).
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python $(LOCK)
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name learnrep --display-name "learnrep (Python $(VERSION))" >/dev/null
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

lock: $(STAMP) ## pin every package again, for each supported Python (requirements/, environment.yml)
	$(BIN)/python -m tools.lock

sample: $(STAMP) ## regenerate the committed sample data in data/raw (seeded, deterministic)
	$(BIN)/python -m tools.synthetic sample data/raw

benchmark: $(STAMP) ## learnrep against the hand-wired loop and Snakemake at 1-160 area-periods (1.5 h; BENCH_ARGS="--peer-repeat 1": 40 min; PYTHON=... VENV=... for another Python)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean: ## remove built outputs (data/processed, reports, .learnrep); raw data is never touched
	rm -rf data/processed reports .learnrep
