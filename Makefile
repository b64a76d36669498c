# Press-release localization pipeline.
# `make translate LANG=de` and `make test` are the two commands a new user needs;
# the virtual environment is created and pinned on first use, with only what the target needs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# torch (the bench only) comes from here: the public index's build fetches CUDA libraries.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

# -- what may be given on the command line ------------------------------------------------
# The options each target reads; PYTHON, VENV and TORCH_INDEX go with any target. Anything
# else (LANGS=de, ENGNE=x, LANG= for `make check`) stops make with one line: a variable that
# is silently ignored is a run that did something other than what was asked.
OPTIONS_translate := LANG ENGINE RELEASE XLIFF ARGS
OPTIONS_build     := LANG RELEASE ARGS
OPTIONS_report    := LANG ARGS
OPTIONS_extract   := RELEASE ARGS
OPTIONS_check     := ARGS
OPTIONS_stats     := LANG ARGS
OPTIONS_test      := ARGS
OPTIONS_test-fast := ARGS
OPTIONS_bench     := ARGS
OPTIONS_lint      := ARGS
OPTIONS  := LANG ENGINE RELEASE XLIFF ARGS
SETTINGS := PYTHON VENV TORCH_INDEX
# pipeline/engines/__init__.py ENGINES (tests/test_make.py keeps the two equal).
ENGINES  := argos apertium none

WITH_OPTIONS := translate build report extract check stats test test-fast bench lint
KNOWN  := $(OPTIONS) $(SETTINGS)
GIVEN  := $(sort $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v))))
GOALS  := $(or $(MAKECMDGOALS),help)
UNKNOWN := $(filter-out $(KNOWN),$(GIVEN))
UNUSED  := $(filter-out $(SETTINGS) $(foreach g,$(GOALS),$(OPTIONS_$(g))),$(filter $(KNOWN),$(GIVEN)))

ifneq ($(UNKNOWN),)
  # difflib names the variable that was probably meant; it runs only on this error path.
  SUGGEST := $(shell $(PYTHON) -c 'import difflib, sys; \
    m = difflib.get_close_matches(sys.argv[1], sys.argv[2:], 1); \
    print(f" (did you mean {m[0]}=?)" if m else "")' $(firstword $(UNKNOWN)) $(KNOWN))
  $(error $(firstword $(UNKNOWN))= is not a variable of this Makefile$(SUGGEST); it reads $(KNOWN))
endif
ifneq ($(UNUSED),)
  READ_BY := $(strip $(foreach t,$(WITH_OPTIONS),$(if $(filter $(firstword $(UNUSED)),$(OPTIONS_$(t))),$(t))))
  $(error $(firstword $(UNUSED))= does nothing for `make $(GOALS)`; it is read by: $(READ_BY))
endif
ifneq ($(filter translate,$(GOALS)),)
  ifneq ($(filter-out $(ENGINES),$(ENGINE)),)
    $(error ENGINE=$(ENGINE) is not an engine; choose one of: $(ENGINES))
  endif
endif

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

# -- install levels -------------------------------------------------------------------------
# One stamp per level; each is redone only when pyproject.toml or constraints.txt change, and
# a level also stamps the levels it contains.
CORE  := $(VENV)/.installed-core
ARGOS := $(VENV)/.installed-argos
BENCH := $(VENV)/.installed-bench
TEST  := $(VENV)/.installed-test
# --no-warn-conflicts: argostranslate lacks its declared stanza and spacy on purpose (below),
# which pip would report at every later install; constraints.txt keeps the rest consistent.
PIP   := $(CHILD_ENV) $(PY) -m pip install --quiet --disable-pip-version-check \
	--no-warn-conflicts -c constraints.txt
