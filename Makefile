# dvcedu — two commands for a fresh Debian/Ubuntu machine:
#   make lab    install what is missing, create the learner's training token, open JupyterLab
#   make test   the same set-up (plus Chromium), then unit tests (and the PKI tests again on
#               the oldest cryptography we declare), strict nbval on every
#               notebook, the course site, and the whole course in a real browser
# LAB_ARGS is passed to JupyterLab, e.g.  make lab LAB_ARGS="--no-browser --port 8888"

PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
LAB_ARGS ?=
# nbval runs a notebook's cells in order: pytest-randomly must not shuffle them
NBVAL    := -p no:randomly --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# the unit suite in parallel and in a shuffled order (pytest-xdist, pytest-randomly: the seed
# is printed first; --randomly-seed=N replays it); tests sharing one physical
# token are one xdist group
UNIT     := -n auto --dist loadgroup tests --ignore=tests/browser --ignore=tests/classroom
# opencryptoki's one soft token, locked and re-initialised by its tests, seen per process:
# those run apart, serially, in file order
OCK      := -p no:randomly -p no:xdist -m opencryptoki tests --ignore=tests/browser \
            --ignore=tests/classroom

.PHONY: lab test check setup system-deps test-deps unit notebooks browser site bench lint \
        classroom-test classroom-bench

system-deps:
	@scripts/ensure-system-deps.sh

test-deps:
	@scripts/ensure-system-deps.sh test

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[notebook,web,test,site]'
	@touch $@

$(LAB_SETTINGS): jupyter/overrides.json $(VENV)/.installed
	@mkdir -p $(dir $@) && cp $< $@

setup: system-deps $(VENV)/.installed $(LAB_SETTINGS)

lab: setup
	$(VENV)/bin/dvcedu token init --if-missing
	-$(VENV)/bin/dvcedu plugin trust
	$(VENV)/bin/dvcedu doctor
	scripts/lab $(LAB_ARGS)

# Tests never touch the learner's own token: each run gets a throw-away DVCEDU_HOME.
test: test-deps setup lint
	@home=$$(mktemp -d) && export DVCEDU_HOME=$$home && \
	  $(PY) -m pytest -q $(UNIT) -m "not slow and not opencryptoki" && \
	  $(PY) -m pytest -q $(OCK) && \
	  scripts/test-oldest && \
	  $(PY) -m pytest -q $(NBVAL) notebooks && \
	  $(MAKE) --no-print-directory site && \
	  $(PY) -m pytest -q -p no:randomly tests/browser && \
	  $(MAKE) --no-print-directory classroom-test; status=$$?; rm -rf $$home; exit $$status

# A real JupyterHub on loopback (classroom/): a few learners, each a system user with their own
# server, the registration notebook's quy trình in each; the trainer's reset; the pre-class
# check. Creates (and removes) system users, so it needs root; as another user it says so and
# is skipped. CLASSROOM_LEARNERS=60 for a class-sized run (or make classroom-bench).
CLASSROOM_LEARNERS ?= 3
classroom-test: setup
	@if [ "$$(id -u)" -ne 0 ]; then \
	  echo "classroom-test: bỏ qua / skipped — needs root (it creates the learners' accounts)"; \
	else \
	  scripts/classroom-env >/dev/null && \
	  DVCEDU_CLASSROOM_LEARNERS=$(CLASSROOM_LEARNERS) $(PY) -m pytest -q -p no:randomly \
	    --timeout 1200 tests/classroom; \
	fi

# 60 learners on this machine: spawn and quy trình p50/p95, memory per learner and of the
# machine (benchmarks/README.md has the figures). Root, as classroom-test.
classroom-bench: setup
	scripts/classroom-env >/dev/null
	$(PY) benchmarks/classroom_hub.py --learners 60 --concurrency 8

# The whole course in Chromium: every notebook run in JupyterLab, every page of the site.
# Screenshots for a person to look at: build/screenshots/.
browser: test-deps setup site
	$(PY) -m pytest -q -p no:randomly tests/browser

# The course as a static site (Sphinx + MyST-NB, the engine of Jupyter Book 1): build/site/.
site: setup
	@rm -rf build/site
	$(PY) -m sphinx -q -W --keep-going -c site -b html . build/site

# Serially, in file order: the third way the unit suite must pass (make test runs it in
# parallel and shuffled).
unit: setup
	@home=$$(mktemp -d) && DVCEDU_HOME=$$home $(PY) -m pytest -q -p no:randomly tests \
	  --ignore=tests/browser --ignore=tests/classroom; status=$$?; rm -rf $$home; exit $$status

# The contributors' quick loop (under 90 s on a 2-core machine): lint, then the unit suite in
# parallel without the load and stress tests (-m load runs them alone; make test runs all).
check: lint
	@home=$$(mktemp -d) && export DVCEDU_HOME=$$home && \
	  $(PY) -m pytest -q $(UNIT) -m "not slow and not load and not opencryptoki" && \
	  $(PY) -m pytest -q $(OCK); status=$$?; rm -rf $$home; exit $$status

notebooks: setup
	$(PY) -m pytest -q $(NBVAL) notebooks

# ruff (lint and format; the message catalogue keeps one message per line), and mypy --strict
# where the public face is typed: token, pki, portal, plugin
STRICT   := dvcedu/token dvcedu/pki dvcedu/portal dvcedu/plugin dvcedu/rssp
LINTED   := dvcedu tests benchmarks tools classroom
lint: setup
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy --strict $(STRICT)

bench: setup
	$(PY) benchmarks/run.py
	@if [ "$$(id -u)" -eq 0 ]; then $(MAKE) --no-print-directory classroom-bench; \
	 else echo "classroom-bench: skipped — needs root"; fi
