# warning-bell — one entry point for people and CI. `make help` lists the targets.
# Every target that runs code installs what it needs first (tools/setup/ensure.sh).

SHELL := bash
ENSURE := tools/setup/ensure.sh
BELL := node tools/bin/bell.js
# Node with the project's TypeScript loader (tools/loader/README.md), as `bell` runs itself.
TS_NODE := node --import ./tools/loader/register.js
# Debian packages the tests use: socat (pseudo-terminal pairs), mosquitto (a real MQTT broker).
# Debian packages the screen fonts are built with (tools/font/README.md): the TTF, FreeType, gcc.
FONT_APT := fonts-dejavu-core libfreetype-dev pkg-config gcc
TEST_APT := socat mosquitto $(FONT_APT)
# Debian packages `make check-device` uses to build the Moddable host tools and compile the C
# modules for a 32-bit target (tools/toolchain/README.md).
DEVICE_APT := gcc gcc-multilib libc6-dev make git binutils pkg-config libglib2.0-dev
# Type-checking with a cache: tsc --incremental keeps what it learnt in build/tsc/*.tsbuildinfo
# (build/ is ignored and `make clean` removes it), so a second run re-checks only what changed.
# node_modules/.bin, not npx: every target that runs it has run $(ENSURE), and npx itself costs
# about 0.8 s of CPU a call. The three passes are independent: `make typecheck` and `make test`
# run them side by side (with check-device for the test), since each pass uses one core.
TSC := node_modules/.bin/tsc --noEmit --incremental
TSC_CACHE := build/tsc
TSC_PASSES := tsc-root tsc-moddable tsc-standins

.PHONY: help sim sim-xs test test-checks typecheck bench clean check-device fonts $(TSC_PASSES)

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

sim: ## Run the default simulated deployment (the main job); the receiver's screens go to build/screens/
	@$(ENSURE) $(FONT_APT)
	@$(BELL) sim --screens build/screens

sim-xs: ## The default deployment with each device's firmware in real XS (xsnap); XS figures on stderr
	@$(ENSURE)
	@$(BELL) sim --engine xs

typecheck: ## Type-check everything (tsc --noEmit)
	@$(ENSURE)
	@$(MAKE) --no-print-directory -j3 --output-sync=target $(TSC_PASSES)

tsc-root:
	$(TSC) -p . --tsBuildInfoFile $(TSC_CACHE)/root.tsbuildinfo
tsc-moddable:
	$(TSC) -p firmware/moddable --tsBuildInfoFile $(TSC_CACHE)/moddable.tsbuildinfo
tsc-standins:
	$(TSC) -p tools/xs/standins --tsBuildInfoFile $(TSC_CACHE)/standins.tsbuildinfo

test: ## Type-check, then run every test; ends with "N passed, N failed" (the run is kept for make bench)
	@MAKE="$(MAKE)" test/run.sh --make-test

# What `make test` runs before ava. test/run.sh --make-test runs it, so that the record it keeps
# (build/test-run.json, judged by `make bench`'s test-time section) times the whole target.
test-checks:
	@$(ENSURE) $(TEST_APT)
	@start=$$(date +%s); $(MAKE) --no-print-directory -j4 --output-sync=target $(TSC_PASSES) check-device \
	  && echo "type-checks and check-device: $$(( $$(date +%s) - start )) s wall"

# The footprint section measures XS memory in the device's own XS 17.9.1 (wbxs, built by
# `make check-device`) when it is there, else in xsnap (XS 13.3); the report names the engine.
WBXS := build/xs-host/wbxs
bench: ## Benchmarks and soak → bench/report.md (SECTIONS=fuzz,latency runs some; QUICK=1 a reduced run)
	@$(ENSURE)
	$(if $(wildcard $(WBXS)),WB_XS_WORKER=$(WBXS)) $(TS_NODE) bench/run.ts $(if $(SECTIONS),--only $(SECTIONS)) $(if $(QUICK),--quick)

fonts: ## Build the receiver screen's BMFont resources from DejaVu (build/font/; tools/font/README.md)
	@$(ENSURE) $(FONT_APT)
	node --import tsx tools/font/build.ts

clean: ## Remove build outputs
	rm -rf build dist .tmp

# ---- Device firmware: Moddable SDK + ESP-IDF v6.0 (docs/deploying.md) -------------------------
# The firmware TypeScript is bundled by esbuild into one module per role (build/device/<role>/
# main.js); mcconfig builds the image from manifests/<role>.json with the board's pin map
# manifests/boards/$(PINS).json. MCCONFIG_FLAGS=-i (instrumented release) keeps trace() on the
# USB serial console at 115200 baud, which carries the JSON event lines.
BOARD ?= esp32/nodemcu
PINS ?= devkit
PORT ?=
MCCONFIG_FLAGS ?= -i
DEVICE_OUT ?= build/device
MODDABLE_OUT ?= build/moddable
ESPNOW_C ?=
DEVICE_ENTRY_caller := firmware/caller/main.ts
# A pin map with a screen (manifests/boards/screens/) takes the receiver entry that opens it.
DEVICE_ENTRY_receiver := $(if $(findstring screens/,$(PINS)),receiver/main-screen.ts,receiver/main.ts)

.PHONY: bundle-caller bundle-receiver build-caller build-receiver flash-caller flash-receiver check-native

