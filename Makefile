# marketbench: `make bench` and `make test` are the two commands; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PRESET      ?= release
BUILD_DIR   := build/$(PRESET)
BENCH_BIN   := build/release/bench/marketbench
BENCHTOOL   := build/release/tools/benchtool/benchtool
RESULTS_DIR := results
JOBS        ?= 2
FILTER      ?=
REPETITIONS ?= 1
SUITE       ?=

DEB_PACKAGES := cmake g++ make pkg-config git libbenchmark-dev libgtest-dev libeigen3-dev libfmt-dev \
                libjemalloc-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev

.PHONY: help deps build test bench smoke clean configure model

help:
	@echo "make bench   - install missing packages, build Release, run the suite, write results/*.json,"
	@echo "               check bench/budgets.json, write results/report.html and results/summary.md"
	@echo "               (FILTER=<regex>, SUITE=ml|load|pipeline|market|cache, REPETITIONS=<n>)"
	@echo "make baseline - copy results/latest.json to results/baseline.json (the next reports compare with it)"
	@echo "make report-check - render the report headless in Chromium, fail on JavaScript console messages"
	@echo "make test    - install missing packages, build, run every test"
	@echo "make smoke   - run every benchmark once, quickly, and check the JSON parses"
	@echo "make model  - train the recommender model (tools/mbtrain, default recipe) into"
	@echo "               build/release/models/recommender_v1.mbm (make build does it when missing)"
	@echo "make asan-test | tsan-test - every test under ASan+UBSan / the tests labelled concurrent under TSan"
	@echo "make format-check | format | tidy - clang-format check / rewrite, clang-tidy on src/ and tools/"
	@echo "make deps | build | clean"

# Installs only the Debian packages that dpkg-query does not report installed.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	else echo "deps: missing packages; run: sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing

# Configures when the build directory has no generated build system. A failed
# configure (missing packages) leaves CMakeCache.txt but no Makefile, so the
# next build configures again instead of failing on the missing Makefile.
configure:
	@test -f $(BUILD_DIR)/Makefile || cmake --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

# The trained model (docs/MODEL_QUALITY.md): reproducible from its seed, never committed.
model: deps configure
	cmake --build --preset $(PRESET) -j $(JOBS) --target mb_model
	@echo "model: $(BUILD_DIR)/models/recommender_v1.mbm"

test: deps
	$(MAKE) --no-print-directory build PRESET=$(PRESET)
	ctest --preset $(PRESET) --output-on-failure

# Exits 1 when a budget fails, after writing the report (see scripts/run_bench.sh).
bench: deps
	$(MAKE) --no-print-directory build PRESET=release
	@scripts/run_bench.sh "$(BENCH_BIN)" "$(BENCHTOOL)" "$(RESULTS_DIR)" "$(FILTER)" "$(REPETITIONS)" "$(SUITE)"

.PHONY: baseline report-check

# The only way results/baseline.json is written.
baseline:
	@test -f $(RESULTS_DIR)/latest.json || { echo "baseline: no $(RESULTS_DIR)/latest.json; run make bench first" >&2; exit 1; }
	@cp $(RESULTS_DIR)/latest.json $(RESULTS_DIR)/.baseline.json.tmp && mv $(RESULTS_DIR)/.baseline.json.tmp $(RESULTS_DIR)/baseline.json
	@python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["context"]; print("baseline: %s is now the run of %s, git %s" % (sys.argv[1], c.get("date","?"), c.get("git_sha","?")))' $(RESULTS_DIR)/baseline.json

# Renders a report built from the test fixtures, and results/report.html when
# there is one, in headless Chromium at 1280x800 (PNGs in build/report-check/).
REPORT_FIXTURES := tests/data/benchtool/report
report-check: deps
	$(MAKE) --no-print-directory build PRESET=release
	@mkdir -p build/report-check
	@$(BENCHTOOL) report $(REPORT_FIXTURES)/current.json --baseline $(REPORT_FIXTURES)/baseline.json \
	  --history $(REPORT_FIXTURES)/hist_1.json $(REPORT_FIXTURES)/hist_2.json \
	  --charts bench/charts.json --html build/report-check/fixtures.html >/dev/null
	@scripts/report_check.sh build/report-check/fixtures.html build/report-check/fixtures.png
	@if [ -f $(RESULTS_DIR)/report.html ]; then \
	  scripts/report_check.sh $(RESULTS_DIR)/report.html build/report-check/results.png; fi

smoke: deps
	$(MAKE) --no-print-directory build PRESET=release
	@scripts/run_smoke.sh "$(BENCH_BIN)" "$(RESULTS_DIR)"

clean:
	rm -rf build

# ---- sanitizer and fuzz runs (used by .ci/run) ------------------------------
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_SECONDS  ?= 60

.PHONY: asan-test tsan-test fuzz format-check format tidy

# Every tracked C++ file must be as clang-format (.clang-format) writes it.
CXX_SOURCES = $(shell git ls-files '*.cpp' '*.hpp')
format-check:
	@clang-format --dry-run -Werror $(CXX_SOURCES) && echo "format-check: $(words $(CXX_SOURCES)) files clean"

format:
	clang-format -i $(CXX_SOURCES)

# clang-tidy (.clang-tidy) on src/ and tools/, with the release build's
# compile_commands.json; any finding fails.
TIDY_SOURCES = $(shell git ls-files 'src/*.cpp' 'tools/*.cpp')
tidy: deps
	$(MAKE) --no-print-directory build PRESET=release
	@printf '%s\n' $(TIDY_SOURCES) | xargs -P $(JOBS) -n 4 clang-tidy -p build/release --quiet 2>/dev/null
	@echo "tidy: $(words $(TIDY_SOURCES)) files clean"

asan-test: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan --output-on-failure

tsan-test: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS) --target marketbench_concurrent_tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  ctest --preset tsan -L concurrent -j 1

# Each libFuzzer target runs FUZZ_SECONDS on its seed corpus (copied, so the
# committed corpus is not modified). A finding fails the run.
fuzz: deps
	@missing=""; for p in $(FUZZ_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing; fi
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	@set -e; for f in build/fuzz/fuzz/*_fuzz; do \
	  name=$$(basename $$f _fuzz); corpus=build/fuzz/corpus/$$name; \
	  rm -rf $$corpus; mkdir -p $$corpus; cp -r fuzz/corpus/$$name/. $$corpus/ 2>/dev/null || true; \
	  echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 -artifact_prefix=build/fuzz/ $$corpus 2>&1 | tail -n 12; \
	  test $${PIPESTATUS[0]} -eq 0; \
	done
