# PyTorch from Zero to One: every command a learner, teacher or maintainer needs.
# `make help` lists them.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# The Chinese edition: the same lessons, translated, in notebooks/zh_CN/ (see README, "Translations").
TRANSLATIONS := $(sort $(wildcard notebooks/zh_CN/[0-9][0-9]_*.ipynb))
# The learner's working copy of the lessons (git-ignored); JupyterLab options go in ARGS.
LAB_DIR ?= lab
ARGS ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help venv lab lab-copy restart author test check lint execute home book handouts pdf bench sweep timings compat clean node-packages

help:  ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# INSTALLER=uv installs the same pinned versions with uv (first the uv that requirements.txt pins), which unpacks
# the wheels on every core: about 20 s instead of a minute for pip. uv reads no pip.conf: where pip is configured to
# use another index, give uv the same one (UV_DEFAULT_INDEX, UV_EXTRA_INDEX_URL; .ci/run does it). pip is the default.
INSTALLER ?= pip
ifeq ($(filter $(INSTALLER),pip uv),)
$(error INSTALLER is pip or uv, not "$(INSTALLER)")
endif
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
ifeq ($(INSTALLER),uv)
	$(BIN)/python -m pip install --quiet "$$(grep -Eo '^uv==[^ ]+' requirements.txt)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python --upgrade-package pip pip -r requirements.txt -e .
else
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt -e .  # .pyc files come on first import
endif
	touch $@

venv: $(STAMP)  ## Create or update the virtual environment in .venv (INSTALLER=uv: with uv, about 3 times faster)

# Learners work in their own copy: notebooks/ (the Chinese edition in notebooks/zh_CN/ included) is copied
# to $(LAB_DIR)/ file by file, and a file that is already there is never overwritten, so autosave never
# touches the committed, tested lessons.
lab: $(STAMP) lab-copy  ## Open your own copy of the lessons (lab/, 中文版: lab/zh_CN/) in JupyterLab; options: ARGS="--no-browser --port 8890"
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(ARGS) "$(LAB_DIR)"

# notebooks/cheatsheet.md (pitfalls.md, glossary.md) link to the Chinese pages, for the links of lab/zh_CN/ (English lessons link to
# the one at the root); cp copies what a link points to.
# (A loop rather than `cp -n`, which exits with an error when it skips a file on coreutils 9.2 to 9.4.)
lab-copy:
	mkdir -p "$(LAB_DIR)"
	@find notebooks \( -type f -o -type l \) ! -path '*/.*' | sort | while read -r source; do \
	  copy="$(LAB_DIR)/$${source#notebooks/}"; \
	  [ -e "$$copy" ] || { mkdir -p "$$(dirname "$$copy")" && cp "$$source" "$$copy"; } || exit 1; \
	done

# Each restart keeps the copy it replaces under a new name (.bak, then .bak2, .bak3, ...): no earlier backup is overwritten.
restart: lab-copy  ## Start a lesson over from the pristine copy: make restart LESSON=03 (中文版: LESSON=zh_CN/03; yours is kept as .bak, .bak2, ...)
	@test -n "$(LESSON)" || { echo "Say which lesson, for example: make restart LESSON=03" >&2; exit 2; }
	@found=0; for pristine in notebooks/$(LESSON)*.ipynb; do \
	  [ -f "$$pristine" ] || continue; found=1; \
	  copy="$(LAB_DIR)/$${pristine#notebooks/}"; \
	  if cmp -s "$$pristine" "$$copy"; then echo "$$copy is already the pristine lesson: nothing to keep"; continue; fi; \
	  backup="$$copy.bak"; n=1; \
	  while [ -e "$$backup" ]; do n=$$((n + 1)); backup="$$copy.bak$$n"; done; \
	  cp "$$copy" "$$backup" && cp "$$pristine" "$$copy" || exit 1; \
	  echo "$$copy starts over (your previous copy: $$backup; rename it to .ipynb to open it)"; \
	done; [ $$found = 1 ] || { echo "No lesson matches notebooks/$(LESSON)*.ipynb" >&2; exit 2; }

author: $(STAMP)  ## For course authors: edit the committed lessons in notebooks/ (then run make execute)
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(ARGS) notebooks/

