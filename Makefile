# Two commands for a newcomer: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm writes this file on every install: older than the lock file means stale.
NODE_STAMP := node_modules/.package-lock.json
# apt-get needs root: use sudo on a machine where we are not.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test bench check serve clean browser-deps newsletter-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The site engines at the versions in constraints.txt (known-good; see the README, "When Material
# for MkDocs ends"): `make test` stops here when a pin no longer installs, before any test runs.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt | newsletter-deps
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]' || \
		{ echo "A version pinned in constraints.txt could not be installed (see the message above)." >&2; exit 1; }
	touch $(STAMP)

# The newsletters: WeasyPrint's wheel needs Pango (with HarfBuzz's subsetter and
# fontconfig) from the system; installed only when missing.
newsletter-deps:
	@ls /usr/lib/*/libpangoft2-1.0.so.0 /usr/lib/*/libharfbuzz-subset.so.0 >/dev/null 2>&1 || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 \
			libharfbuzz-subset0 libfontconfig1)

## site: set up .venv, check the example data and build the site into site/
site: $(STAMP)
	$(BIN)/standards check
	$(BIN)/standards build

## test: install what the tests need (Python packages, Chromium, axe-core, the Nu HTML Checker) and run them
test: $(STAMP) browser-deps $(NODE_STAMP)
	$(BIN)/python -m pytest

# For tests/browser/: Debian's Chromium (Playwright cannot download a browser
# here), poppler-utils for the newsletters' PDFs, Java for vnu.jar, and npm;
# each installed only when missing.
browser-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium poppler-utils)
	@command -v java >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless)
	@command -v npm >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y npm)

# axe-core, vnu-jar and the YAML language server (tests/test_schema.py), exactly as
# package-lock.json pins them.  No install scripts: vnu-jar's would download a Java
# runtime, and Java is here already.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## bench: measure check, build, page weight, newsletters and both site engines on synthetic landlords (writes benchmarks/RESULTS.md)
bench: $(STAMP) browser-deps
	$(BIN)/python -m benchmarks.run

## check: check the data only
check: $(STAMP)
	$(BIN)/standards check

## serve: preview the site (drafts included) at http://127.0.0.1:8000 while you edit
serve: $(STAMP)
	$(BIN)/standards serve

clean:
	rm -rf site $(VENV) node_modules .standards-cache newsletters
