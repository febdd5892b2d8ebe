# dvcedu — two commands for a fresh Debian/Ubuntu machine:
#   make lab    install what is missing, create the learner's training token, open JupyterLab
#   make test   the same set-up, then unit tests and strict nbval on every notebook
# LAB_ARGS is passed to JupyterLab, e.g.  make lab LAB_ARGS="--no-browser --port 8888"

PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
LAB_ARGS ?=
ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL    := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test setup system-deps unit notebooks bench lint

system-deps:
	@scripts/ensure-system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[notebook,test]'
	@touch $@

setup: system-deps $(VENV)/.installed

lab: setup
	$(VENV)/bin/dvcedu token init --if-missing
	$(VENV)/bin/dvcedu doctor
	$(VENV)/bin/jupyter lab $(ROOT_ARG) $(LAB_ARGS) notebooks/00_gioi_thieu.ipynb

# Tests never touch the learner's own token: each run gets a throw-away DVCEDU_HOME.
test: setup
	@home=$$(mktemp -d) && export DVCEDU_HOME=$$home && \
	  $(PY) -m pytest -q tests && \
	  $(PY) -m pytest -q $(NBVAL) notebooks; status=$$?; rm -rf $$home; exit $$status

unit: setup
	$(PY) -m pytest -q tests

notebooks: setup
	$(PY) -m pytest -q $(NBVAL) notebooks

lint: setup
	$(VENV)/bin/ruff check dvcedu tests benchmarks

bench: setup
	$(PY) benchmarks/run.py
