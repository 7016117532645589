# Asymmetric Alliances: build, test and benchmark the book.
#   make book   - create .venv with the pinned packages, build the HTML book into _build/html
#                 (PLAIN=1: the plain build, every speed mechanism off; see CONTRIBUTING.md)
#   make test   - unit tests, every notebook under nbmake, checks of the built HTML, browser checks
#                 (every test but the slow tier's, within the test budget of 7 minutes)
#   make test-slow - the slow tier: the checks too heavy for `make test` (pytest mark `slowtier`),
#                 such as every folded solution run on its own; CI runs it after `make test`
#   make test-fast - ruff, mypy and the tests that need no built book, no browser and no notebook run
#   make check-data - check every data file against data/schemas.yml, one line per problem (book,
#                 test and test-fast run it first)
#   make snapshot - refresh tests/snapshots/presets.csv (the presets' verdicts the tests expect)
#   make bench  - page speed in Chromium (DOMContentLoaded, charts drawn, charts live, bytes), page sizes,
#                 then the grading benchmark (make bench-grade)
#   make bench-grade [N=200] - grade N generated submissions with one worker and two: seconds each
#   make pdf    - the whole book as one PDF: _build/pdf/asymmetric-alliances.pdf
#   make lab    - open the notebooks in JupyterLab
#   make slides - _build/slides/: one offline reveal.js deck per topic, with live charts, and its PDF
#   make handout - _build/handout/: the formula, codes, verdicts and notation key on one page (A4, Letter)
#   make coursepack - dist/: the students' zip (both editions of the notebooks, library, data, README) and the instructor's zip
#                     (solutions, Gradescope autograders, rubrics, LMS grades template)
#   make assign ROSTER=roster.csv SECRET=file [LOGIN=login] - each student's signed copy of every
#                     assignment, with their own variant: dist/assigned/ and a zip for the LMS
#   make grade SUBMISSIONS=folder [HAND=marks.csv] [ROSTER=roster.csv] [SECRET=file] [JOBS=2]
#                     [SECONDS=120] [ASSIGNMENT=name] - grade submitted
#                     notebooks offline, each in a sandbox: grades.csv, lms-grades.csv, summary.csv,
#                     feedback/ in the folder

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
MIRROR  ?= $(abspath ../shared/datasets)

# Offline data: use the local mirror of the open datasets when it is there.
ifneq ($(wildcard $(MIRROR)/SOURCES.md),)
export ALLIANCES_DATA_DIR ?= $(MIRROR)
endif
# Keep pip quiet about the machine's extra indexes, and never let Jupyter phone home.
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# The speed mechanisms (lib/alliances/speedups.py) each have a name; ALLIANCES_OFF lists those
# turned off, and `make book PLAIN=1` turns off all of them: the plain build, which keeps only what
# the offline site needs to be correct (the fallback when an upgrade breaks a mechanism; the rent
# table in CONTRIBUTING.md says which test flags which). When the list changes, cache-check has
# Sphinx read and write every page afresh (the notebooks' outputs and the pictures stay).
ifeq ($(PLAIN),1)
export ALLIANCES_OFF := all
endif

JB_FLAGS := --builder html --warningiserror --nitpick --keep-going

# Recipes run in bash with pipefail, so a filtered command still fails the rule.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c

.PHONY: book check-data snapshot test test-slow test-fast bench bench-grade pdf lab lock clean env browser coursepack assign grade cache-check

env: $(STAMP)

# Three pinned sets in requirements/ (see requirements/*.in): runtime.txt runs the notebooks
# (students, course pack, Binder; Python 3.10-3.13), build.txt adds Jupyter Book, and test.txt,
# installed here, adds the test tools. `make lock` regenerates all three with a resolver.
$(STAMP): requirements/test.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The cache keys are defined once, in tools/cachekey.py. Each notebook's record in the execution
# cache keys on its code and on what its last run read (the curated files, the library's modules,
# the pinned packages): tools/prefill_cache.py runs a notebook again when that key changes. The
# build key (library, packages, prefill) is kept beside the cache: when it changes, Sphinx's read
# pages and the charts' pictures (_build/alliances_previews, drawn by the library) are cleared.
BUILD_KEY := $(shell $(PYTHON) tools/cachekey.py --build)
KEY_FILE  := _build/.jupyter_cache.build-key
OFF_FILE  := _build/.speedups-off

cache-check:
	@if [ "$$(cat $(KEY_FILE) 2>/dev/null)" != "$(BUILD_KEY)" ]; then \
	  echo "The library or the pinned packages changed: every page is read and drawn afresh."; \
	  rm -rf _build/.doctrees _build/jupyter_execute _build/alliances_previews; \
	  mkdir -p _build && echo "$(BUILD_KEY)" > $(KEY_FILE); fi
	@if [ "$$(cat $(OFF_FILE) 2>/dev/null)" != "$(ALLIANCES_OFF)" ]; then \
	  echo "ALLIANCES_OFF changed to '$(ALLIANCES_OFF)': every page is written afresh."; \
	  rm -rf _build/.doctrees; mkdir -p _build && echo "$(ALLIANCES_OFF)" > $(OFF_FILE); fi

