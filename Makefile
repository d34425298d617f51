# Two entry points for a fresh machine with Python 3.11 and pip:
#   make demo   set everything up, then extract the bundled samples
#   make test   set everything up, then run the whole test suite
#   make test-postgres   the same, with a local PostgreSQL started (root, Debian)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared/corpus

.PHONY: install demo test test-postgres eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(BIN)/readouts demo
	@if [ -d "$(SHARED)/dev" ]; then $(BIN)/readouts eval "$(SHARED)/dev"; fi

test: install
	$(BIN)/python -m pytest

# As CI does: start PostgreSQL (installing it if needed) and require it.
test-postgres: install
	@url=$$(bash .ci/postgres.sh | tail -n1) && [ -n "$$url" ] && \
	READOUTS_TEST_POSTGRES_URL="$$url" READOUTS_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest

eval: install
	$(BIN)/readouts eval "$(SHARED)/dev" --per-doc

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
