# perfmodel — the two commands: `make demo` and `make test` (each sets itself up).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit docs bench fuzz clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,excel,pandas,cli,yaml,plot,docs,dask,bench]'
	touch $(STAMP)

SEED := tests/data/seeds/001_f6d8f9a804f89db4.txt

# The seed self-evaluation (001) through the CLI: read, validate (exit 1 = real errors found in
# the form, which is expected for this seed), score with its text scorecard, then an HTML
# scorecard and a plot under out/.
demo: $(STAMP)
	$(BIN)/perfmodel read $(SEED)
	$(BIN)/perfmodel validate $(SEED) || [ $$? -eq 1 ]
	$(BIN)/perfmodel score --scorecard $(SEED)
	$(BIN)/perfmodel report $(SEED) --format html -o out/scorecard-001.html
	$(BIN)/perfmodel plot $(SEED) --kind points -o out/points-001.png
	$(BIN)/perfmodel plot $(SEED) --kind execution -o out/execution-001.png
	@echo "HTML scorecard: $(CURDIR)/out/scorecard-001.html"
	@echo "plots: $(CURDIR)/out/points-001.png $(CURDIR)/out/execution-001.png"

lint: $(STAMP)
	$(BIN)/ruff check src tests examples fuzz bench docs/_hooks
	$(BIN)/ruff format --check src tests examples fuzz bench docs/_hooks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src bench

unit: $(STAMP)
	$(BIN)/python -m pytest -q --cov=perfmodel --cov-report=term --cov-fail-under=90

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

test: lint typecheck unit docs

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Coverage-guided fuzzing (atheris, the [fuzz] extra): each target runs FUZZ_SECONDS, one at a time.
FUZZ_SECONDS ?= 60
FUZZ_STAMP := $(VENV)/.fuzz-installed

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	touch $(FUZZ_STAMP)

fuzz: $(FUZZ_STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) out build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
