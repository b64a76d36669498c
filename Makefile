# Press-release localization pipeline.
# `make translate LANG=de` and `make test` are the two commands a new user needs;
# the virtual environment is created and pinned on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# LANG is also the shell's locale. Only a LANG given on the make command line
# names target languages; otherwise the languages come from [tool.pipeline].
ifeq ($(origin LANG),command line)
  # An empty LANG= falls back to [tool.pipeline] too (a bare --lang would swallow the
  # next option); quoted so "de, fr" stays one argument.
  LANG_OPT := $(if $(strip $(LANG)),--lang "$(strip $(LANG))")
  # The child must keep a working locale even though LANG now holds "de".
  CHILD_ENV := env LANG=C.UTF-8 LC_ALL=C.UTF-8
else
  LANG_OPT :=
  CHILD_ENV := env
endif

ENGINE  ?=
RELEASE ?=
XLIFF   ?=
ARGS    ?=
ENGINE_OPT  := $(if $(ENGINE),--engine $(ENGINE))
RELEASE_OPT := $(if $(RELEASE),$(RELEASE))
XLIFF_OPT   := $(if $(XLIFF),--xliff $(XLIFF))
PIPELINE := $(CHILD_ENV) $(PY) -m pipeline

.PHONY: help install test test-fast lint extract translate check build stats report bench clean

help:
	@echo "make translate LANG=de[,fr,es] [ENGINE=argos|apertium|none] [RELEASE=releases/x.txt] [XLIFF=2.1]"
	@echo "make test | test-fast | lint | extract | check | build LANG=de | stats | report LANG=de | bench | clean"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(CHILD_ENV) $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

test: $(STAMP)
	$(CHILD_ENV) $(PY) -m pytest $(ARGS)

test-fast: $(STAMP)
	$(CHILD_ENV) $(PY) -m pytest -m "not slow" $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests

extract: $(STAMP)
	$(PIPELINE) extract $(if $(RELEASE),$(RELEASE),releases)

translate: $(STAMP)
	$(PIPELINE) translate --install-missing $(LANG_OPT) $(ENGINE_OPT) $(XLIFF_OPT) $(RELEASE_OPT)

check: $(STAMP)
	$(PIPELINE) check --with-source locales

build: $(STAMP)
	$(PIPELINE) build $(LANG_OPT) $(RELEASE_OPT)

stats: $(STAMP)
	$(PIPELINE) stats

report: $(STAMP)
	$(PIPELINE) report $(LANG_OPT)

bench: $(STAMP)
	$(CHILD_ENV) $(PY) -m bench

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache bench/results.json
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
