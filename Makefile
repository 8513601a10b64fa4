# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_CORPUS := examples/corpus
DEMO_PORT ?= 8000

GOLD := ../shared/gold

.PHONY: demo test bench bench-memory eval train lint install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "diplomap needs Python 3.11 or newer: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e ".[postgres,dask,ml]" --group dev
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/diplomap ingest $(DEMO_CORPUS)
	$(BIN)/diplomap info
	$(BIN)/diplomap report PRK --format html --out demo-briefing-PRK.html
	@echo "wrote demo-briefing-PRK.html: the briefing on North Korea, one file that works offline"
	@echo "serving the dashboard; stop it with Ctrl-C"
	$(BIN)/diplomap serve --port $(DEMO_PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	cd benchmarks && ../$(BIN)/python pages.py
	cd benchmarks && ../$(BIN)/python scale.py

# not part of `make bench`: writes a 2 GB corpus and runs for about 2 hours (see benchmarks/memory.py)
bench-memory: $(STAMP)
	$(BIN)/python benchmarks/memory.py

eval: $(STAMP)
	$(BIN)/diplomap eval --gold $(GOLD)/ngec_actor_resolution.jsonl --format ngec-actors
	$(BIN)/diplomap eval --gold $(GOLD)/plover_gsr_cameo.json --format plover-gsr
	$(BIN)/diplomap eval --gold $(GOLD)/petrarch2_unittest_records.xml --format petrarch-xml
	$(BIN)/diplomap eval --gold $(GOLD)/conflibert_cameo_class_train.tsv --format conflibert-class
	$(BIN)/diplomap eval --gold $(GOLD)/conflibert_cameo_ner_train.txt --format conflibert-ner

train: $(STAMP)
	$(BIN)/python tools/train_quadclass.py --gold $(GOLD)/conflibert_cameo_class_train.tsv

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) diplomap.db diplomap.db-wal diplomap.db-shm demo-briefing-PRK.html
