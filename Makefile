# PyTorch from Zero to One: every command a learner, teacher or maintainer needs.
# `make help` lists them.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help venv lab test lint execute home book bench timings clean

help:  ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $@

venv: $(STAMP)  ## Create or update the virtual environment in .venv

lab: $(STAMP)  ## Open the lessons in JupyterLab
	$(BIN)/jupyter lab notebooks/

# The browser tests drive Debian's chromium (/usr/bin/chromium) against the freshly built site.
test: $(STAMP) book  ## Run every test: lint, helpers, notebooks (nbval), hygiene, website and JupyterLab
	$(BIN)/ruff check .
	COURSE_DEVICE=$${COURSE_DEVICE:-cpu} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## Check the code style with ruff
	$(BIN)/ruff check .

# The course's public home (repository and branch) is set once, in book/_config.yml.
home: $(STAMP)  ## Copy the repository address from book/_config.yml into the lessons and the README
	$(BIN)/python book/course_home.py

# Stored outputs are always made on the CPU, so they match what `make test` re-computes anywhere.
execute: $(STAMP)  ## Re-execute every notebook in place, each in a fresh kernel
	for notebook in $(NOTEBOOKS); do \
	  echo "Executing $$notebook"; \
	  COURSE_DEVICE=cpu $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=300 \
	    --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.store_widget_state=True \
	    "$$notebook" || exit 1; \
	done

bench: $(STAMP)  ## Benchmark the MNIST training recipes (about 2 min); writes benchmarks/results/
	COURSE_DEVICE=cpu $(BIN)/python benchmarks/mnist_speed.py

timings: $(STAMP)  ## Time each notebook's execution; writes benchmarks/results/notebook_times.json
	COURSE_DEVICE=cpu $(BIN)/python benchmarks/notebook_times.py $(NOTEBOOKS)

WIDGETS_DIST := book/node_modules/@jupyter-widgets/html-manager/dist

$(WIDGETS_DIST)/embed.js: book/package.json book/package-lock.json
	cd book && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The site is built from the stored outputs: it never executes a notebook.
book: $(STAMP) $(WIDGETS_DIST)/embed.js  ## Build the course website into book/_build/html (offline)
	rm -rf book/notebooks book/_widgets book/_build
	mkdir -p book/notebooks book/_widgets
	cp $(NOTEBOOKS) book/notebooks/
	cp $(WIDGETS_DIST)/embed.js $(WIDGETS_DIST)/*.woff* $(WIDGETS_DIST)/*.ttf $(WIDGETS_DIST)/*.eot $(WIDGETS_DIST)/*.svg book/_widgets/
	$(BIN)/python book/generate_tables.py
	$(BIN)/jupyter-book build book --warningiserror --nitpick --builder html

clean:  ## Remove build outputs (keeps .venv and data/)
	rm -rf book/_build book/notebooks book/_widgets book/_generated artifacts
