# 新机器上只需 `make run` 或 `make test`：两者都会先建好虚拟环境并安装依赖。
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test check clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/infobot run

test: setup
	$(BIN)/pytest

check: setup
	$(BIN)/infobot check

clean:
	rm -rf $(VENV) build *.egg-info

# Speed and memory against raw-SQLite baselines measured in the same run (never part of `make test`).
bench: setup
	$(BIN)/python -m bench.run
