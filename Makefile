# Kefu - run `make help` for the list of targets.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL ?= 2
export HF_HUB_OFFLINE ?= 1

.DEFAULT_GOAL := help
.PHONY: help setup run cluster chat train retrain eval test browser lint validate bench bench-nlu load lock clean

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml scripts/setup-venv.sh
	bash scripts/setup-venv.sh
	touch $@

setup: $(STAMP) ## Create .venv (Python 3.10) with the locked dependencies

run: setup ## Train if the data changed, then start Rasa (:5005), the action server (:5055) and the desk (:8000)
	$(BIN)/kefu run

cluster: setup ## Like run, as REPLICAS (default 2) of each server behind haproxy (docs/deploy.md)
	$(BIN)/kefu cluster --replicas $(or $(REPLICAS),2)

chat: setup ## Talk to the running assistant (BUYER=lazada-th-001 to be a demo buyer)
	$(BIN)/kefu chat $(if $(BUYER),--buyer $(BUYER))

train: setup ## Train a model unless one matches the data and code
	$(BIN)/kefu train --no-promote

retrain: setup ## Train, measure, and load into the running Rasa unless a language drops (docs/trainer.md)
	$(BIN)/kefu train

eval: setup ## Per-language accuracy, macro-F1, wrong and clarified shares, confusions: held-out and real text
	$(BIN)/kefu eval --json results/eval.json

test: setup browser ## Lint, type-check, validate the data and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --durations=20  # the slowest tests listed: the suite has a 20-minute budget

browser: ## Install Debian's chromium + chromedriver for the console's browser test
	bash scripts/install-browser.sh

lint: setup ## ruff and mypy (bot/ and actions/)
	$(BIN)/ruff check .
	$(BIN)/mypy

validate: setup ## rasa data validate
	$(BIN)/rasa data validate --domain domain.yml --data data/nlu data/rules data/stories

bench: setup ## Kefu against a stock rasa init bot: latency, load, long chats, memory, desk, cluster (QUICK=1: short)
	$(BIN)/python scripts/bench_stock.py $(if $(QUICK),--quick)

bench-nlu: setup ## Kefu's pipeline against Rasa's default: training, accuracy, parse latency (hours with DIET)
	$(BIN)/python scripts/bench.py

load: setup ## Load and fault test: 10,000 messages through a 2-replica cluster, a Rasa replica killed, Redis restarted (SHORT=1: 200)
	$(BIN)/python scripts/load_fault.py $(if $(SHORT),--short)

lock: setup ## Re-pin requirements.lock from the current .venv
	{ head -n 2 requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v '^kefu'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean: ## Remove trained models, caches and logs (keeps .venv)
	rm -rf models/*.tar.gz .rasa results var/logs .pytest_cache .ruff_cache
