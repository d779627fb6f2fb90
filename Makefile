# Two commands do all set-up: `make demo` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml scripts/install-system.sh scripts/install-kokoro.sh
	@bash scripts/install-system.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev,ray,world]'
	@bash scripts/install-kokoro.sh $(VENV)
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/manju make examples/the_keeper.md --out demo-out
	@echo "open demo-out/video.mp4"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/make_chapter.py

clean:
	rm -rf demo-out out .pytest_cache
