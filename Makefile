# Two commands from a fresh clone: `make run` and `make test` (see README.md).
BUILD ?= build/release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test test-clang test-asan test-tsan test-nosse2 fuzz \
	bench format clean

all: build

deps:
	@sh cmake/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/spotcheck query --age 3 --lesion petechiae --fever

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same with clang (CI runs it when clang++ is installed): GCC and clang disagree on
# enough undefined behaviour that each has caught what the other let through.
test-clang:
	@$(MAKE) --no-print-directory test BUILD=build/clang CMAKE_FLAGS="-DCMAKE_CXX_COMPILER=clang++"

# Sanitizer, portability and fuzz builds (docs/robustness.md), each in a build tree of its
# own. test-asan builds everything with AddressSanitizer and UBSan and runs every test;
# with clang it also builds the libFuzzer targets in the same tree (and runs their seeds
# as tests), which `make fuzz` then reuses, and it stands in for test-clang.
# (cmake/install-deps.sh --fuzz installs clang and its sanitizer runtimes.)
CLANGXX := $(shell command -v clang++ 2>/dev/null)
ASAN_GCC_FLAGS := -DSPOTCHECK_SANITIZE=address,undefined
ASAN_CMAKE_FLAGS := $(if $(CLANGXX),-DCMAKE_CXX_COMPILER=clang++ -DSPOTCHECK_BUILD_FUZZERS=ON,$(ASAN_GCC_FLAGS))
test-asan:
	@$(MAKE) --no-print-directory test BUILD=build/asan CMAKE_FLAGS="$(ASAN_CMAKE_FLAGS)"

# ThreadSanitizer on what runs threads: the batch tests (Catch tag [batch]: pipeline,
# worker, sink, source and the CLI's batch runs, whose spotcheck is built with TSan too)
# and the sharding script. TSAN_TESTS picks other tests by Catch test spec.
TSAN_TESTS ?= [batch]
test-tsan:
	@$(MAKE) --no-print-directory build BUILD=build/tsan CMAKE_FLAGS="-DSPOTCHECK_SANITIZE=thread $(TSAN_CMAKE_FLAGS)"
	NO_COLOR=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build/tsan/unit_tests "$(TSAN_TESTS)"
	TSAN_OPTIONS="halt_on_error=1" ctest --test-dir build/tsan --output-on-failure -R '^batch\.'

# The portable code paths instead of the SSE2 ones (SPOTCHECK_SCALAR), with every test.
test-nosse2:
	@$(MAKE) --no-print-directory test BUILD=build/scalar CMAKE_FLAGS="-DSPOTCHECK_SCALAR=ON"

# Builds the fuzz targets (clang) and runs each for FUZZ_SECONDS from its seed corpus;
# fails on any finding. tests/fuzz/run.sh says where the reports and inputs are kept.
FUZZ_SECONDS ?= 30
fuzz:
	@test -n "$(CLANGXX)" || { echo "make fuzz: needs clang++ (libFuzzer); see cmake/install-deps.sh --fuzz" >&2; exit 1; }
	@$(MAKE) --no-print-directory configure BUILD=build/asan CMAKE_FLAGS="$(ASAN_CMAKE_FLAGS)"
	@cmake --build build/asan -j $(JOBS) --target fuzzers
	sh tests/fuzz/run.sh build/asan $(FUZZ_SECONDS)

bench:
	@sh cmake/install-deps.sh --bench
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DSPOTCHECK_BUILD_BENCH=ON >/dev/null
	@cmake --build build/bench -j $(JOBS)
	bench/run.sh build/bench

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build