NEW_VENV := @test -x $(PY) || $(PYTHON) -m venv $(VENV)
# argostranslate's declared dependencies pull in stanza, spacy and torch, which only its own
# translate() uses; the pipeline needs its package module, whose imports the argos extra has.
ARGOSTRANSLATE := $(PIP) --no-deps argostranslate
TORCH_CPU := $(PIP) --no-deps --index-url $(TORCH_INDEX) torch
# apertium and none need no argos engine.
# Without ENGINE=, the engine [tool.pipeline] names decides (read with the system Python's
# tomllib, since the venv may not exist yet): a project on apertium or none needs no argos.
ifneq ($(filter translate,$(GOALS)),)
  ifeq ($(ENGINE),)
    PROJECT_ENGINE := $(shell $(PYTHON) -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb")).get("tool", {}).get("pipeline", {}).get("engine", ""))' 2>/dev/null)
  endif
endif
TRANSLATE_NEEDS := $(if $(filter apertium none,$(or $(ENGINE),$(PROJECT_ENGINE))),$(CORE),$(ARGOS))
# pip compiles an installed package's bytecode, but not an editable install's, and with
# PYTHONDONTWRITEBYTECODE set (CI images often set it) Python never writes it: every
# command then compiled ~140 modules again, a third of `pipeline check`'s start-up.
# compileall rewrites only what changed since.
BYTECODE := $(VENV)/.bytecode
SOURCES  := $(shell find pipeline -name '*.py' 2>/dev/null)

.PHONY: help install install-core test test-fast lint extract translate check build stats \
	report bench clean

help:
	@echo "make translate LANG=de[,fr,es] [ENGINE=$(subst $() ,|,$(ENGINES))] [RELEASE=releases/x.txt] [XLIFF=2.1]"
	@echo "make test | test-fast | lint | extract | check | build LANG=de | stats | report LANG=de | bench | clean"
	@echo "ARGS=\"...\" is passed to the command, e.g. make build LANG=es ARGS=--use-fuzzy"

install: $(ARGOS)

install-core: $(CORE)

$(CORE): pyproject.toml constraints.txt
	$(NEW_VENV)
	$(PIP) -e .
	@touch $@

$(ARGOS): pyproject.toml constraints.txt
	$(NEW_VENV)
	$(PIP) -e '.[argos]'
	$(ARGOSTRANSLATE)
	@touch $(CORE) $@

$(BENCH): pyproject.toml constraints.txt
	$(NEW_VENV)
	$(TORCH_CPU)
	$(PIP) -e '.[argos,bench]'
	$(ARGOSTRANSLATE)
	@touch $(CORE) $(ARGOS) $@

# The suite covers the bench and the Ray executor too, so the test install holds every level.
$(TEST): pyproject.toml constraints.txt
	$(NEW_VENV)
	$(TORCH_CPU)
	$(PIP) -e '.[argos,bench,cluster,test]'
	$(ARGOSTRANSLATE)
	@touch $(CORE) $(ARGOS) $(BENCH) $@

# Listed after each target's install level, so the venv exists when this runs.
$(BYTECODE): $(SOURCES)
	@test ! -d pipeline || $(PY) -m compileall -q pipeline >/dev/null
	@touch $@

test: $(TEST)
	$(CHILD_ENV) $(PY) -m pytest $(ARGS)

test-fast: $(TEST)
	$(CHILD_ENV) $(PY) -m pytest -m "not slow" $(ARGS)

lint: $(TEST)
	$(VENV)/bin/ruff check pipeline tests bench $(ARGS)

extract: $(CORE) $(BYTECODE)
	$(PIPELINE) extract $(if $(RELEASE),$(RELEASE),releases) $(ARGS)

translate: $(TRANSLATE_NEEDS) $(BYTECODE)
	$(PIPELINE) translate --install-missing $(LANG_OPT) $(ENGINE_OPT) $(XLIFF_OPT) $(ARGS) $(RELEASE_OPT)

check: $(CORE) $(BYTECODE)
	$(PIPELINE) check --with-source locales $(ARGS)

build: $(CORE) $(BYTECODE)
	$(PIPELINE) build $(LANG_OPT) $(ARGS) $(RELEASE_OPT)

stats: $(CORE) $(BYTECODE)
	$(PIPELINE) stats $(LANG_OPT) $(ARGS)

report: $(CORE) $(BYTECODE)
	$(PIPELINE) report $(LANG_OPT) $(ARGS)

bench: $(BENCH) $(BYTECODE)
	$(CHILD_ENV) $(PY) -m bench $(ARGS)

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache bench/results.json
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
