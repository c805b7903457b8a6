# warning-bell — one entry point for people and CI. `make help` lists the targets.
# Every target that runs code installs what it needs first (tools/setup/ensure.sh).

SHELL := bash
ENSURE := tools/setup/ensure.sh
BELL := node tools/bin/bell.js
# Debian packages the tests use: socat (pseudo-terminal pairs), mosquitto (a real MQTT broker).
TEST_APT := socat mosquitto

.PHONY: help sim test typecheck bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

sim: ## Run the default simulated deployment (the main job)
	@$(ENSURE)
	@$(BELL) trace debounce test/fixtures/traces/bouncy-press.jsonl

typecheck: ## Type-check everything (tsc --noEmit)
	@$(ENSURE)
	npx tsc --noEmit -p .

test: ## Type-check, then run every test; ends with "N passed, N failed"
	@$(ENSURE) $(TEST_APT)
	npx tsc --noEmit -p .
	test/run.sh

clean: ## Remove build outputs
	rm -rf build dist .tmp