# The browser tests drive Debian's chromium (/usr/bin/chromium) against the freshly built site. The suite runs on
# WORKERS processes (pytest-xdist; tests/parallel.py keeps together what must stay together): one per core by default.
# SCREENSHOTS=1 keeps pictures of the pages in artifacts/screenshots/, for a human to look at.
WORKERS ?= auto
PYTEST_ONE := COURSE_DEVICE=$${COURSE_DEVICE:-cpu} $(if $(SCREENSHOTS),COURSE_SCREENSHOTS=1 )$(BIN)/python -m pytest
PYTEST := $(PYTEST_ONE) -n $(WORKERS)

# The classroom test runs a real JupyterHub, whose proxy comes from npm.
PROXY := tests/classroom/node_modules/.bin/configurable-http-proxy

$(PROXY): tests/classroom/package.json tests/classroom/package-lock.json
	cd tests/classroom && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

test: $(STAMP) book $(PROXY)  ## Run every test: lint, helpers, each lesson run alone with its outputs checked, hygiene, website, JupyterLab and a classroom hub
	$(BIN)/ruff check .
	$(PYTEST) $(PYTEST_ARGS)

# What a change to one lesson needs, in at most 3 minutes: lint, and every test of the whole suite that names the
# lesson: its run in a bare Python with its outputs compared with the stored ones (tests/test_standalone.py), and
# its hygiene, translation, handouts and pages in both editions in the browser and in JupyterLab.
# That run is most of the time, and needs no website: it runs on one core (one thread, as in `make test`) while the
# other builds the site and runs the rest; its report follows theirs.
# Changed a helper, a page, the bootstrap cell or the build? Run `make test`.
STANDALONE := tests/test_standalone.py::test_lesson_runs_alone_in_an_empty_folder
check: $(STAMP)  ## Check one lesson after changing it: make check LESSON=03 (its tests only, both editions)
	@test -n "$(LESSON)" || { echo "Say which lesson, for example: make check LESSON=03" >&2; exit 2; }
	@set -- notebooks/$(LESSON)*.ipynb; test -f "$$1" || { echo "No lesson matches notebooks/$(LESSON)*.ipynb" >&2; exit 2; }; \
	  [ $$# = 1 ] || { echo "LESSON=$(LESSON) matches $$# lessons: name one, for example LESSON=03" >&2; exit 2; }
	$(BIN)/ruff check .
	@lesson=$$(basename notebooks/$(LESSON)*.ipynb .ipynb); log=$$(mktemp); \
	  echo "Running $$lesson alone ($(STANDALONE)) meanwhile; its report comes last"; \
	  OMP_NUM_THREADS=1 $(PYTEST_ONE) $(PYTEST_ARGS) "$(STANDALONE)[$$lesson]" > "$$log" 2>&1 & alone=$$!; \
	  $(MAKE) --no-print-directory book && $(PYTEST_ONE) $(PYTEST_ARGS) -k "$$lesson" \
	    --deselect "$(STANDALONE)[$$lesson]" tests; rest=$$?; \
	  wait $$alone; alone=$$?; echo "--- $$lesson run alone:"; cat "$$log"; rm -f "$$log"; \
	  [ $$rest = 0 ] && [ $$alone = 0 ]

lint: $(STAMP)  ## Check the code style with ruff
	$(BIN)/ruff check .

# The course's public home (repository and branch) is set once, in book/_config.yml.
home: $(STAMP)  ## Copy the repository address from book/_config.yml into the lessons and the README
	$(BIN)/python book/course_home.py

# Stored outputs are always made on the CPU, so they match what `make test` re-computes anywhere. A translation
# runs the same code as its English twin, so it is not executed again: it gets a copy of the English outputs.
# COURSE_STORE_FRAMES: interactive figures also store a frame per slider position, for the website (helpers/explore.py).
execute: $(STAMP) home  ## Re-execute every lesson in place, each in a fresh kernel, and copy the outputs into its translation (one lesson: LESSON=03)
	@set -- $(if $(LESSON),notebooks/$(LESSON)*.ipynb,$(NOTEBOOKS)); test -f "$$1" || { echo "No lesson matches notebooks/$(LESSON)*.ipynb" >&2; exit 2; }; \
	for notebook in "$$@"; do \
	  echo "Executing $$notebook"; \
	  COURSE_DEVICE=cpu COURSE_SHOW_SOLUTIONS=1 COURSE_STORE_FRAMES=1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=300 \
	    --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.store_widget_state=True \
	    "$$notebook" || exit 1; \
	  for translation in notebooks/*/$$(basename "$$notebook"); do \
	    [ ! -f "$$translation" ] || $(BIN)/python book/translations.py outputs "$$translation" \
	      || echo "  $$translation keeps its old outputs until it is in step (README: Updating a translation)"; \
	  done; \
	done

bench: $(STAMP)  ## Benchmark the MNIST training recipes (a few minutes); writes benchmarks/results/
	COURSE_DEVICE=cpu $(BIN)/python benchmarks/mnist_speed.py

sweep: $(STAMP)  ## Compare lesson 07's recipe with its variants on the validation split (a few minutes); writes benchmarks/results/
	COURSE_DEVICE=cpu $(BIN)/python benchmarks/recipe_sweep.py

# Outside CI, like bench: three fresh environments from the package index (pyenv's Python 3.10, 3.12 and 3.13).
compat: $(STAMP)  ## Run every lesson alone in the oldest, newest and a hosted environment (about an hour; LESSONS="05 07" for some, REUSE=1 to keep the environments); writes benchmarks/results/compat.json
	$(BIN)/python benchmarks/compat.py $(if $(ENVS),--env $(ENVS),) $(if $(LESSONS),--lesson $(LESSONS),) $(if $(REUSE),--reuse,)

timings: $(STAMP)  ## Time each notebook's execution; writes benchmarks/results/notebook_times.json
	COURSE_DEVICE=cpu $(BIN)/python benchmarks/notebook_times.py $(NOTEBOOKS)

WIDGETS_DIST := book/node_modules/@jupyter-widgets/html-manager/dist

$(WIDGETS_DIST)/embed.js: book/package.json book/package-lock.json
	cd book && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Every npm package: the site's (widget renderer, axe-core) and the classroom test's (the hub's proxy). They need no
# Python, so .ci/run installs them while the environment is being built.
node-packages: $(WIDGETS_DIST)/embed.js $(PROXY)

handouts: $(STAMP)  ## Build the student, teacher and lessons zips (book/_generated/handouts/, offered on the website)
	$(BIN)/python book/make_handouts.py

pdf: book  ## Print the whole course to one PDF: book/_build/pdf/pytorch-zero-to-one.pdf (SOLUTIONS=hidden leaves them out)
	$(BIN)/python book/make_pdf.py $(if $(SOLUTIONS),--solutions $(SOLUTIONS),)

# The site is built from the stored outputs: it never executes a notebook. English at the site's root,
# the Chinese edition (book/zh_CN/, configured by book/editions.py from book/_config.yml) in zh_CN/.
book: $(STAMP) $(WIDGETS_DIST)/embed.js  ## Build the course website, both editions, into book/_build/html (it works offline once built; the first build needs npm packages)
	rm -rf book/notebooks book/zh_CN/notebooks book/_widgets book/_build book/zh_CN/_build
	mkdir -p book/notebooks book/zh_CN/notebooks book/_widgets book/_build
	cp $(NOTEBOOKS) book/notebooks/
	cp $(TRANSLATIONS) book/zh_CN/notebooks/
	cp $(WIDGETS_DIST)/embed.js $(WIDGETS_DIST)/*.woff* $(WIDGETS_DIST)/*.ttf $(WIDGETS_DIST)/*.eot $(WIDGETS_DIST)/*.svg book/_widgets/
	$(BIN)/python book/make_handouts.py & handouts=$$!; \
	  $(BIN)/python book/generate_tables.py & tables=$$!; \
	  $(BIN)/python book/editions.py zh_CN; editions=$$?; \
	  wait $$handouts; handouts=$$?; wait $$tables; tables=$$?; \
	  [ $$handouts = 0 ] && [ $$tables = 0 ] && [ $$editions = 0 ]  # the zips, the tables, the Chinese config: independent
	$(BIN)/jupyter-book build book --warningiserror --nitpick --builder html > book/_build/english.log 2>&1 & english=$$!; \
	  $(BIN)/jupyter-book build book/zh_CN --warningiserror --nitpick --builder html; chinese=$$?; \
	  wait $$english; english=$$?; cat book/_build/english.log; \
	  [ $$english = 0 ] && [ $$chinese = 0 ]  # the two editions build side by side, one per core
	mv book/zh_CN/_build/html book/_build/html/zh_CN
	rm -rf book/zh_CN/_build

clean:  ## Remove the website's build outputs (keeps .venv, data/, your lab/ and build/, make compat's environments)
	rm -rf book/_build book/notebooks book/_widgets book/_generated artifacts
	rm -rf book/zh_CN/_build book/zh_CN/notebooks book/zh_CN/_config.yml