# The build starts one local kernel per notebook; ipykernel warns that a kernel on the loopback
# interface talks without encryption, which is expected here, so that one line is filtered out.
# Notebooks missing from the execution cache run first, in parallel (tools/prefill_cache.py).
# Every curated file against data/schemas.yml and its loader's rules, and the open datasets'
# sha256: one line per problem, `file:line:field: message`, all in one run (tools/check_data.py).
check-data: $(STAMP)
	@$(BIN)/python tools/check_data.py

# The reviewed snapshot of the results tests guard (tests/snapshots/presets.csv: every preset's
# verdict): run after adding or re-scoring a preset, review with `git diff tests/snapshots`.
snapshot: $(STAMP)
	$(BIN)/python tools/snapshot.py

book: $(STAMP) check-data cache-check
	$(BIN)/python tools/prefill_cache.py --cache _build/.jupyter_cache 2>&1 | grep -v "Kernel is running over TCP"
	$(BIN)/jupyter-book build . $(JB_FLAGS) 2>&1 | grep -v "Kernel is running over TCP without encryption"
	@echo
	@echo "The book is in $(CURDIR)/_build/html (open _build/html/index.html)."

# Node.js parses the library's and the tools' scripts (tests/test_javascript.py).
browser:
	@{ command -v chromium && command -v pdftotext && command -v node; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, poppler-utils and nodejs for the browser, print and script checks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils nodejs >/dev/null; }

# `make test` builds the book in the background while pytest runs: the tests that need no built book
# (the installed wheel, grading, JupyterLab, the unit tests) start at once, and the `site` fixture of
# tests/conftest.py holds the others until the build is done. The build writes its output to
# _build/book.log and its state to _build/.book-status ("running <pid>", then its exit status); a
# failed build fails every test that needs the book, with the end of the log. With --dist loadfile,
# xdist keeps each module on one worker, so that its module fixtures are built once. `make test`
# records its own duration in _build/test-time.txt for `make bench`. nbmake runs only in the pytest that
# tests/test_wheel.py starts; here `-p no:nbmake` keeps each worker from loading it (and, through
# nbformat, jsonschema's IRI grammar, about 1.6 s of CPU per process) before alliances can defer it.
PYTEST := $(BIN)/python -m pytest tests -p no:cacheprovider -p no:nbmake -n 2 --dist loadfile
BOOK_STATUS := _build/.book-status
test: browser $(STAMP) check-data
	@start=$$(date +%s); mkdir -p _build; echo running > $(BOOK_STATUS); \
	setsid bash -c 'echo "running $$$$" > $(BOOK_STATUS); \
	  $(MAKE) --no-print-directory book > _build/book.log 2>&1 && rc=0 || rc=$$?; \
	  echo $$rc > $(BOOK_STATUS).tmp && mv $(BOOK_STATUS).tmp $(BOOK_STATUS)' & book=$$!; \
	trap 'kill -- -$$book 2>/dev/null || true' INT TERM; \
	tests=0; $(PYTEST) -m "not slowtier" || tests=$$?; \
	wait $$book || true; built=$$(cat $(BOOK_STATUS)); \
	echo "The book's build (log: _build/book.log): $$(tail -n 1 _build/book.log)"; \
	echo $$(( $$(date +%s) - start )) > _build/test-time.txt; \
	echo "make test took $$(cat _build/test-time.txt) s"; \
	test "$$built" = 0 || { tail -n 30 _build/book.log; echo "The book's build failed."; exit 1; }; \
	exit $$tests

# The slow tier: the tests marked `slowtier` (pyproject.toml), too heavy for `make test`'s budget;
# `make test` leaves them out and .ci/run runs them after it, on the book that `make test` built (a
# slow test that reads the built book needs `make book` or `make test` first). An empty tier fails,
# as everywhere (pytest's exit status 5: no test collected). The tier records its duration in
# _build/test-slow-time.txt, as `make test` does in _build/test-time.txt.
test-slow: $(STAMP)
	@start=$$(date +%s); mkdir -p _build; \
	tests=0; $(PYTEST) -m slowtier || tests=$$?; \
	echo $$(( $$(date +%s) - start )) > _build/test-slow-time.txt; \
	echo "make test-slow took $$(cat _build/test-slow-time.txt) s"; \
	exit $$tests

# The fast checks (no built book, no browser, no notebook runs): the Pages workflow runs them.
test-fast: $(STAMP) check-data
	$(BIN)/ruff check lib tests tools
	$(BIN)/mypy
	$(PYTEST) -m "not browser and not html and not slow and not slowtier"

bench: $(STAMP) browser
	test -f _build/html/index.html || $(MAKE) --no-print-directory book
	$(BIN)/python tests/bench.py
	$(MAKE) --no-print-directory bench-grade