# The ESP-IDF build directory mcconfig makes for role $(1) (Moddable tools/mcconfig.js tmpPath,
# make.esp32.mk BLD_DIR = $(TMP_DIR)/xsProj-esp32/build): what `bell flash --build` reads.
idf_build_dir = $(MODDABLE_OUT)/tmp/$(BOARD)/$(if $(findstring -d,$(MCCONFIG_FLAGS)),debug,$(if $(findstring -i,$(MCCONFIG_FLAGS)),instrument,release))/$(1)/xsProj-esp32/build

# $(1) = what was asked for, $(2) = "flash" to add the no-ESP-IDF flashing hint. Exit status 2.
define require_device_sdk
	@missing=""; \
	[ -n "$$MODDABLE" ] || missing="$$missing\n  - MODDABLE is not set (the path of your Moddable SDK checkout)"; \
	[ -n "$$IDF_PATH" ] || missing="$$missing\n  - IDF_PATH is not set (ESP-IDF v6.0; in every shell: source \$$IDF_PATH/export.sh)"; \
	command -v mcconfig >/dev/null 2>&1 || missing="$$missing\n  - mcconfig is not on PATH (add \$$MODDABLE/build/bin/lin/release after building the SDK tools)"; \
	if [ -n "$$missing" ]; then \
	  printf '%b\n' "warning-bell: $(1) needs the Moddable SDK and ESP-IDF v6.0. Missing here:$$missing" \
	    "Install them:" \
	    "  Moddable SDK (Getting Started): https://github.com/Moddable-OpenSource/moddable/blob/public/documentation/Moddable%20SDK%20-%20Getting%20Started.md" \
	    "  ESP32 with Moddable:            https://github.com/Moddable-OpenSource/moddable/blob/public/documentation/devices/esp32.md" \
	    "  ESP-IDF v6.0:                   https://docs.espressif.com/projects/esp-idf/en/v6.0/esp32/get-started/index.html" \
	    "Step by step: docs/deploying.md (Build and flash)." >&2; \
	  if [ "$(2)" = flash ]; then \
	    printf '%s\n' "To flash an image built elsewhere, without ESP-IDF: bell flash --build $(call idf_build_dir,$(subst make flash-,,$(1)))" \
	      "  (the ESP-IDF build directory mcconfig makes, the one holding flasher_args.json; not the \"Built files at\" folder)." >&2; \
	  fi; \
	  exit 2; \
	fi
endef

# $(1) = role: bundle its entry point into $(DEVICE_OUT)/<role>/main.js.
define bundle_device
	@$(ENSURE)
	npx esbuild $(DEVICE_ENTRY_$(1)) --bundle --format=esm --platform=neutral --target=es2022 \
	  --packages=external --legal-comments=none --log-level=warning --outfile=$(DEVICE_OUT)/$(1)/main.js
endef

# $(1) = role, $(2) = mcconfig target (build | deploy).
define mcconfig_device
	mkdir -p $(MODDABLE_OUT) && cd manifests && WB_BOARD_PINS=$(PINS) $(if $(PORT),UPLOAD_PORT=$(PORT)) \
	  mcconfig -m -p $(BOARD) -t $(2) $(MCCONFIG_FLAGS) -o $(abspath $(MODDABLE_OUT)) $(1).json
endef

bundle-caller: ## Bundle the caller firmware TypeScript (build/device/caller/main.js; no SDK needed)
	$(call bundle_device,caller)

bundle-receiver: ## Bundle the receiver firmware TypeScript (build/device/receiver/main.js; no SDK needed)
	$(call bundle_device,receiver)

build-caller: ## Build the caller image (needs MODDABLE, IDF_PATH, mcconfig; BOARD=esp32/nodemcu PINS=devkit)
	$(call require_device_sdk,make build-caller)
	$(call bundle_device,caller)
	$(call mcconfig_device,caller,build)

build-receiver: ## Build the receiver image (needs MODDABLE, IDF_PATH, mcconfig; BOARD=esp32/nodemcu PINS=devkit)
	$(call require_device_sdk,make build-receiver)
	$(call bundle_device,receiver)
	$(call mcconfig_device,receiver,build)

flash-caller: ## Build and flash the caller over USB (PORT=/dev/ttyUSB0 to choose the port)
	$(call require_device_sdk,make flash-caller,flash)
	$(call bundle_device,caller)
	$(call mcconfig_device,caller,build)
	$(call mcconfig_device,caller,deploy)

flash-receiver: ## Build and flash the receiver over USB (PORT=/dev/ttyUSB0 to choose the port)
	$(call require_device_sdk,make flash-receiver,flash)
	$(call bundle_device,receiver)
	$(call mcconfig_device,receiver,build)
	$(call mcconfig_device,receiver,deploy)

check-device: ## The device image through the real Moddable 8.2.3 tools and ESP-IDF v6.0 headers (../shared/toolchains)
	@flock /tmp/warning-bell-ensure.lock $(ENSURE) $(DEVICE_APT)
	@tools/toolchain/check-device.sh

check-native: ## Only the C part of check-device: the project's C with Moddable's rule (ESPNOW_C=file: a substitute espnow.c)
	@flock /tmp/warning-bell-ensure.lock $(ENSURE) $(DEVICE_APT)
	@tools/toolchain/check-device.sh --c-only $(if $(ESPNOW_C),--c-file espnow.c=$(ESPNOW_C))
