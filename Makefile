# Two commands on a fresh clone: `make grade` and `make test`. Both create .venv/ and
# install the pinned dependencies (requirements.lock) on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

# The default assignment is named once, in autograder/suites/default.toml.
ASSIGNMENT ?= $(shell sed -n 's/^assignment *= *"\(.*\)".*/\1/p' autograder/suites/default.toml)
# A folder or an LMS download (.zip) as it came: Canvas, Moodle, gh classroom, nbgrader's
# submitted/. Paths may hold spaces and any script: every recipe quotes them (see q below).
SUBMISSIONS ?= submissions/$(ASSIGNMENT)
OUT ?= reports/$(ASSIGNMENT)
LANG_FEEDBACK ?= ko
# Force the download's layout (canvas, moodle, classroom, nbgrader, plain) instead of
# telling it from the names.
LAYOUT ?=
# A folder of your own report templates (README: Restyling the reports); each file there
# replaces the kit's of the same name.
TEMPLATES ?=
PYTEST_ARGS ?=
# More options baked into the Gradescope zip (python -m autograder gradescope --help)
GRADESCOPE_ARGS ?=
NBGRADER_COURSE ?= dist/nbgrader
# make export: the file to write (canvas, moodle, moodle-worksheet, moodle-feedback, csv),
# an optional roster, and more options of `python -m autograder export` (see its --help)
TO ?= csv
ROSTER ?=
EXPORT_ARGS ?=

# $(call q,VALUE): VALUE as one shell word, whatever it holds (spaces, Hangul, quotes, $).
q = '$(subst ','\'',$(1))'

.PHONY: help setup grade test test-fast lint format release generate new clean browser gradescope bench profile nbgrader export

help:
	@echo "make grade    grade "$(call q,$(SUBMISSIONS))" into "$(call q,$(OUT))" (SUBMISSIONS=folder-or-zip OUT=dir ASSIGNMENT=name LAYOUT=canvas|moodle|classroom|nbgrader|plain TEMPLATES=dir)"
	@echo "make export   TO=canvas|moodle|moodle-worksheet|moodle-feedback|csv: the LMS import file of "$(call q,$(OUT))" (ROSTER=file)"
	@echo "make test     lint + the kit's own tests"
	@echo "make test-fast lint + the tests not marked slow, in parallel (FAST_WORKERS=auto)"
	@echo "make release  build dist/<name>/ and dist/<name>.zip for students (every assignment, or ASSIGNMENT=name)"
	@echo "make generate regenerate assignments/ from solutions/"
	@echo "make new NAME=x write the skeleton of a new assignment x (README: Adding an assignment)"
	@echo "make format   format the code with ruff"
	@echo "make nbgrader lay out an nbgrader course in "$(call q,$(NBGRADER_COURSE))" (source/, release/, config)"
	@echo "make bench    grading speed and memory on synthetic classes (BENCH_SIZES=100,1000)"
	@echo "make profile  where a sandboxed grading run spends its CPU (py-spy, PROFILE_SIZE=200)"
	@echo "make gradescope build dist/gradescope_autograder.zip (upload it to Gradescope)"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

grade: $(STAMP)
	$(PY) -m autograder grade $(call q,$(SUBMISSIONS)) --out $(call q,$(OUT)) \
		--assignment $(call q,$(ASSIGNMENT)) --lang $(call q,$(LANG_FEEDBACK)) \
		$(if $(LAYOUT),--layout $(call q,$(LAYOUT))) \
		$(if $(TEMPLATES),--templates $(call q,$(TEMPLATES)))

export: $(STAMP)
	$(PY) -m autograder export $(call q,$(OUT)) --to $(call q,$(TO)) \
		$(if $(ROSTER),--roster $(call q,$(ROSTER))) $(EXPORT_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The browser test uses Debian's chromium (and a Korean font for readable screenshots).
# Installed here when missing and we may (root with apt-get); otherwise that test skips
# with a message.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null \
		|| echo "could not install chromium: the browser test will skip"; \
	fi

# The junit file proves the session really finished: a run that died early (or whose
# interpreter was made to exit 0) leaves no file and fails here.
test: lint browser
	@mkdir -p reports && rm -f reports/kit-tests.xml
	$(PY) -m pytest tests --junitxml=reports/kit-tests.xml $(PYTEST_ARGS)
	@test -s reports/kit-tests.xml || { echo "pytest did not finish its session"; exit 1; }

# The inner loop: the lint and every test not marked `slow` (whole-corpus runs, nbgrader,
# red team, Dask, the browser, the CLI on the sample class), spread over the cores by
# pytest-xdist, one test file per worker so a file's module fixtures are built once.
# `make test` above stays the full suite: run it before pushing.
FAST_WORKERS ?= auto
test-fast: lint
	$(PY) -m pytest tests -m "not slow" -n $(FAST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Every assignment unless one is named (make release ASSIGNMENT=backprop); each gets its own
# dist/<name>/ and dist/<name>.zip, so releasing one never touches another's.
release: $(STAMP)
	$(PY) -m autograder release $(if $(filter file,$(origin ASSIGNMENT)),,--assignment $(call q,$(ASSIGNMENT))) --out dist

# Speed and memory on synthetic classes (not part of `make test`). BENCH_SIZES=100,1000,10000
bench: $(STAMP)
	$(PY) bench/bench.py

# CPU profile of one sandboxed grading run, children included (py-spy needs ptrace: root, or
# kernel.yama.ptrace_scope = 0).
PROFILE_SIZE ?= 200
profile: $(STAMP)
	$(PY) bench/profile.py --size $(PROFILE_SIZE)

# nbgrader runs `alembic` by name: the venv's bin must be on PATH.
nbgrader: $(STAMP)
	PATH=$(call q,$(CURDIR)/$(VENV)/bin):"$$PATH" \
		$(PY) -m autograder nbgrader --assignment $(call q,$(ASSIGNMENT)) --course $(call q,$(NBGRADER_COURSE)) --generate

gradescope: $(STAMP)
	$(PY) -m autograder gradescope --assignment $(call q,$(ASSIGNMENT)) --lang $(call q,$(LANG_FEEDBACK)) \
		--out dist/gradescope_autograder.zip $(GRADESCOPE_ARGS)

generate: $(STAMP)
	$(PY) -m autograder generate --assignment $(call q,$(ASSIGNMENT))

# The skeleton of a new assignment, complete and graded by the kit as it is:
# make new NAME=softmax, then edit only its own files (README, "Adding an assignment").
new: $(STAMP)
	$(PY) -m autograder new $(call q,$(NAME))

clean:
	rm -rf reports dist .ruff_cache
