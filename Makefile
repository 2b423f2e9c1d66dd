# Two commands set everything up on a fresh machine:
#   make run   - install what is missing and start the station on a demo site at http://127.0.0.1:8000
#   make test  - install what is missing (test extras, Chromium) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///var/station.db
DEMO ?= small
HOST ?= 127.0.0.1
PORT ?= 8000
APT_RUN := libzbar0 fonts-wqy-microhei libgl1 libglib2.0-0
APT_TEST := $(APT_RUN) chromium poppler-utils
# Every Python package pinned with its hashes (pip-tools); `make lock` makes them again.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
COMPILE := pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test install install-test lock system-packages system-packages-test vendor clean

run: install
	@mkdir -p var
	$(BIN)/station init --demo $(DEMO) --db $(DB) --if-empty
	$(BIN)/station serve --db $(DB) --host $(HOST) --port $(PORT) --notify-worker

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python system-packages
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .

install-test: $(BIN)/python system-packages-test
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .

lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/$(COMPILE) --output-file $(LOCK) pyproject.toml
	$(BIN)/$(COMPILE) --extra test --output-file $(TEST_LOCK) pyproject.toml

system-packages:
	@sh scripts/apt-ensure.sh $(APT_RUN)

system-packages-test:
	@sh scripts/apt-ensure.sh $(APT_TEST)

clean:
	rm -rf $(VENV) var .pytest_cache
