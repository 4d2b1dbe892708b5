# VibeCoder's front door. `make run` brings everything up and follows a sample idea to the end;
# `make test` runs everything CI runs; `make bench` prints benchmark figures.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ENV  := source .services/env
MVN  := mvn -B -ntp
JAR  := target/vibecoder-0.1.0-SNAPSHOT.jar
SAMPLE ?= 1
IDEA ?= A command-line todo list manager that stores tasks in a JSON file, with due dates and priorities
PORT ?= 8080

.PHONY: help services build run test bench stop clean

help:
	@echo "make run     start services + hub, follow a sample idea to the end (SAMPLE=0 skips it; IDEA=... picks one)"
	@echo "make test    the whole test suite, as CI runs it"
	@echo "make bench   benchmarks, one 'name: value unit' line per figure"
	@echo "make stop    stop a hub started by make run"

services:
	@bash scripts/services-up.sh

build: services
	@echo "[build] packaging the hub (log: .services/build.log)"
	@$(ENV) && $(MVN) -DskipTests package > .services/build.log 2>&1 || { tail -n 40 .services/build.log; exit 1; }

run: build
	@$(ENV) && SAMPLE="$(SAMPLE)" IDEA="$(IDEA)" VIBECODER_PORT="$(PORT)" JAR="$(JAR)" bash scripts/run-hub.sh

test: services
	@bash scripts/fetch-compose-schema.sh
	@$(ENV) && $(MVN) test

bench: build
	@$(ENV) && JAR="$(JAR)" bash scripts/bench.sh

stop:
	@bash scripts/stop-hub.sh

clean:
	@$(MVN) -q clean
