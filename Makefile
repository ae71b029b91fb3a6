# FlowSupport — the commands a developer needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PGHOST ?= localhost
PGPORT ?= 5432
PGUSER ?= postgres
REDIS_HOST ?= localhost
REDIS_PORT ?= 6379
export PGHOST PGPORT PGUSER REDIS_HOST REDIS_PORT

# The test suite uses the servers `make infra` guarantees; each run gets a fresh database of its own.
export FLOWSUPPORT_TEST_POSTGRES_URL ?= jdbc:postgresql://$(PGHOST):$(PGPORT)/postgres
export FLOWSUPPORT_TEST_POSTGRES_USER ?= $(PGUSER)
export FLOWSUPPORT_TEST_REDIS_URL ?= redis://$(REDIS_HOST):$(REDIS_PORT)

MVNW := JAVA_HOME="$$(scripts/java-home.sh)" ./mvnw -B

.PHONY: help infra build test test-faults eval eval-ai run stop format clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

infra: ## Make sure PostgreSQL (pg_trgm, pgvector) and Redis are reachable, installing what is missing
	@scripts/infra.sh

build: ## Compile, check formatting and package every module (no tests)
	$(MVNW) -DskipTests package

test: infra ## Run the whole test suite against real Postgres and Redis
	$(MVNW) verify

# The fault suite starts its own PostgreSQL cluster and Redis (it crashes PostgreSQL), so it needs their
# binaries, not `make infra`: initdb/pg_ctl (FLOWSUPPORT_PG_BINDIR or pg_config --bindir) with pgvector
# and pg_trgm, and redis-server. The services are packaged without their own tests first.
test-faults: ## Fault suite (~16 min): kill -9, a PostgreSQL crash, stalled peers; nothing lost or done twice
	$(MVNW) -Pfaults -DskipTests verify

eval: infra ## Measure kb search on the PostgreSQL manual: recall, MRR, nDCG per leg and fused (QUESTIONS=file)
	@eval/kb/run.sh

eval-ai: infra ## Measure AI answers on the same corpus: accuracy of citations, abstention (QUESTIONS=file)
	@eval/ai/run.sh

run: ## Start the whole platform locally (gateway on :8080); logs under .run/
	@scripts/run.sh

stop: ## Stop what `make run` started
	@scripts/stop.sh

format: ## Apply the Spring Java format to all sources
	$(MVNW) -q spring-javaformat:apply

clean: ## Remove build output and run state
	$(MVNW) -q clean
	rm -rf .run
