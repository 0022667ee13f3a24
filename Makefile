# Two commands for a newcomer: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## site: set up .venv, check the example data and build the site into site/
site: $(STAMP)
	$(BIN)/standards check
	$(BIN)/standards build

## test: install what the tests need and run them
test: $(STAMP)
	$(BIN)/python -m pytest

## check: check the data only
check: $(STAMP)
	$(BIN)/standards check

## serve: preview the site at http://127.0.0.1:8000 while you edit
serve: $(STAMP)
	$(BIN)/mkdocs serve

clean:
	rm -rf site $(VENV)