# Headless Chromium prints every page of _toc.yml; poppler's pdfunite joins them (no LaTeX).
# It also copies the PDF into _build/html, where the introduction links to it.
pdf: $(STAMP)
	test -f _build/html/index.html || $(MAKE) --no-print-directory book
	$(BIN)/python tools/pdf.py

# The slide decks (tools/slides.py, sources in slides/): one offline reveal.js deck per topic in
# _build/slides/TOPIC/ (a folder that loads nothing from outside itself), with the book's live charts,
# and a PDF of each through Chromium's print view in _build/slides/pdf/.
.PHONY: slides handout
slides: $(STAMP) browser
	$(BIN)/python tools/slides.py --pdf

# The one-page handout (tools/handout.py) on A4 and on Letter, from the library's tables: _build/handout/.
handout: $(STAMP) browser
	$(BIN)/python tools/handout.py

# Each student's signed copy of every assignment, with their own variant (tools/variants.py): per
# login in dist/assigned/<login>/, and dist/assigned/assignments-for-lms.zip. LOGIN= re-issues one
# student's copies; SECRET must be a file outside the repository.
assign: $(STAMP)
	@test -n "$(ROSTER)" -a -n "$(SECRET)" || { echo "Usage: make assign ROSTER=roster.csv SECRET=file-outside-the-repository [LOGIN=login] [OUTPUT=folder]"; exit 2; }
	$(BIN)/python tools/variants.py assign --roster "$(ROSTER)" --secret "$(SECRET)" $(if $(OUTPUT),--output "$(OUTPUT)") $(if $(LOGIN),--login "$(LOGIN)")

coursepack: book
	$(BIN)/python tools/coursepack.py

# Each submission runs in a sandbox of its own (Linux namespaces; tools/sandbox.py) and is judged
# outside it (tools/judge.py); a re-run grades only what changed. SECRET checks each signed copy
# and grades it against its own variant; JOBS= submissions run at a time (default 2), each for at
# most SECONDS= (default 120); ASSIGNMENT= names the assignment when the folder's notebooks disagree;
# NOT_ISOLATED=1 grades where no sandbox can be built, labelled "not isolated" in every output.
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "Usage: make grade SUBMISSIONS=folder-of-notebooks [HAND=marks.csv] [ROSTER=roster.csv] [SECRET=file] [JOBS=2] [SECONDS=120] [ASSIGNMENT=name] [NOT_ISOLATED=1]"; exit 2; }
	$(BIN)/python tools/grade.py grade "$(SUBMISSIONS)" $(if $(HAND),--hand-marks "$(HAND)") $(if $(ROSTER),--roster "$(ROSTER)") $(if $(SECRET),--secret "$(SECRET)") $(if $(JOBS),--jobs "$(JOBS)") $(if $(SECONDS),--seconds "$(SECONDS)") $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)") $(if $(NOT_ISOLATED),--not-isolated)

# The grading benchmark (not a test): 200 generated submissions (right, partial, broken,
# cheating) graded with one worker and with two, from a cold cache; seconds per submission.
bench-grade: $(STAMP)
	$(BIN)/python tools/grade_bench.py --submissions $(or $(N),200)

# JupyterLab with jupyterlab-myst (MyST rendered, solutions folded) and offline charts. It never
# calls out: tools/lab.py turns off the news feed and the update check, with the same options and
# settings as the JupyterLab checks of tests/conftest.py.
lab: $(STAMP)
	$(BIN)/python tools/lab.py book

# Resolve the three sets with uv (from test.txt): runtime for every Python from 3.10 to 3.13,
# build and test for Python 3.11 (3.11.5 or later: soupsieve 4 needs it), each held to the
# versions of the set below it.
LOCK := $(BIN)/uv pip compile --quiet --no-header pyproject.toml
lock: $(STAMP)
	{ echo "# Running the notebooks (students, course pack, Binder): Python 3.10 to 3.13, any platform."; \
	  echo "# Generated by \`make lock\` from requirements/runtime.in and pyproject.toml. Do not edit."; \
	  $(LOCK) requirements/runtime.in --universal --python-version 3.10; } > requirements/runtime.tmp
	mv requirements/runtime.tmp requirements/runtime.txt
	{ echo "# Building the book with Python 3.11: the runtime set plus Jupyter Book."; \
	  echo "# Generated by \`make lock\` from requirements/build.in, held to runtime.txt. Do not edit."; \
	  $(LOCK) requirements/build.in -c requirements/runtime.txt --python-version 3.11.5; } > requirements/build.tmp
	mv requirements/build.tmp requirements/build.txt
	{ echo "# Testing with Python 3.11 (installed by \`make env\`): the build set plus the test tools."; \
	  echo "# Generated by \`make lock\` from requirements/test.in, held to build.txt. Do not edit."; \
	  $(LOCK) requirements/test.in -c requirements/build.txt --python-version 3.11.5; } > requirements/test.tmp
	mv requirements/test.tmp requirements/test.txt

clean:
	rm -rf _build
